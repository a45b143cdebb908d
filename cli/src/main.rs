//! The `astana-corpus` binary: [`astana_corpus_cli::run`] on the process's
//! arguments and standard streams, with the allocator and the Ctrl-C
//! handler that belong to a process, not to a library.

use std::process::ExitCode;

// See cli/Cargo.toml: the library's users keep their own allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // An interrupted write must not leave a temporary file behind: remove
    // the ones in flight, keep the lock so none is renamed, and exit as a
    // shell expects after SIGINT (130).
    let _ = ctrlc::set_handler(|| {
        // No half-drawn bar is left on the terminal.
        astana_corpus_cli::clear_progress();
        let _held = astana_corpus::files::remove_in_flight_temporaries();
        std::process::exit(130);
    });
    use std::io::IsTerminal;
    let terminal = astana_corpus_cli::Terminal {
        stdout: std::io::stdout().is_terminal(),
        stderr: std::io::stderr().is_terminal(),
    };
    // Standard error is not held locked for the run: the Ctrl-C handler
    // erases the progress bar there, and a lock held by the interrupted
    // thread would leave it waiting for ever.
    astana_corpus_cli::run_with(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
        terminal,
    )
}
