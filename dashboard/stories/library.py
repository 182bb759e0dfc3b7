"""The stories a server offers: every story file of a folder that fits the data being served.

A story file that cannot be parsed, or that names events, actors or types the
data does not have, is left out (its problems logged and shown at its address)
so one bad file never stops the server or hides the other stories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from dashboard.data.problems import Problem
from dashboard.query.dataset import Dataset
from dashboard.stories.files import Story, check_story, story_and_problems
from dashboard.paths import DATA_DIR

BUNDLED_STORIES = DATA_DIR / "stories"


@dataclass(frozen=True)
class Stories:
    """The usable stories by slug (in title order) and the problems of the files left out, by slug."""

    usable: Mapping[str, Story]
    refused: Mapping[str, tuple[Problem, ...]]

    def __iter__(self):
        return iter(self.usable.values())


def story_files(folder: Path) -> list[Path]:
    """The story files of a folder (``*.md``, not README.md), by name; none if it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def load_story(path: Path, dataset: Dataset) -> tuple[Story | None, list[Problem]]:
    """A story file read and checked against ``dataset``: (story, []) or (None, problems)."""
    story, problems = story_and_problems(path)
    if story is not None:  # every problem in one go: the file's own, and what the data lacks
        problems = sorted(problems + check_story(story, dataset))
    return (None, problems) if problems else (story, [])


def load_stories(folder: Path, dataset: Dataset) -> Stories:
    """Every story of ``folder`` checked against ``dataset``."""
    usable, refused = {}, {}
    for path in story_files(folder):
        story, problems = load_story(path, dataset)
        if story is None:
            refused[path.stem] = tuple(problems)
        else:
            usable[story.slug] = story
    ordered = dict(sorted(usable.items(), key=lambda item: item[1].title.casefold()))
    return Stories(usable=MappingProxyType(ordered), refused=MappingProxyType(refused))
