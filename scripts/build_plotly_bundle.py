#!/usr/bin/env python3
"""Build the partial plotly.js the dashboard serves, from the pinned npm packages.

    .venv/bin/python scripts/build_plotly_bundle.py            # writes dashboard/static/plotly.min.js
    .venv/bin/python scripts/build_plotly_bundle.py --out X.js

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    digest = build(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, sha256 {digest})", file=sys.stderr)


if __name__ == "__main__":
    main()
