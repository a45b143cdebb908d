//! Rules on one typed article on its own. Each rule's `check` takes the
//! [`ArticleContext`], built once per article, and is called by the
//! registry's runner ([`super::check_article`]).

use foldhash::{HashMap, HashMapExt};
use std::cell::Cell;
use std::ops::Range;

use crate::model::{Article, DateValue, Evidence, Fact, Participant, Role};

/// What every article rule may need, computed once per article.
pub struct ArticleContext<'a> {
    /// The file's path relative to the data folder.
    pub file: &'a str,
    /// The article.
    pub article: &'a Article,
    /// Every evidence span, resolved against the body once for every rule
    /// that reads it: each fact's evidence, then its entity mentions, then
    /// the text notes.
    spans: Vec<SpanAt<'a>>,
    /// Every repeated participant.
    repeated: Vec<Repeated<'a>>,
    /// Every date, listed once for the five rules that read them.
    dates: Vec<(Site, &'a DateValue, Option<&'a Fact>)>,
    /// Each fact id and the index of its first fact.
    pub(crate) fact_ids: HashMap<&'a str, usize>,
    /// Searches of the whole body left for relocation hints, and the bytes
    /// they may scan: thousands of misplaced spans stay linear.
    pub(crate) searches_left: Cell<(usize, usize)>,
}

/// Where a date or span sits in the article; its JSON Pointer is written
/// only for a finding, so checking costs no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Site {
    /// `/published`.
    Published,
    /// `/derived_from/<i>/date`.
    OriginDate(usize),
    /// `/facts/<i>/<field>`: `date`, or a state's `from` or `until`.
    FactDate(usize, &'static str),
    /// `/facts/<i>/evidence/<j>`.
    FactSpan(usize, usize),
    /// `/text_notes/<i>/evidence/<j>`.
    NoteSpan(usize, usize),
    /// `/facts/<i>/entity_mentions/<j>/evidence`.
    MentionSpan(usize, usize),
}

impl Site {
    /// The JSON Pointer.
    pub fn pointer(self) -> String {
        match self {
            Site::Published => "/published".to_owned(),
            Site::OriginDate(i) => format!("/derived_from/{i}/date"),
            Site::FactDate(i, field) => format!("/facts/{i}/{field}"),
            Site::FactSpan(i, j) => format!("/facts/{i}/evidence/{j}"),
            Site::NoteSpan(i, j) => format!("/text_notes/{i}/evidence/{j}"),
            Site::MentionSpan(i, j) => format!("/facts/{i}/entity_mentions/{j}/evidence"),
        }
    }
}

/// An evidence span, where it sits, and what its offsets cut from the body.
pub struct SpanAt<'a> {
    /// Where the span sits.
    pub site: Site,
    /// The span.
    pub evidence: &'a Evidence,
    /// The bytes of the body that `start..end` (code points) cut, or `None`
    /// when the offsets do not lie within the body.
    pub bytes: Option<Range<usize>>,
    /// Whether those bytes are the quote.
    pub quote_matches: bool,
}

/// How many misplaced spans per article get a hint that says where their
/// quote really is, and how many bytes of body those searches may scan in
/// all (a 5 KB article gets every search, an 8 MB one a few).
const RELOCATION_SEARCHES: usize = 100;
const RELOCATION_BYTES: usize = 64 << 20;

impl<'a> ArticleContext<'a> {
    /// The context of `article`, at `file`.
    pub fn new(file: &'a str, article: &'a Article) -> Self {
        // One pass over the facts gathers their ids, spans and dates.
        let facts = &article.facts;
        let mut fact_ids = HashMap::with_capacity(facts.len());
        let mut located: Vec<(Site, &Evidence)> = Vec::with_capacity(facts.len() * 2);
        let mut dates = Vec::with_capacity(facts.len() + article.derived_from.len() + 1);
        dates.push((Site::Published, &article.published, None));
        for (i, origin) in article.derived_from.iter().enumerate() {
            dates.push((Site::OriginDate(i), &origin.date, None));
        }
        for (i, fact) in facts.iter().enumerate() {
            fact_ids.entry(fact.id().as_str()).or_insert(i);
            for (j, evidence) in fact.evidence().iter().enumerate() {
                located.push((Site::FactSpan(i, j), evidence));
            }
            for (j, mention) in fact.entity_mentions().iter().enumerate() {
                located.push((Site::MentionSpan(i, j), &mention.evidence));
            }
            for (field, date) in fact.each_date() {
                dates.push((Site::FactDate(i, field), date, Some(fact)));
            }
        }
        for (i, note) in article.text_notes.iter().enumerate() {
            for (j, evidence) in note.evidence.iter().enumerate() {
                located.push((Site::NoteSpan(i, j), evidence));
            }
        }
        // Every span's offsets, resolved in one pass over the body.
        let offsets: Vec<(usize, usize)> = located
            .iter()
            .map(|(_, e)| (e.start as usize, e.end as usize))
            .collect();
        let spans = located
            .into_iter()
            .zip(crate::text::byte_ranges(&article.body, &offsets))
            .map(|((site, evidence), bytes)| {
                let quote_matches = bytes
                    .as_ref()
                    .is_some_and(|r| article.body[r.clone()] == evidence.quote);
                SpanAt {
                    site,
                    evidence,
                    bytes,
                    quote_matches,
                }
            })
            .collect();
        ArticleContext {
            file,
            article,
            spans,
            repeated: repeated_participants(article),
            dates,
            fact_ids,
            searches_left: Cell::new((RELOCATION_SEARCHES, RELOCATION_BYTES)),
        }
    }

