#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml). `pre-commit.sh validate
# [DATA]` validates the data folder (default: data); `pre-commit.sh fmt
# FILES...` checks that the changed data files are canonical.
#
# The tool, once per hook checkout (pre-commit keeps the checkout in its
# cache, and the tool beside it):
# - ASTANA_CORPUS_BIN, if set;
# - when the checkout is a release (its commit is the one the tag
#   v<version> names in the repository it was cloned from): that release's
#   prebuilt binary, checked against its sha256 (fetch-release.sh);
# - otherwise, or when there is none for this system, built from source.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${ASTANA_CORPUS_BIN:-}
version=$(bash "$here/action/crate-version.sh" "$here/cli/Cargo.toml")
prebuilt=$here/.prebuilt

# The commit the release tag names, if the origin has the tag.
release_commit() {
  git -C "$here" ls-remote origin "refs/tags/v$version" "refs/tags/v$version^{}" 2>/dev/null |
    sort -k2 | tail -n 1 | cut -f1
}
# The origin as a GitHub repository (owner/name), if it is one.
github_repository() {
  git -C "$here" remote get-url origin 2>/dev/null |
    sed -n -E 's#^(https://github\.com/|git@github\.com:|ssh://git@github\.com/)([^/]+/[^/]+)$#\2#p' |
    sed 's/\.git$//'
}

if [ -z "$bin" ]; then
  for found in "$prebuilt"/*/astana-corpus "$prebuilt"/*/astana-corpus.exe; do
    [ -x "$found" ] && bin=$found && break
  done
fi
built=${CARGO_TARGET_DIR:-$here/target}/release/astana-corpus
# Asked once per checkout: after a source build, the build is reused.
if [ -z "$bin" ] && [ ! -x "$built" ]; then
  release=$(release_commit)
else
  release=
fi
if [ -n "$release" ] && [ "$release" = "$(git -C "$here" rev-parse HEAD 2>/dev/null)" ]; then
  status=0
  bin=$(ASTANA_REPOSITORY=${ASTANA_REPOSITORY:-$(github_repository)} \
    bash "$here/action/fetch-release.sh" "$version" "$prebuilt") || status=$?
  case "$status" in
    0) echo "astana-corpus: using the prebuilt binary of release v$version" >&2 ;;
    1) bin= ;;
    *) echo "astana-corpus: the prebuilt binary of v$version failed its check; nothing was run" >&2; exit 2 ;;
  esac
fi
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet -p astana-corpus-cli --manifest-path "$here/Cargo.toml"
  bin=$built
fi
command=${1:?usage: pre-commit.sh validate [DATA] | fmt FILES...}
shift
case "$command" in
  validate) exec "$bin" validate "${1:-data}" ;;
  fmt)
    [ "$#" -gt 0 ] || exit 0
    exec "$bin" fmt --check "$@"
    ;;
  *) echo "pre-commit.sh: unknown command '$command'" >&2; exit 2 ;;
esac
