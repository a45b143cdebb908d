#!/usr/bin/env bash
# Prints the package version of the Cargo.toml named: its first
# `version = "..."` line. The one way the Action, the hooks and CI read it.
set -euo pipefail
sed -n 's/^version = "\(.*\)"$/\1/p' "$1" | head -n 1
