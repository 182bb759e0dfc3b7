"""Shared fixtures: paths, the article, the bundled dataset, tiny frames."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.data import load_events

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = Path(os.environ.get("ARTICLE_PATH", REPO.parent / "shared" / "seed" / "article.txt"))
UCDP_SAMPLE = Path(os.environ.get("UCDP_SAMPLE", REPO.parent / "shared" / "data" / "ucdp_ged231_sample.csv"))


@pytest.fixture(scope="session")
def ucdp_sample() -> Path:
    """The shared UCDP GED sample. Present in CI, where its absence is a failure; elsewhere the test skips."""
    if not UCDP_SAMPLE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the shared UCDP sample is missing at {UCDP_SAMPLE}")
        pytest.skip(f"the shared UCDP sample is not at {UCDP_SAMPLE}")
    return UCDP_SAMPLE


@pytest.fixture(scope="session")
def article_text() -> str:
    """The seed article. Present in CI, where its absence is a failure; elsewhere the test skips."""
    if not ARTICLE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"the seed article is missing at {ARTICLE}")
        pytest.skip(f"the seed article is not at {ARTICLE}")
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def bundled_events():
    """The curated dataset as load_events() returns it (do not mutate)."""
    return load_events()


@pytest.fixture
def fixture_path():
    """Path of a file under tests/fixtures, relative to the repository (as a user would type it)."""

    def path(name: str) -> Path:
        return (FIXTURES / name).relative_to(REPO)

    return path


@pytest.fixture(autouse=True)
def _run_from_repo(monkeypatch):
    """Tests run from the repository root, as the README's commands do."""
    monkeypatch.chdir(REPO)
