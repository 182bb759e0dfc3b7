"""Shared fixtures: paths, the article, the bundled dataset, tiny frames."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from dashboard.data import load_events
from tests.support.server import procfile_server
from tests.support.synthetic import synthetic_file

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = Path(os.environ.get("ARTICLE_PATH", REPO.parent / "shared" / "seed" / "article.txt"))
UCDP_SAMPLE = Path(os.environ.get("UCDP_SAMPLE", REPO.parent / "shared" / "data" / "ucdp_ged231_sample.csv"))


#: The test files that take longest (servers over a million events, load runs, Spark), run first: the two
#: processes of ``dev.sh test`` take the first files in turns, so each of these comes beside one that mostly
#: waits (slow headers, a load run's clock) rather than beside another import, and no long file is left
#: for one process to run alone at the end while the other has finished.
SLOW_FIRST = ("test_production_million.py", "test_hardening_second.py", "browser/test_scale.py",
              "test_production_hardening.py", "test_production_scale.py", "test_engine.py", "test_production.py",
              "browser/test_nothing_cut_off.py", "test_production_engine.py", "browser/test_stories.py")


def pytest_collection_modifyitems(config, items):
    """The slowest files first (``SLOW_FIRST``, in its order), the others as collected."""
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    tests = Path(__file__).resolve().parent
    items.sort(key=lambda item: rank.get(item.path.relative_to(tests).as_posix(), len(rank)))


def shared_file(path: Path, what: str) -> Path:
    """A file of ``../shared``. Present in CI, where its absence is a failure; elsewhere the test skips."""
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{what} is missing at {path}")
        pytest.skip(f"{what} is not at {path}")
    return path


@pytest.fixture(scope="session", autouse=True)
def _import_cache_of_the_session(tmp_path_factory):
    """Stores imported by tests (and the servers they start) go to a folder of the session, not the user's
    cache: each run imports as a fresh machine does, and leaves nothing behind."""
    os.environ.setdefault("DASHBOARD_IMPORT_CACHE", str(tmp_path_factory.mktemp("import-cache")))


@pytest.fixture(scope="session")
def ucdp_sample() -> Path:
    """The shared UCDP GED sample."""
    return shared_file(UCDP_SAMPLE, "the shared UCDP sample")


@pytest.fixture(scope="session")
def article_text() -> str:
    """The seed article."""
    return shared_file(ARTICLE, "the seed article").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bundled_events():
    """The curated dataset as load_events() returns it (do not mutate)."""
    return load_events()


@pytest.fixture(scope="module")
def dataset():
    """The bundled dataset, loaded once per test file (a file may define its own ``dataset`` instead)."""
    from dashboard.query.dataset import load_dataset

    return load_dataset()


@pytest.fixture(scope="module")
def client(dataset):
    """A Flask test client of the dashboard on ``dataset`` (a file may define its own ``client`` instead)."""
    from dashboard.settings import Settings
    from dashboard.web.app import create_app

    return create_app(Settings(), dataset=dataset).server.test_client()


@pytest.fixture
def fixture_path():
    """Path of a file under tests/fixtures, relative to the repository (as a user would type it)."""

    def path(name: str) -> Path:
        return (FIXTURES / name).relative_to(REPO)

    return path


def session_synthetic_file(n: int, tmp_path_factory) -> Path:
    """The CSV file of ``n`` synthetic ACLED events (``tests.support.synthetic``), written once for the whole
    session: the parallel workers share one folder, and the first to need a size writes it while the others
    wait for it (a lock on the folder), instead of each generating its own."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "synthetic-shared"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f".lock-{n}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return synthetic_file(n, folder)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def acled_100k(tmp_path_factory) -> Path:
    """A CSV file of 100,000 synthetic ACLED events, written once a session (do not change it)."""
    return session_synthetic_file(100_000, tmp_path_factory)


@pytest.fixture(scope="session")
def acled_million(tmp_path_factory) -> Path:
    """A CSV file of 1,000,000 synthetic ACLED events, written once a session (do not change it)."""
    return session_synthetic_file(1_000_000, tmp_path_factory)


@pytest.fixture(scope="module")
def gunicorn():
    """gunicorn from the Procfile with two workers on the bundled data: (its address, its process)."""
    with procfile_server(workers=2) as served:
        yield served


@pytest.fixture(autouse=True)
def _run_from_repo(monkeypatch):
    """Tests run from the repository root, as the README's commands do."""
    monkeypatch.chdir(REPO)
