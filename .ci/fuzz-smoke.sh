#!/usr/bin/env bash
# A short fuzzing run of each target on the stable toolchain (cargo-fuzz
# needs nightly flags; RUSTC_BOOTSTRAP=1 enables them). Seeds are the data
# files; new inputs go to a temporary corpus. SECONDS_PER_TARGET (default
# 45) sets the length; README documents the long run. Any build failure or
# crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SECONDS_PER_TARGET:-45}
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
targets=(validate_bytes validate_in_place fmt_bytes)
# The crate forbids unsafe code, so AddressSanitizer adds little and
# doubles the build; coverage-guided fuzzing still finds panics and hangs.
cargo fuzz build --sanitizer none > "$work/build.log" 2>&1 ||
  { tail -60 "$work/build.log"; echo "fuzz: the targets do not build"; exit 1; }
# libFuzzer runs on one core: the targets run side by side.
pids=()
for target in "${targets[@]}"; do
  mkdir -p "$work/$target"
  cargo fuzz run --sanitizer none "$target" "$work/$target" fuzz/seeds -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -print_final_stats=1 > "$work/$target.log" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!targets[@]}"; do
  target=${targets[$i]} status=0
  wait "${pids[$i]}" || status=$?
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$work/$target.log" | sed "s/^/fuzz $target: /" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$work/$target.log"
    echo "fuzz: $target failed (exit $status); crashing inputs are in fuzz/artifacts/$target/"
    failed=1
  fi
done
exit "$failed"
