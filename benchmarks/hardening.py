#!/usr/bin/env python3
"""#28's acceptance at scale: gunicorn from the Procfile (2 workers) on 1,000,000 ACLED + 50,000 UCDP events.

    .venv/bin/python benchmarks/hardening.py                 # 1,000,000 + 50,000
    .venv/bin/python benchmarks/hardening.py --acled 100000 --ucdp 5000

Writes the synthetic files (``tests/support/synthetic.py``, cached under ``--data-dir``), imports them into a
store with the CLI, writes a 100-step story over them, starts gunicorn on loopback with the store and the
story, and measures:

- ``/export/pairs.csv`` with the widest windows allowed (``days=365&km=5000&same_side=0``, clamped) over
  the whole data, one year and one month: status, seconds, and the answering worker's RSS before/after;
- ten such comparisons at once (ten months): their statuses and seconds, and ``/health`` asked every
  0.2 s meanwhile (its slowest answer);
- a search of one word against the same word 100 times (``/embed/map`` and ``/story/figures.json``):
  medians of ``--repeats`` distinct searches each (a new word each time, so no cache answers);
- four readers that take 4 KB of a full CSV download and stop (holding every heavy slot of both workers):
  how long until a fresh full download gets 200;
- the 100-step story: step 50's page, its figures, and the offline file — status and seconds, cold.

Prints JSON (and writes it to ``--out``); quote it with the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.scale import DATA_DIR, machine, write_results  # noqa: E402
from tests.support.load import fresh_download_while_stalled  # noqa: E402
from tests.support.server import procfile_server, rss_mb, workers_of  # noqa: E402
from tests.support.synthetic import generate_ucdp, synthetic_file  # noqa: E402
from tests.support.traffic import WIDEST_PAIRS  # noqa: E402

UCDP_SAMPLE = REPO.parent / "shared" / "data" / "ucdp_ged231_sample.csv"
SLUG = "a-hundred-steps"


def get(url: str, timeout: float = 120) -> tuple[int, float, int]:
    """(status, seconds, bytes) of one GET, read whole."""
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            size = len(response.read())
            return response.status, time.monotonic() - began, size
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - began, len(error.read())


def story_text(steps: int = 100) -> str:
    lines = ["---", "title: A hundred steps", "byline: Synthetic ACLED and UCDP data (tests/support/synthetic.py)",
             "---", ""]
    types = ["Battles", "Riots", "Protests", "Explosions/Remote violence"]
    for n in range(steps):
        year = 1995 + n % 29
        view = [f"from={year}-01-01&to={year}-12-31", f"type={types[n % 4]}", "actor=Azerbaijan",
                f"q=fighting&from={year}-01-01&to={year}-06-30"][n % 4]
        lines += [f"## Step {n + 1}", f"view: {view}", "", f"Step {n + 1} of the story.", ""]
    return "\n".join(lines)


def health_while(base: str, work) -> tuple[object, float]:
    """``work()``'s result, and the slowest /health answer of ``base`` asked every 0.2 s while it ran."""
    slowest, done = [0.0], threading.Event()

    def ask():
        while not done.is_set():
            began = time.monotonic()
            try:
                urllib.request.urlopen(f"{base}/health", timeout=30).read()
            except OSError:
                pass
            slowest[0] = max(slowest[0], time.monotonic() - began)
            time.sleep(0.2)

    watcher = threading.Thread(target=ask, daemon=True)
    watcher.start()
    try:
        return work(), slowest[0]
    finally:
        done.set()
        watcher.join()


def comparisons(base: str, pids: list[int]) -> list[dict]:
    rows = []
    for name, view in (("everything", ""), ("one year", "from=2020-01-01&to=2020-12-31&"),
                       ("one month", "from=2020-06-01&to=2020-06-30&")):
        before = {p: rss_mb(p) for p in pids}
        status, seconds, size = get(f"{base}/export/pairs.csv?{view}{WIDEST_PAIRS}")
        after = {p: rss_mb(p) for p in pids}
        rows.append({"view": name, "status": status, "s": round(seconds, 2), "bytes": size,
                     "rss_growth_mb": round(max(after[p] - before[p] for p in pids), 1)})
    return rows


