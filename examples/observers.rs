//! Prints the observers of the 20th Astana-format meeting, using only the
//! public API with default features off:
//!
//! ```text
//! cargo run --example observers
//! ```

use astana_corpus::model::Role;
use astana_corpus::Corpus;

fn main() {
    let corpus = Corpus::embedded();
    let meetings = corpus.meetings_of_series("astana-format");
    let Some(twentieth) = meetings.iter().find(|m| m.meeting.round == Some(20)) else {
        eprintln!("the corpus has no 20th round of the Astana format");
        std::process::exit(1);
    };
    println!(
        "Observers of round 20 ({}, {}):",
        twentieth.meeting.date,
        twentieth
            .meeting
            .venue
            .as_deref()
            .unwrap_or("venue unknown")
    );
    for id in twentieth.meeting.with_role(Role::Observer) {
        let entity = corpus.entity(id).expect("every reference resolves");
        println!("- {} ({})", entity.name.en, entity.name.ar);
    }
}
