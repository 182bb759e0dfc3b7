#!/usr/bin/env python3
"""Build the partial plotly.js the dashboard serves, from the pinned npm packages.

    .venv/bin/python scripts/build_plotly_bundle.py            # writes dashboard/static/plotly.min.js
    .venv/bin/python scripts/build_plotly_bundle.py --out X.js

It also writes ``dashboard/static/plotly-locales.json``: plotly.js's own locale
files (month and day names for the axes, the modebar's words) for every
language the dashboard is written in, as JSON the figures' config carries
(``dashboard.language.charts``), so only the language shown is sent.

The page, the embeds, the exported HTML files and the image renderer all use
this one file instead of plotly.py's full plotly.min.js: it holds only the
trace types the charts draw (``scripts/plotly-bundle/entry.js``), at the same
plotly.js version plotly.py ships. ``npm ci`` installs exactly what
``scripts/plotly-bundle/package-lock.json`` pins (plotly.js, esbuild), so the
output is the same bytes on every machine; ``tests/test_plotly_bundle.py``
rebuilds it and compares.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "scripts" / "plotly-bundle"
OUTPUT = REPO / "dashboard" / "static" / "plotly.min.js"
LOCALES = REPO / "dashboard" / "static" / "plotly-locales.json"
BANNER = "/* plotly.js {version}, partial bundle (scatter, bar, scattergeo) built by scripts/build_plotly_bundle.py; " \
         "(c) Plotly, Inc., MIT licence */"


def plotly_version() -> str:
    """The plotly.js version the pinned package holds."""
    import json

    return json.loads((SOURCE / "node_modules" / "plotly.js" / "package.json").read_text())["version"]


def build(out: Path = OUTPUT) -> str:
    """Install the pinned packages and bundle; returns the output's sha256."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to build the plotly.js bundle (Debian: apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"], cwd=SOURCE, check=True)
    esbuild = SOURCE / "node_modules" / ".bin" / "esbuild"
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([
        str(esbuild), "entry.js", "--bundle", "--minify", "--format=iife", "--global-name=Plotly", "--target=es2016",
        "--define:global=window", "--define:define.amd=false",
        # plotly.js's registry imports MapLibre's stylesheet for the map traces, which this bundle leaves out.
        "--loader:.css=empty", "--log-level=warning", "--legal-comments=eof",
        f"--banner:js={BANNER.format(version=plotly_version())}", f"--outfile={out}",
    ], cwd=SOURCE, check=True)
    return hashlib.sha256(out.read_bytes()).hexdigest()


def build_locales(out: Path = LOCALES) -> str:
    """plotly.js's locale modules for the dashboard's languages (English is plotly.js's own), as one JSON
    object by language code; returns the output's sha256. Needs the packages ``build`` installed."""
    sys.path.insert(0, str(REPO))
    from dashboard.language.translation import LANGUAGES, SOURCE_LANGUAGE

    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        raise SystemExit("Node.js is needed to read plotly.js's locale files (Debian: apt-get install nodejs)")
    codes = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
    script = ("const out = {}; for (const code of process.argv.slice(1)) {"
              " const m = require('plotly.js/lib/locales/' + code + '.js');"
              " out[code] = {dictionary: m.dictionary, format: m.format}; }"
              " process.stdout.write(JSON.stringify(out, null, 1) + '\\n');")
    written = subprocess.run([node, "-e", script, *codes], cwd=SOURCE, check=True, capture_output=True).stdout
    out.write_bytes(written)
    return hashlib.sha256(written).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--locales", type=Path, default=LOCALES)
    args = parser.parse_args()
    for path, digest in ((args.out, build(args.out)), (args.locales, build_locales(args.locales))):
        print(f"wrote {path} ({path.stat().st_size:,} bytes, sha256 {digest})", file=sys.stderr)


if __name__ == "__main__":
    main()