def ten_at_once(base: str) -> dict:
    urls = [f"{base}/export/pairs.csv?from=2019-{m:02d}-01&to=2019-{m:02d}-28&{WIDEST_PAIRS}" for m in range(1, 11)]

    def work():
        with ThreadPoolExecutor(10) as pool:
            return list(pool.map(get, urls))

    answers, slowest = health_while(base, work)
    return {"statuses": sorted(a[0] for a in answers), "slowest_s": round(max(a[1] for a in answers), 2),
            "health_slowest_s": round(slowest, 3)}


def repeated_words(base: str, repeats: int) -> dict:
    """Medians of one word and of the same word 100 times, each request a view of its own (distinct dates,
    alternating which goes first) so that no remembered answer serves it."""
    words = ["fighting", "village", "officials", "homes", "residents", "talks", "damaged", "local", "forces"]
    out = {}
    for path in ("/embed/map", "/story/figures.json"):
        times = {1: [], 100: []}
        for n in range(2 * repeats):
            times_word = 1 if n % 2 == 0 else 100
            word = words[(n // 2) % len(words)]
            tail = f"&from={1994 + n}-01-01&to={2024 - (n % 3)}-12-31"
            times[times_word].append(get(f"{base}{path}?q={'+'.join([word] * times_word)}{tail}")[1])
        out[path] = {"one_word_s": round(statistics.median(times[1]), 3),
                     "hundred_words_s": round(statistics.median(times[100]), 3)}
    return out


def readers_stalling(base: str) -> dict:
    # the fresh download is large: it needs a heavy slot; its answer begins (200) once it has one
    _, status, seconds = fresh_download_while_stalled(base, "1994-01", "1994-02-01", within_s=60)
    return {"status": status, "fresh_download_200_after_s": round(seconds, 1)}


def story(base: str) -> dict:
    page = get(f"{base}/story/{SLUG}/50")
    figures = get(f"{base}/story/figures.json?type=Riots&timeline_width=880&map_width=880")
    offline = get(f"{base}/export/story/{SLUG}.html", timeout=300)
    return {"page": {"status": page[0], "s": round(page[1], 2)},
            "figures": {"status": figures[0], "s": round(figures[1], 2)},
            "offline": {"status": offline[0], "s": round(offline[1], 2), "mb": round(offline[2] / 1e6, 1)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acled", type=int, default=1_000_000)
    parser.add_argument("--ucdp", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--parts", nargs="*", help="only these measurements (default: all)")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results-hardening.json")
    args = parser.parse_args()
    acled = synthetic_file(args.acled, args.data_dir)
    ucdp = args.data_dir / f"ucdp-{args.ucdp}.csv"
    if not ucdp.is_file():
        generate_ucdp(args.ucdp, UCDP_SAMPLE).to_csv(ucdp, index=False)
    store = args.data_dir / f"hardening-{args.acled}-{args.ucdp}.duckdb"
    if not store.is_file():
        subprocess.run([sys.executable, "-m", "dashboard", "import", str(acled), str(ucdp), "--into", str(store)],
                       cwd=REPO, check=True)
    stories = Path(tempfile.mkdtemp(prefix="dashboard-stories-"))
    (stories / f"{SLUG}.md").write_text(story_text(), encoding="utf-8")
    served_from = {"DASHBOARD_STORE": str(store), "DASHBOARD_STORIES": str(stories), "DASHBOARD_CACHE": "none"}
    with procfile_server(workers=2, wait_s=300, extra_env=served_from) as (base, process):
        pids = workers_of(process.pid)
        parts = {"pairs_widest": lambda: comparisons(base, pids), "pairs_ten_at_once": lambda: ten_at_once(base),
                 "repeated_words": lambda: repeated_words(base, args.repeats),
                 "stalled_readers": lambda: readers_stalling(base), "story_100_steps": lambda: story(base)}
        result = {"machine": machine(), "acled": args.acled, "ucdp": args.ucdp,
                  **{name: measure() for name, measure in parts.items() if not args.parts or name in args.parts},
                  "workers_rss_mb": {str(p): round(rss_mb(p)) for p in pids}}
    write_results(args.out, result)


if __name__ == "__main__":
    os.environ.setdefault("DASHBOARD_IMPORT_CACHE", "")
    main()
