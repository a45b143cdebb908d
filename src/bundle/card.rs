//! The bundle's `README.md`: a dataset card written for the researcher who
//! downloads the data, not the developer README of the repository. It
//! says what the data is and is not, lists the tables and their keys,
//! explains the licence split, gives recipes for the usual tools (which
//! `.ci/research-clients.sh` runs against the bundle, verbatim) and how to
//! cite. Every count in it comes from the corpus, and every link in it
//! points at a file of the bundle.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::export::Table;
use crate::Corpus;

/// The repository's `CITATION.cff`, which the card turns into BibTeX.
const CITATION: &str = include_str!("../../CITATION.cff");

/// The card: YAML front matter for dataset hubs, then the text.
pub fn dataset_card(corpus: &Corpus, tables: &[Table]) -> String {
    let mut card = front_matter(corpus, tables);
    card.push_str(&body(corpus, tables));
    card
}

/// Front matter that hubs and Hugging Face `datasets` read: one
/// configuration per table (Parquet when built with the `parquet` feature,
/// else CSV), the licence (`other`: the annotations and the article texts
/// are under different terms), the languages and a pretty name.
fn front_matter(corpus: &Corpus, tables: &[Table]) -> String {
    let manifest = corpus.manifest();
    let quote = |s: &str| serde_json::Value::from(s).to_string();
    let mut card = String::from("---\n");
    let _ = writeln!(card, "pretty_name: {}", quote(&manifest.title));
    card.push_str("license: other\n");
    card.push_str("license_name: cc-by-4.0-annotations-publishers-texts\n");
    card.push_str("license_link: LICENSE-DATA.md\n");
    card.push_str("language:\n- ar\n- en\n");
    card.push_str("tags:\n- event-data\n- political-science\n- syria\n- arabic\n");
    card.push_str("configs:\n");
    for table in tables {
        let path = if cfg!(feature = "parquet") {
            super::parquet_path(table.name)
        } else {
            format!("csv/{}.csv", table.name)
        };
        let _ = writeln!(card, "- config_name: {}\n  data_files: {path}", table.name);
        if table.name == "facts" {
            card.push_str("  default: true\n");
        }
    }
    card.push_str("---\n\n");
    card
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn body(corpus: &Corpus, tables: &[Table]) -> String {
    let manifest = corpus.manifest();
    let articles = corpus.articles();
    let outlets: BTreeSet<&str> = articles.iter().map(|a| a.source.outlet.as_str()).collect();
    let outlet_names: Vec<String> = outlets
        .iter()
        .map(|id| {
            corpus
                .entity(id)
                .map_or_else(|| (*id).to_owned(), |e| e.name.en.clone())
        })
        .collect();
    let facts: usize = corpus.fact_counts().values().sum();
    let kinds: Vec<String> = corpus
        .fact_counts()
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.as_str()))
        .collect();
    let meetings = corpus.meetings().len();
    let mut t = String::new();
    let _ = writeln!(t, "# {}\n", manifest.title);
    let released = manifest.released.map_or_else(
        || "not yet released".to_owned(),
        |d| format!("released {d}"),
    );
    let _ = writeln!(
        t,
        "Version {}, {released}. {}\n",
        manifest.version, manifest.description
    );
    let _ = writeln!(
        t,
        "This release holds {} from {} ({}), with {} ({}), {} and {} merged across articles. \
         Every fact cites the exact words of its article: the `evidence` table gives the \
         code-point offsets into the article's text and the quote.\n",
        count(articles.len(), "article", "articles"),
        count(outlets.len(), "outlet", "outlets"),
        outlet_names.join(", "),
        count(facts, "fact", "facts"),
        kinds.join(", "),
        count(corpus.entities().len(), "entity", "entities"),
        count(meetings, "meeting", "meetings"),
    );

    t.push_str(
        "## What this is, and what it is not\n\n\
         - **It is** news articles about the Astana-format talks on Syria, each the text its \
         outlet published (unchanged, defects included), and the facts read from them by \
         hand: meetings and who took part in which role, statements, who joined, left or \
         declined, claims and positions.\n\
         - **It is not** a record of the talks, nor of everything the outlets published. \
         A fact says what its article states, in the way it states it: `modality` tells an \
         asserted event from a conditional, intended or denied one, and `condition_en` \
         gives the condition. Count events with `modality = 'asserted'`.\n\
         - **Stated or inferred.** A value the article does not state (a year it omits, which \
         entity a phrase means) is marked: `date_basis` is `inferred`, and the `inferences` \
         table says what was inferred and why.\n\n",
    );
    let _ = writeln!(
        t,
        "**Known limits.** This release has {} from {}: it shows how the format reads a \
         text, not how often anything happened. Dates the articles do not fully give are \
         bounds, not values: when `date_precision` is `unknown`, `date_first_day` and \
         `date_last_day` are the earliest and latest days the article allows.\n",
        count(articles.len(), "article", "articles"),
        count(outlets.len(), "outlet", "outlets"),
    );

    t.push_str(
        "## Files\n\n\
         | path | what it is |\n|---|---|\n\
         | `parquet/<table>/<table>.parquet` | every table as Parquet, one folder per table \
         (read `parquet/facts`, never `parquet/` as a whole; see `parquet/README.md`) |\n\
         | `csv/<table>.csv` | every table as CSV: UTF-8, a header row, an empty cell for no value |\n\
         | `jsonl/<table>.jsonl` | every table as JSON Lines; `articles.jsonl` also holds each article's text |\n\
         | `data/`, `schema/` | the source JSON files and their JSON Schemas |\n\
         | [`codebook.md`](codebook.md) | what every column, field and value means |\n\
         | `datapackage.json`, `croissant.json` | Frictionless and Croissant metadata: types, keys, hashes |\n\
         | [`CHANGELOG.md`](CHANGELOG.md), [`CITATION.cff`](CITATION.cff) | what changed; how to cite |\n\
         | [`LICENSE-DATA.md`](LICENSE-DATA.md), `LICENSE-MIT`, `LICENSE-APACHE` | the terms |\n\
         | `SHA256SUMS` | checksums of every file: `sha256sum -c SHA256SUMS` |\n\n",
    );

    t.push_str(
        "## Tables and their keys\n\n| table | one row is | key | rows |\n|---|---|---|---|\n",
    );
    for table in tables {
        let key = if table.primary_key.is_empty() {
            "none".to_owned()
        } else {
            table
                .primary_key
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            t,
            "| `{}` | {} | {key} | {} |",
            table.name,
            table.description.replace('|', "\\|").replace('\n', " "),
            table.rows.len()
        );
    }
    t.push_str(
        "\nThe tables join on `article_id`, `fact_id` (`<article id>#<fact id>`, unique \
         across the corpus), `entity_id` and `meeting_id`. `meetings` has one row per real \
         meeting, merged from every fact that mentions it; `meeting_attestations` says which \
         facts attest each value.\n\n",
    );

    t.push_str(
        "## Dates\n\n\
         - `date_start`, `date_end`: the date as written, at its own precision (`2017-01` is \
         a month, not 1 January).\n\
         - `date_first_day`, `date_last_day`: the first and last day it can cover. When \
         `date_precision` is `unknown`, they are the bounds the article allows (empty when \
         open), not a value.\n\
         - `date_precision` (`day`, `month`, `year` or `unknown`) and `date_basis` \
         (`stated`, `inferred` or `not_given`). The `dates` table has every date of every \
         record, with `inferred_parts` (which parts were inferred).\n\n",
    );

    t.push_str(RECIPES);
    t.push_str(&citation());
    t.push_str(
        "## Licence\n\n\
         `license: other`, because the bundle holds two kinds of material under different \
         terms ([`LICENSE-DATA.md`](LICENSE-DATA.md)):\n\n\
         - **The annotations** (facts, summaries, notes, the entity registry, offsets, every \
         table column but the article text) are CC BY 4.0: cite the dataset.\n\
         - **The article texts** (`body` in `data/` and in `articles.jsonl` and the Parquet \
         `articles` table, and the quotes of `evidence`) belong to their publishers and are \
         not under CC BY. They are included unchanged so that every fact can be checked \
         against its words, for research, teaching and verification.\n\
         - The code that built the bundle is MIT or Apache-2.0.\n",
    );
    t
}

