#!/usr/bin/env python3
"""The curation workbench's quality (#27) on the seed article against its 19 curated rows.

    .venv/bin/python benchmarks/curation.py [--article PATH] [--json benchmarks/results-curation.json]

Proposes candidates from the article (published Sunday 14 May 2023) exactly as ``python -m dashboard curate``
does, then matches them to the curated rows by the project's one rule (``dashboard.curation.matching``: the same
type, windows that overlap) and prints a table: for each curated row, the candidates that match it and whether
one's window holds the row's date; recall (rows found, target ≥ 17 of 19; and, stricter, rows that each get a
candidate of their own), the share of candidates that match
a row (target ≥ 60 %), the candidates that match none, every excerpt a verbatim substring, and the time taken.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.curation.matching import scored  # noqa: E402
from dashboard.curation.places import gazetteer  # noqa: E402
from dashboard.curation.propose import propose  # noqa: E402
from dashboard.data import BUNDLED_EVENTS, load_events  # noqa: E402
from dashboard.data.registry import bundled_registry  # noqa: E402

ARTICLE = REPO.parent / "shared" / "seed" / "article.txt"
PUBLISHED = date(2023, 5, 14)


def _span(start, end) -> str:
    start, end = str(start)[:10], str(end)[:10]
    return start if start == end else f"{start} – {end}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    args = parser.parse_args()
    text = args.article.read_text(encoding="utf-8")
    rows = load_events(BUNDLED_EVENTS)
    registry = bundled_registry()
    began = time.perf_counter()
    places = gazetteer(rows, registry)
    made = time.perf_counter()
    candidates = propose(text, published=PUBLISHED, outlet="Euronews with AFP", registry=registry, places=places)
    proposed = time.perf_counter()
    fields = [c.fields for c in candidates]
    score = scored(fields, rows)
    verbatim = sum(f["source_excerpt"] in text for f in fields)
    by_id = {f["event_id"]: f for f in fields}
    print("| curated row | its window | its own candidate (one to one) | that candidate's window | candidates "
          "matching | one holds the row's window |\n| --- | --- | --- | --- | --- | --- |")
    for row in rows.itertuples():
        own = score["pairs"].get(row.event_id)
        print(f"| `{row.event_id}` | {_span(row.date_start, row.date_end)} | {f'`{own}`' if own else '—'} | "
              f"{_span(by_id[own]['date_start'], by_id[own]['date_end']) if own else '—'} | "
              f"{len(score['by_row'][row.event_id])} | {'yes' if score['holds'][row.event_id] else 'no'} |")
    result = {
        "machine": f"{platform.machine()}, {platform.processor() or platform.platform()}, Python {platform.python_version()}",
        "rows": score["rows"], "found": score["found"], "found_one_to_one": score["found_one_to_one"],
        "candidates": score["candidates"],
        "matching": score["matching"], "share_matching": round(score["matching"] / max(score["candidates"], 1), 3),
        "holds": sum(score["holds"].values()), "unmatched": score["unmatched"],
        "verbatim": verbatim, "gazetteer_s": round(made - began, 2), "propose_s": round(proposed - made, 3),
    }
    print(json.dumps(result, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
