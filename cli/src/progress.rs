//! Progress on long work: files done of files found, the rate and the time
//! left, drawn on standard error by indicatif. Only on a terminal, not with
//! `--quiet` nor under `CI`, and only once the work has run for half a
//! second, so a quick run prints nothing more than it did. Reports go to
//! standard output and are never mixed with it: a line printed while the
//! bar is drawn is printed with the bar lifted ([`Bar::suspend`]), and the
//! bar is cleared before a command prints its report.

use std::cell::RefCell;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How many times a second the bar is drawn at most.
const HZ: u8 = 8;

/// How long work runs before the bar appears.
const DELAY: Duration = Duration::from_millis(500);

/// How long work runs before the bar appears: [`DELAY`], or the
/// milliseconds `ASTANA_CORPUS_PROGRESS_DELAY_MS` names (the terminal tests
/// set 0, so that a small corpus shows a bar at once).
fn delay() -> Duration {
    std::env::var("ASTANA_CORPUS_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// The bar being drawn, if any: the Ctrl-C handler clears it before the
/// process exits, so that no half-drawn bar is left on the terminal.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Clears the bar being drawn, if any. For a signal handler: the binary
/// calls it on Ctrl-C.
pub fn clear_progress() {
    if let Some(bar) = ACTIVE.lock().ok().and_then(|mut active| active.take()) {
        bar.finish_and_clear();
    }
}

/// How the bar looks:
/// `checking ████░░ 1,200/20,000 files, 9,870 files/s, 2s left`.
/// The bar takes the width the text leaves, so the line never wraps: a
/// wrapped line is redrawn one row lower each time on some terminals.
fn style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{msg} {wide_bar} {human_pos}/{human_len} files, {rate}, {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(
                w,
                "{} files/s",
                indicatif::HumanCount(state.per_sec() as u64)
            );
        },
    )
}

/// A command's progress: counts what it is told, and draws once allowed
/// and past the delay.
pub(crate) struct Bar {
    enabled: bool,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    bar: Option<ProgressBar>,
    total: u64,
    done: u64,
    started: Option<Instant>,
    delay: Duration,
}

impl Bar {
    /// A bar that draws only if `enabled` (standard error is a terminal,
    /// no `--quiet`, no `CI`).
    pub(crate) fn new(enabled: bool) -> Bar {
        Bar {
            enabled,
            state: RefCell::new(State::default()),
        }
    }

    /// A stage of the work begins: `what` ("checking", "loading") is done
    /// to `total` files. The bar counts from the first stage, hidden, so
    /// that the delay covers the whole command; a later stage (`bundle`
    /// checks, then loads) goes on in the same bar, with its count, rate
    /// and time left started again.
    pub(crate) fn start(&self, what: &'static str, total: usize) {
        let mut state = self.state.borrow_mut();
        state.total = total as u64;
        state.done = 0;
        if state.started.is_none() {
            state.started = Some(Instant::now());
            state.delay = delay();
        }
        if !self.enabled {
            return;
        }
        // A new bar for each stage: changing the old one's length, position
        // and message one by one could draw a mix of two stages.
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::hidden());
        bar.set_style(style());
        bar.set_message(what);
        if let Some(previous) = state.bar.replace(bar.clone()) {
            if !previous.is_hidden() {
                previous.finish_and_clear();
                bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(HZ));
                if let Ok(mut active) = ACTIVE.lock() {
                    *active = Some(bar);
                }
            }
        }
    }

    /// The progress of one stage, `what`, for the library's loaders and
    /// checks.
    pub(crate) fn stage(&self, what: &'static str) -> Stage<'_> {
        Stage { bar: self, what }
    }

    /// One more file done.
    pub(crate) fn advance(&self) {
        let mut state = self.state.borrow_mut();
        state.done += 1;
        let (done, total) = (state.done, state.total);
        let late = state.started.is_some_and(|s| s.elapsed() >= state.delay);
        let Some(bar) = &state.bar else { return };
        bar.set_position(done);
        if late && bar.is_hidden() && done < total {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(HZ));
            if let Ok(mut active) = ACTIVE.lock() {
                *active = Some(bar.clone());
            }
        }
    }

    /// Runs `print` with the bar lifted off the terminal, then draws it
    /// again: for a line printed while the work goes on.
    pub(crate) fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        let bar = self.state.borrow().bar.clone();
        match bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// The work is over: the bar is cleared from the terminal.
    pub(crate) fn finish(&self) {
        if let Some(bar) = self.state.borrow_mut().bar.take() {
            bar.finish_and_clear();
            if let Ok(mut active) = ACTIVE.lock() {
                *active = None;
            }
        }
    }
}

/// One stage of a command's work, as the library reports it.
pub(crate) struct Stage<'a> {
    bar: &'a Bar,
    what: &'static str,
}

impl astana_corpus::Progress for Stage<'_> {
    fn found(&self, files: usize) {
        self.bar.start(self.what, files);
    }

    fn checked(&self, _file: &str) {
        self.bar.advance();
    }
}
