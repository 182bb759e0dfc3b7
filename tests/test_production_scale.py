"""Production at scale: gunicorn from the Procfile (2 workers) serving 100,000 synthetic ACLED events.

A crowd of distinct large exports — images, HTML, full downloads — arrives at once. Each gets its file
or a 503 with Retry-After; nothing is a server error, no worker is killed by gunicorn's timeout, and
the workers' memory stays bounded.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.support.load import fresh_download_while_stalled
from tests.support.server import gunicorn_log, held_mb, procfile_server, workers_of

pytestmark = pytest.mark.production


@pytest.fixture(scope="module")
def large_server(acled_100k, tmp_path_factory):
    # as a user starts it: the file is imported into the (empty) cache while gunicorn forks its workers
    served_from = {"DASHBOARD_DATA": str(acled_100k), "DASHBOARD_IMPORT_CACHE": str(tmp_path_factory.mktemp("cache"))}
    with procfile_server(workers=2, extra_env=served_from) as served:
        yield served


def test_twenty_concurrent_distinct_large_exports_get_their_file_or_a_503(large_server):
    """Two crowds of twenty distinct large exports. The first may cost each worker what it keeps once (its
    image browser, the pages of the dataset it reads and no longer shares with the master); the second,
    other exports again, must cost much less: memory does not grow with the requests (measured here: the
    crowds 300–430 MB then 65 MB; on a loaded CI machine 187 then 154 MB)."""
    base, process = large_server
    workers = workers_of(process.pid)
    # each worker's browser starts on first use: on a loaded machine that alone can take a minute
    requests.get(f"{base}/export/timeline.svg", timeout=180)
    held = [held_mb(process.pid, *workers)]
    for month in (1, 2):
        crowd(base, month)
        held.append(held_mb(process.pid, *workers))
    assert workers_of(process.pid) == workers, "a worker was replaced"
    assert "WORKER TIMEOUT" not in gunicorn_log(process)
    print(f"gunicorn held {held[0]:.0f} MB, then {held[1]:.0f} MB and {held[2]:.0f} MB after each crowd")
    # which worker serves which kind of export first varies with the machine's load: what one keeps once may
    # come with either crowd, so the bound is on both together, and the second may not cost what a first does
    assert held[2] - held[0] < 700, f"the two crowds cost {held[2] - held[0]:.0f} MB"
    assert held[2] - held[1] < 250, f"the second crowd cost {held[2] - held[1]:.0f} MB more"
    assert requests.get(f"{base}/health", timeout=10).status_code == 200


def crowd(base: str, month: int) -> None:
    """Twenty distinct large exports at once (views from different days of ``month`` 1995): each gets its
    file or a 503 with Retry-After, and at least four get their file."""
    day = [f"from=1995-{month:02d}-{d:02d}" for d in range(1, 21)]
    urls = ([f"{base}/export/timeline.png?{q}&width=1600&height=1000&scale=2" for q in day[:6]]
            + [f"{base}/export/map.png?{q}" for q in day[6:10]]
            + [f"{base}/export/timeline.html?{q}" for q in day[10:12]]
            + [f"{base}/export/events.csv?{q}" for q in day[12:17]]
            + [f"{base}/export/events.json?{q}" for q in day[17:20]])
    assert len(set(urls)) == 20

    def get(url: str) -> tuple[str, int, str, int]:
        response = requests.get(url, timeout=120)
        return url, response.status_code, response.headers.get("Retry-After", ""), len(response.content)

    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(get, urls))
    statuses = [status for _, status, _, _ in answers]
    assert set(statuses) <= {200, 503}, answers
    assert statuses.count(200) >= 4, answers
    assert all(retry == "5" for _, status, retry, _ in answers if status == 503), answers
    assert all(size > 1000 for _, status, _, size in answers if status == 200), answers


def test_readers_that_stop_reading_free_the_download_slots_within_seconds(large_server):
    """Four readers take 4 KB of a large download each and stop (#28): they held every heavy slot for minutes.
    A send that makes no progress for a few seconds now ends their download, and a fresh one gets its file."""
    base, _ = large_server
    stalled, status, seconds = fresh_download_while_stalled(base, "1995-03", "1995-04-01")
    assert stalled == 4 and status == 200, f"a fresh download still got {status} {seconds:.1f} s after they stalled"
    assert requests.get(f"{base}/health", timeout=10).status_code == 200
