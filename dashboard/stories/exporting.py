"""A whole story as files: one offline HTML page, or each step's charts as images (a folder or a zip)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from dashboard.query.dataset import Dataset
from dashboard.output.exports import export
from dashboard.output.images import ImageRenderer
from dashboard.stories.files import Story
from dashboard.stories.library import load_story, story_files
from dashboard.stories.pages import story_charts, story_page
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.language import _

STORY_FORMATS = ("html", "png", "svg")


def find_story(name: str, folder: Path, dataset: Dataset):
    """A story by slug in ``folder``, or by the path of its file: (story, problems)."""
    path = Path(name)
    if path.suffix.lower() != ".md":
        path = next((p for p in story_files(folder) if p.stem == name), folder / f"{name}.md")
    if not path.is_file():
        known = ", ".join(p.stem for p in story_files(folder)) or _("none")
        return None, [_("no story “{name}” in {folder} (stories there: {known}); give a slug or a story file's "
                        "path").format(name=name, folder=folder, known=known)]
    story, problems = load_story(path, dataset)
    return story, [str(p) for p in problems]


def step_images(story: Story, dataset: Dataset, fmt: str, *, renderer: ImageRenderer,
                map_style: str = "light") -> Iterator[tuple[str, bytes]]:
    """(file name, image) for each chart of each step: ``01-timeline.png``, ``01-map.png``, …"""
    for number, step in enumerate(story.steps, 1):
        view = resolve_view(dataset, step.view)
        for chart in story_charts():
            made = export(dataset, view, chart, fmt, renderer=renderer, map_style=map_style)
            yield f"{number:02d}-{chart}.{fmt}", made.content


def write_story(story: Story, dataset: Dataset, fmt: str, output: Path, *, renderer: ImageRenderer,
                map_style: str = "light", urls: Urls = Urls()) -> list[Path]:
    """Write the story: ``html`` as one file; images into the folder ``output`` or, if it ends in
    ``.zip``, one zip; the HTML's links to the dashboard go to ``urls``' public address (none without one).
    Returns the files written."""
    if fmt == "html":
        output.write_text(story_page(story, dataset, urls, mode="offline", map_style=map_style), encoding="utf-8")
        return [output]
    images = step_images(story, dataset, fmt, renderer=renderer, map_style=map_style)
    if output.suffix.lower() == ".zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in images:
                archive.writestr(f"{story.slug}/{name}", content)
        output.write_bytes(buffer.getvalue())
        return [output]
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in images:
        (output / name).write_bytes(content)
        written.append(output / name)
    return written
