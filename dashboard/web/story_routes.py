"""HTTP routes of the stories: the index, each story (one address per step), its embed, its offline
file, the figures of a step, and the preview of a draft posted from the dashboard (never stored)."""

from __future__ import annotations

import bisect
import json
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import Flask, Response, request, stream_with_context

from dashboard.charts import CHARTS
from dashboard.web.figure_cache import FigureCache
from dashboard.query.dataset import Dataset
from dashboard.output.limits import Busy, HeavyWork
from dashboard.stories.files import check_story, parsed_story
from dashboard.stories.library import Stories
from dashboard.web.routes import busy_response, streamed_response
from dashboard.web.security import plain_response
from dashboard.stories.pages import (index_page, problems_page, step_figures, step_figures_json, story_charts,
                                     story_page, story_page_parts, width_parameter)
from dashboard.output.urls import Urls
from dashboard.language import _, formats

MAX_DRAFT_CHARACTERS = 100_000  # a draft in any script stays under the request size limit, encoded


def register(server: Flask, dataset: Dataset, stories: Stories, figures: FigureCache, urls: Urls, *,
             heavy: HeavyWork, map_style: str = "light") -> None:
    """Add the story routes under ``urls``' prefix to ``server``."""

    def html(text: str, status: int = 200) -> Response:
        return Response(text, status=status, content_type="text/html; charset=utf-8")

    def find(slug: str, step: int):
        """The story and a step within it, or the response that says why not."""
        story = stories.usable.get(slug)
        if story is None:
            if slug in stories.refused:
                return None, html(problems_page(slug, stories.refused[slug], urls), 404)
            return None, plain_response(_("No story “{slug}”: the stories are listed at {path}.").format(
                slug=slug[:60], path=urls.path("stories")), 404)
        if not 1 <= step <= len(story.steps):
            return None, plain_response(_("“{title}” has steps 1 to {last}.").format(
                title=story.title, last=len(story.steps)), 404)
        return story, None

    @server.route(urls.route("stories"))
    def story_index():
        return html(index_page(stories, urls))

    @server.route(urls.route("story/<slug>"), strict_slashes=False)
    @server.route(urls.route("story/<slug>/<int:step>"), strict_slashes=False)
    def story(slug: str, step: int = 1):
        found, refusal = find(slug, step)
        return refusal or html(figures.get_or_build("story", f"page|{slug}|{step}", lambda: story_page(
            found, dataset, urls, step=step, mode="page", map_style=map_style)))

    @server.route(urls.route("embed/story/<slug>"))
    def story_embed(slug: str):
        found, refusal = find(slug, 1)
        return refusal or html(figures.get_or_build("story", f"embed|{slug}", lambda: story_page(
            found, dataset, urls, mode="embed", map_style=map_style)))

    @server.route(urls.route("export/story/<slug>.html"))
    def story_offline(slug: str):
        found, refusal = find(slug, 1)
        if refusal:
            return refusal
        server_root = "" if urls.public else request.host_url  # where the file's links go back to

        def carried():  # each step's figures are kept (small JSON); the file, with plotly.js, never
            for n, item in enumerate(found.steps, 1):
                yield n, figures.get_or_build("story", f"offline-step|{item.view}|{item.show}|{map_style}",
                                              lambda step=item: step_figures_json(dataset, step.view, map_style,
                                                                                  step.show))

        parts = story_page_parts(found, dataset, urls, mode="offline", map_style=map_style, server=server_root,
                                 figures=carried())
        try:  # sent as it is made: the steps' figures are drawn while the file goes out, holding a heavy slot
            chunks = heavy.streamed(stream_with_context(parts))
        except Busy as busy:
            return busy_response(busy)
        response = streamed_response(chunks, "text/html; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{slug}.html"'
        return response

    @server.route(urls.route("story/figures.json"))
    def story_step_figures():
        pairs = parse_qsl(request.query_string.decode("utf-8", "replace"), keep_blank_values=True)
        charts = {width_parameter(name): name for name in CHARTS}
        widths = {charts[k]: _width(v) for k, v in pairs if k in charts}
        # the charts the step draws ("show", its ``show:`` line), else the story's own
        asked = ",".join(v for k, v in pairs if k == "show").split(",")
        shown = tuple(name for name in CHARTS if name in asked) or story_charts()
        query = urlencode([(k, v) for k, v in pairs if k not in charts and k != "show"])
        key = f"{query}|{','.join(shown)}|" + "|".join(f"{n}={widths.get(n)}" for n in charts.values())
        made = figures.get_or_build("story", f"figures|{key}", lambda: json.dumps(
            step_figures(dataset, query, widths, map_style, shown), separators=(",", ":")))
        return Response(made, content_type="application/json")

    @server.route(urls.route("story/preview"), methods=["GET"])
    def story_preview_address():
        return plain_response(_("A preview is made from the dashboard: Story → Story draft → Preview. It is not kept, "
                                "so its page cannot be opened again; preview the draft once more."), 404)

    @server.route(urls.route("story/preview"), methods=["POST"])
    def story_preview():
        if not same_origin(request, urls):
            return plain_response(_("A story preview is asked from the dashboard's own page, not from another site."),
                                  403)
        text = request.form.get("story", "")
        if not text.strip() or len(text) > MAX_DRAFT_CHARACTERS:
            return plain_response(_("Send a story file of at most {count} characters as the form field “story”.").format(
                count=formats.number(MAX_DRAFT_CHARACTERS)), 400)
        draft, problems = parsed_story(text, slug="draft", path="draft.md")
        problems = sorted(problems + check_story(draft, dataset))  # every problem at once
        if problems:
            return html(problems_page("draft", _by_step(problems, text), urls, draft=True), 400)
        return html(story_page(draft, dataset, urls, mode="preview", map_style=map_style))


def same_origin(req, urls: Urls) -> bool:
    """Whether a costly POST comes from the dashboard's own pages: the browser says so (``Sec-Fetch-Site``), or
    its ``Origin`` is this host or the public address. A request without either (a script, ``curl``) is not
    a visitor's browser sent by another site, and is let through."""
    site = req.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = req.headers.get("Origin")
    if origin is None:
        return True
    allowed = {req.host_url.rstrip("/").lower()}
    if urls.public:
        parts = urlsplit(urls.public)
        allowed.add(f"{parts.scheme}://{parts.netloc}".lower())
    return origin.rstrip("/").lower() in allowed


def _by_step(problems, text: str) -> list[str]:
    """A draft's problems as its author sees the draft: by step and headline, not by line of a file."""
    heads = [(number, line) for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1)
             if line.startswith("## ")]
    starts = [number for number, _ in heads]
    worded = []
    for problem in problems:  # the step a problem is in: the last heading at or before its line (a binary search)
        step = bisect.bisect_right(starts, problem.line)
        where = (_("Step {number} (“{headline}”)").format(number=step, headline=heads[step - 1][1][3:].strip()[:60])
                 if step else _("Title and byline"))
        worded.append(f"{where}: {problem.message}")
    return worded


def _width(value: str) -> int | None:
    try:
        return max(1, min(int(float(value)), 10_000))
    except (ValueError, OverflowError):
        return None


