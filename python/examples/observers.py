"""Lists the observers of every numbered round, then validates a data
folder given on the command line: the typed API as a program uses it
(`mypy --strict` checks this file against the package's stubs)."""

from __future__ import annotations

import sys
from typing import Dict, Tuple

from astana_corpus import Corpus, Report, validate


def observers_by_round(corpus: Corpus) -> Dict[int, Tuple[str, ...]]:
    return {m.round: m.in_role("observer") for m in corpus.meetings() if m.round is not None}


def main() -> int:
    corpus = Corpus.embedded()
    for round_, observers in sorted(observers_by_round(corpus).items()):
        names = [corpus.entity(e) for e in observers]
        shown = ", ".join(n.name.get("en", n.id) if n else "?" for n in names)
        print(f"round {round_}: {shown or '(no observers listed)'}")
    if len(sys.argv) > 1:
        report: Report = validate(sys.argv[1])
        for f in report.findings:
            print(f"{f.file}:{f.line}:{f.column}: {f.severity}[{f.rule}] {f.message}")
        return 1 if report.errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