    /// Every date of the article with where it sits and the fact it
    /// dates (none for the publication date and the origins' dates).
    pub fn dates(&self) -> impl Iterator<Item = (Site, &'a DateValue, Option<&'a Fact>)> + '_ {
        self.dates.iter().copied()
    }

    /// Every evidence span, resolved: each fact's evidence, then its
    /// entity mentions, then the text notes.
    pub fn spans(&self) -> &[SpanAt<'a>] {
        &self.spans
    }

    /// Every participant of a meeting that repeats an entity listed before
    /// it in the same meeting, found once for the two rules that read them.
    pub fn repeated_participants(&self) -> &[Repeated<'a>] {
        &self.repeated
    }

    /// The body's length in code points, counted when asked (for a
    /// message).
    pub fn body_len(&self) -> usize {
        crate::text::char_len(&self.article.body)
    }

    /// The whole body.
    pub fn body_text(&self) -> &'a str {
        &self.article.body
    }

    /// Where the quote really is, if it occurs in the body, while the
    /// article's search budget lasts: the hint of a misplaced span.
    pub fn relocate_hint(&self, quote: &str) -> String {
        let (searches, bytes) = self.searches_left.get();
        let body = self.body_text();
        if searches == 0 || bytes < body.len() {
            return "Remove `start` and `end` and run `astana-corpus fmt` to place the quote (not searched here: the article has too many misplaced spans to search for each).".to_owned();
        }
        self.searches_left.set((searches - 1, bytes - body.len()));
        let found = crate::text::find_all(body, quote);
        let len = crate::text::char_len(quote);
        match found.as_slice() {
            [] => "The quote does not occur in the body at all: copy it from the body exactly (same letters, diacritics and punctuation).".to_owned(),
            [at] => format!(
                "The quote occurs at start {at}, end {}. Offsets count code points; remove `start` and `end` and run `astana-corpus fmt` to fill them.",
                at + len
            ),
            many => format!(
                "The quote occurs {} times (at {}); add a `prefix` or `suffix` to choose one, then run `astana-corpus fmt`.",
                many.len(),
                crate::validate::finding::list_capped(many, many.len(), crate::validate::finding::HINT_LIST_MAX)
            ),
        }
    }
}

/// A participant that repeats an entity listed before it in the same
/// meeting: (fact index, its position, the position of the first listing,
/// the participant, the role listed first).
pub type Repeated<'a> = (usize, usize, usize, &'a Participant, Role);

/// Every [`Repeated`] participant of `article`.
fn repeated_participants(article: &Article) -> Vec<Repeated<'_>> {
    article.facts.iter().enumerate().flat_map(|(i, fact)| {
        let participants: &[Participant] = match fact {
        Fact::Meeting(m) => &m.participants,
        _ => &[],
        };
        // A scan for the usual short roster, a map for a long one.
        let mut first: HashMap<&str, (usize, Role)> = HashMap::new();
        participants.iter().enumerate().filter_map(move |(j, p)| {
        let seen = if participants.len() <= 16 {
            participants[..j]
            .iter()
            .position(|q| q.entity == p.entity)
            .map(|at| (at, participants[at].role))
        } else {
            let seen = first.get(p.entity.as_str()).copied();
            first.entry(p.entity.as_str()).or_insert((j, p.role));
            seen
        };
        seen.map(|(at, role)| (i, j, at, p, role))
        })
    })
    .collect()
}

/// The first 40 characters of a string, for messages.
pub fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}