/// The recipes, each run verbatim against the bundle by
/// `.ci/research-clients.sh` (the first line of each Python block names
/// its tool); they answer with the data of this release.
const RECIPES: &str = r#"## Recipes

Run these in the bundle's folder. Each is run against this bundle by the
project's tests.

DuckDB, the observers of the 20th round (asserted meetings only):

```sql
SELECT e.name_en
FROM 'parquet/facts/*.parquet' AS f
JOIN 'parquet/participants/*.parquet' AS p USING (fact_id)
JOIN 'parquet/entities/*.parquet' AS e USING (entity_id)
WHERE f.kind = 'meeting' AND f.modality = 'asserted' AND f.round = 20 AND p.role = 'observer'
ORDER BY e.name_en;
```

pandas, every participation change with its modality, condition and how
precise its date is (integers read as nullable `Int64`):

```python
# pandas
import pandas as pd
facts = pd.read_parquet("parquet/facts")
changes = facts[facts.kind == "participation_change"][
    ["fact_id", "change", "modality", "condition_en", "date_start", "date_precision", "date_basis"]
]
print(changes.to_string(index=False))
```

polars, the meetings merged across articles:

```python
# polars
import polars as pl
meetings = pl.read_parquet("parquet/meetings/*.parquet")
print(meetings.select("meeting_id", "round", "date_start", "date_precision", "article_count"))
```

