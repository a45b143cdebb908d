#!/usr/bin/env python3
"""What drawing the progress bar costs `validate`.

Runs `astana-corpus validate CORPUS` under a pseudo-terminal (util-linux
`script`, 100 columns), with the bar drawn and with `--quiet`, alternating
which goes first in each pair, and prints the median and range of the
per-pair ratios (drawn / quiet) for CPU time (user + system, the steadier
measure on a shared machine) and wall time. Each run checks that the bar
was drawn exactly when it should be.

Usage: python3 bench/progress_overhead.py [CORPUS] [PAIRS=9]
Without CORPUS, generates 20,000 synthetic articles into
$BENCH_DIR/progress-20000 (default /tmp/astana-bench) and builds the
release binary first.
"""
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

repo = Path(__file__).resolve().parent.parent


def main() -> None:
    pairs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    subprocess.run(
        ["cargo", "build", "--quiet", "--release", "--bin", "astana-corpus", "--example", "synth"],
        cwd=repo,
        check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", repo / "target")) / "release"
    if len(sys.argv) > 1:
        corpus = Path(sys.argv[1])
    else:
        corpus = Path(os.environ.get("BENCH_DIR", "/tmp/astana-bench")) / "progress-20000"
        if not (corpus / "manifest.json").exists():
            subprocess.run(
                [target / "examples/synth", "--articles", "20000", "--seed", "1", "--out", corpus],
                check=True,
                stdout=subprocess.DEVNULL,
            )
    tool = target / "astana-corpus"
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    env["TERM"] = "xterm-256color"

    def run(quiet: bool) -> tuple[float, float]:
        flag = "--quiet " if quiet else ""
        command = f"stty cols 100 rows 30; '{tool}' {flag}validate '{corpus}'"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        out = subprocess.run(
            ["script", "-qec", command, "/dev/null"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            check=True,
        )
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        drawn = b" files/s, " in out.stdout
        if drawn == quiet:
            sys.exit(f"the bar was {'drawn' if drawn else 'not drawn'} with quiet={quiet}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu

    run(False), run(True)  # the page cache, warm for both
    walls, cpus = [], []
    for i in range(pairs):
        order = (False, True) if i % 2 == 0 else (True, False)
        timed = {quiet: run(quiet) for quiet in order}
        walls.append(timed[False][0] / timed[True][0])
        cpus.append(timed[False][1] / timed[True][1])

    def shown(ratios: list[float]) -> str:
        return f"{statistics.median(ratios):.3f}x (range {min(ratios):.3f}-{max(ratios):.3f})"

    print(f"{corpus}: bar drawn / --quiet, {pairs} alternating pairs")
    print(f"  CPU  {shown(cpus)}")
    print(f"  wall {shown(walls)}")


if __name__ == "__main__":
    main()
