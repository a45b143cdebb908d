"""Packages a built astana-corpus for a release, as the release workflow's
matrix does on each platform and as the Action and hook tests do here.

Usage: package_binary.py --bin PATH --target TRIPLE --out DIR [--version V]

Writes DIR/astana-corpus-cli-v<V>-<TRIPLE>.tar.gz (.zip for Windows
targets), holding the folder astana-corpus-cli-v<V>-<TRIPLE>/ with the
binary, the README, the licences and the manual pages (man/), and beside it <archive>.sha256 in
sha256sum's format. The names are the ones cli/Cargo.toml's
[package.metadata.binstall] template and action/fetch-release.sh expect;
this script checks the template against the name it writes.

The archive is reproducible: entries sorted, times set to the manifest's
release day, owner 0:0 with no names, modes 0755 for the binary and 0644
for the rest. Standard library only, so that it runs on every runner."""

import argparse
import datetime
import gzip
import hashlib
import io
import json
import re
import sys
import tarfile
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    tomllib = None

repo = Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("--bin", required=True, type=Path)
parser.add_argument("--target", required=True)
parser.add_argument("--out", required=True, type=Path)
parser.add_argument("--version")
args = parser.parse_args()

cargo_toml = (repo / "cli/Cargo.toml").read_text(encoding="utf-8")
version = args.version or re.search(r'(?m)^version = "([^"]+)"', cargo_toml).group(1)
if not re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?", version):
    sys.exit(f"package_binary: {version!r} is not a semantic version")
if not re.fullmatch(r"[a-z0-9_]+(-[a-z0-9_]+){2,3}", args.target):
    sys.exit(f"package_binary: {args.target!r} is not a target triple")

windows = "windows" in args.target
suffix = ".zip" if windows else ".tar.gz"
exe = ".exe" if windows else ""
name = f"astana-corpus-cli-v{version}-{args.target}"

# The binstall template must name exactly this archive and binary.
if tomllib is not None:
    meta = tomllib.loads(cargo_toml)["package"]["metadata"]["binstall"]
    override = meta.get("overrides", {}).get(args.target, {})
    fields = {
        "repo": "<repo>",
        "name": "astana-corpus-cli",
        "version": version,
        "target": args.target,
        "archive-suffix": suffix,
        "bin": "astana-corpus",
        "binary-ext": exe,
    }

    def render(template):
        return re.sub(r"\{ *([a-z-]+) *\}", lambda m: fields[m.group(1)], template)

    url = render(override.get("pkg-url", meta["pkg-url"]))
    expected_url = f"<repo>/releases/download/v{version}/{name}{suffix}"
    bin_dir = render(override.get("bin-dir", meta["bin-dir"]))
    if url != expected_url or bin_dir != f"{name}/astana-corpus{exe}":
        sys.exit(f"package_binary: cli/Cargo.toml's binstall metadata gives {url} and {bin_dir}, not {expected_url} and {name}/astana-corpus{exe}")
    fmt = override.get("pkg-fmt", meta.get("pkg-fmt"))
    if fmt != ("zip" if windows else "tgz"):
        sys.exit(f"package_binary: binstall pkg-fmt for {args.target} is {fmt}")

released = json.loads((repo / "data/manifest.json").read_text(encoding="utf-8")).get("released")
day = datetime.date.fromisoformat(released) if released else datetime.date(1980, 1, 1)
mtime = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())

files = [(f"astana-corpus{exe}", args.bin.read_bytes(), 0o755)]
for doc in ["README.md", "LICENSE-MIT", "LICENSE-APACHE", "LICENSE-DATA.md", "CHANGELOG.md"]:
    files.append((doc, (repo / doc).read_bytes(), 0o644))
# The manual pages, generated from the command definitions (`astana-corpus
# man`; .ci/run checks they are current): `man -l man/astana-corpus.1`, or
# copy man/ into a folder of MANPATH.
pages = sorted((repo / "docs/man").glob("astana-corpus*.1"))
if not pages:
    sys.exit("package_binary: no manual pages in docs/man (run `astana-corpus man`)")
for page in pages:
    files.append((f"man/{page.name}", page.read_bytes(), 0o644))
files.sort()

buffer = io.BytesIO()
if windows:
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data, mode in files:
            info = zipfile.ZipInfo(f"{name}/{path}", date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
else:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as archive:
        folders = sorted({name} | {f"{name}/{p.rsplit('/', 1)[0]}" for p, _, _ in files if "/" in p})
        for path in folders:
            folder = tarfile.TarInfo(path)
            folder.type, folder.mode, folder.mtime = tarfile.DIRTYPE, 0o755, mtime
            archive.addfile(folder)
        for path, data, mode in files:
            info = tarfile.TarInfo(f"{name}/{path}")
            info.size, info.mode, info.mtime = len(data), mode, mtime
            archive.addfile(info, io.BytesIO(data))
    # gzip without a file name or a time in its header.
    with gzip.GzipFile(fileobj=buffer, mode="wb", filename="", mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())

args.out.mkdir(parents=True, exist_ok=True)
archive_path = args.out / f"{name}{suffix}"
archive_path.write_bytes(buffer.getvalue())
digest = hashlib.sha256(buffer.getvalue()).hexdigest()
(args.out / f"{name}{suffix}.sha256").write_text(f"{digest}  {name}{suffix}\n", encoding="utf-8")
print(f"{archive_path}: {len(buffer.getvalue())} bytes, sha256 {digest}")