PySpark (local here; the same code on a cluster):

```python
# spark
from pyspark.sql import SparkSession
spark = SparkSession.builder.master("local[2]").getOrCreate()
for name in ["facts", "participants", "entities"]:
    spark.read.parquet(f"parquet/{name}").createOrReplaceTempView(name)
observers = [r.name_en for r in spark.sql("""
    SELECT e.name_en FROM facts f
    JOIN participants p ON p.fact_id = f.fact_id
    JOIN entities e ON e.entity_id = p.entity_id
    WHERE f.kind = 'meeting' AND f.modality = 'asserted' AND f.round = 20 AND p.role = 'observer'
    ORDER BY e.name_en""").collect()]
print(observers)
```

Hugging Face `datasets`, one configuration per table (offline too):

```python
# datasets
import os
import datasets
facts = datasets.load_dataset(os.path.abspath("."), "facts", split="train")
print(facts.num_rows, facts.column_names[:5])
```

R, with nothing but base R (the `arrow` package reads the Parquet files
the same way, with `arrow::read_parquet`):

```r
facts <- read.csv("csv/facts.csv", na.strings = "", colClasses = c(round = "integer"), encoding = "UTF-8")
participants <- read.csv("csv/participants.csv", na.strings = "", encoding = "UTF-8")
entities <- read.csv("csv/entities.csv", na.strings = "", encoding = "UTF-8")
met <- merge(merge(subset(facts, kind == "meeting" & modality == "asserted" & round == 20), participants, by = "fact_id"), entities, by = "entity_id")
cat(sort(met$name_en[met$role == "observer"]), sep = "\n")
```

"#;

/// "How to cite", from `CITATION.cff`: BibTeX, and the file itself.
fn citation() -> String {
    let field = |key: &str| {
        CITATION.lines().find_map(|l| {
            l.strip_prefix(key)
                .and_then(|v| v.strip_prefix(": "))
                .map(|v| v.trim().trim_matches('"').to_owned())
        })
    };
    let title = field("title").unwrap_or_default();
    let version = field("version").unwrap_or_default();
    let released = field("date-released").unwrap_or_default();
    let year = released.get(..4).unwrap_or_default();
    let authors: Vec<String> = CITATION
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- name: "))
        .map(|n| format!("{{{}}}", n.trim_matches('"')))
        .collect();
    let key = format!("astana_corpus_{}", version.replace('.', "_"));
    format!(
        "## How to cite\n\n\
         [`CITATION.cff`](CITATION.cff) (Citation File Format) has the citation; GitHub, \
         Zenodo and reference managers read it. In BibTeX:\n\n\
         ```bibtex\n\
         @misc{{{key},\n  \
         title = {{{{{title}}}}},\n  \
         author = {{{authors}}},\n  \
         year = {{{year}}},\n  \
         version = {{{version}}},\n  \
         note = {{Dataset, released {released}}}\n\
         }}\n\
         ```\n\n",
        authors = authors.join(" and "),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_comes_from_citation_cff() {
        let cite = citation();
        assert!(
            cite.contains("title = {{astana-corpus: news articles"),
            "{cite}"
        );
        assert!(
            cite.contains("author = {{The astana-corpus developers}}"),
            "{cite}"
        );
        let version = CITATION
            .lines()
            .find_map(|l| l.strip_prefix("version: "))
            .unwrap();
        assert!(cite.contains(&format!("version = {{{version}}}")), "{cite}");
        let released = CITATION
            .lines()
            .find_map(|l| l.strip_prefix("date-released: "))
            .unwrap();
        assert!(
            cite.contains(&format!("year = {{{}}}", &released[..4])),
            "{cite}"
        );
    }
}
