#!/usr/bin/env bash
# The declared rust-version is honest: it is the highest rust-version that
# any crate in the full build (every feature of the tool) declares, so no
# lower toolchain can build it, and clippy's incompatible_msrv (on in the
# lints step) rejects any standard library API newer than it in our code.
# Only one toolchain can be installed here, so it is not built with.
set -euo pipefail
cd "$(dirname "$0")/.."
# Every feature (the full build), resolved for this machine's platform
# only: without --filter-platform, cargo metadata wants every platform's
# crates (macOS's block2, Windows's windows-sys) in the local registry,
# and offline a fresh machine has only what the builds before fetched.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo metadata --format-version 1 --locked --offline --all-features --filter-platform "$host" | python3 -c '
import json, sys
meta = json.load(sys.stdin)
members = set(meta["workspace_members"])
by_id = {p["id"]: p for p in meta["packages"]}
# The crates the full build of the tool really compiles (normal and build dependencies).
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
seen, todo = set(), list(members)
while todo:
    pid = todo.pop()
    if pid in seen:
        continue
    seen.add(pid)
    for dep in nodes[pid]["deps"]:
        if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]):
            todo.append(dep["pkg"])
def key(v):
    return tuple(int(x) for x in v.split("."))
needed = max(((by_id[p]["rust_version"], by_id[p]["name"]) for p in seen if p not in members and by_id[p].get("rust_version")), key=lambda t: key(t[0]))
declared = {by_id[m]["name"]: by_id[m].get("rust_version") for m in members}
print(f"msrv: the dependencies need Rust {needed[0]} ({needed[1]}); declared: {declared}")
bad = [n for n, v in declared.items() if v is None or key(v) < key(needed[0])]
higher = [n for n, v in declared.items() if v and key(v) > key(needed[0])]
if bad:
    sys.exit(f"msrv: {bad} declare a rust-version below what {needed[1]} needs ({needed[0]})")
if higher:
    print(f"msrv: {higher} declare more than the dependencies need (our own code may need it)")
'
