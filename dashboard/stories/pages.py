"""The story pages: ``/stories``, ``/story/<slug>[/<step>]``, its embed and its offline file.

One template draws all of them. Every step's text is in the page from the
start (each step an ``<article>``; the script shows one at a time), so a
reload, a link to a step or a reader without JavaScript gets the text at once;
the step's figures come from the chart registry — the dashboard's own — either
fetched per step (``step_figures``) or, in the offline file, all inside it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import plotly.io as pio

from dashboard.output.html import PAGES, script_json
from dashboard.charts import CHARTS, Canvas
from dashboard.query.dataset import Dataset
from dashboard.output.embeds import embed_figure
from dashboard.output.plotly_bundle import bundle_text
from dashboard.output.report import caption
from dashboard.stories.files import Story
from dashboard.output.urls import Urls
from dashboard.query.view import resolve_view
from dashboard.language import _, formats, language, using
from dashboard.data.translations import DATA_LANGUAGE
from dashboard.language.charts import chart_config
from dashboard.language.wording import when_text
from dashboard.paths import STATIC


def story_charts() -> tuple[str, ...]:
    """What a step shows, in order: the dashboard's own charts (those of ``CHARTS`` drawn in stories)."""
    return tuple(name for name, chart in CHARTS.items() if chart.in_stories)


def width_parameter(chart: str) -> str:
    """The query parameter a story page sends the width of ``chart``'s box in: "timeline_width", …"""
    return f"{chart}_width"

#: The widths the offline file's figures are laid out for (it cannot ask for others).
OFFLINE_WIDTH = 900
MODES = ("page", "embed", "offline", "preview")


@dataclass(frozen=True)
class Quote:
    event_id: str
    title: str
    when: str
    excerpt: str
    source: str
    url: str
    dashboard: str
    #: The excerpt's language: the source's words, never translated.
    lang: str = DATA_LANGUAGE


def drawn_by(step) -> tuple[str, ...]:
    """The charts a step draws: its ``show:`` line's, else ``story_charts()``."""
    return step.show or story_charts()


def step_charts(story: Story) -> tuple[str, ...]:
    """Every chart some step of ``story`` draws (``drawn_by``), in ``CHARTS``' order: the page's chart boxes."""
    shown = {name for item in story.steps for name in drawn_by(item)}
    return tuple(name for name in CHARTS if name in shown)


def step_figures(dataset: Dataset, query: str, widths: dict[str, int | None], map_style: str,
                 charts: tuple[str, ...] | None = None) -> dict:
    """The figures of one view as a story step draws them: each of its ``charts`` (default: ``story_charts()``)
    laid out for its width (no range slider: a story is read, not scrubbed), plus the view's count and caption."""
    view = resolve_view(dataset, query)
    out = {"count": view.count_text, "caption": caption(view, dataset)}
    for name in charts or story_charts():
        chart = CHARTS[name]
        canvas = Canvas.at(widths.get(name), default=chart.embed_width, step=chart.width_step, map_style=map_style,
                           on_paper=True)
        out[name] = json.loads(pio.to_json(embed_figure(chart.figure(dataset, view, canvas)), validate=False))
    return out


def quotes(story_step, events: dict, urls: Urls, link=lambda path: path) -> list[Quote]:
    """The source sentences a step quotes, with where each comes from (``events``: the story's quoted events by
    id, asked once for all its steps — ``Dataset.events_by_id``)."""
    found = []
    for event_id in story_step.quotes:
        event = events.get(event_id)
        if event is None:
            continue
        excerpt = event.source_excerpt if isinstance(event.source_excerpt, str) else ""
        url = event.source_url if isinstance(event.source_url, str) and event.source_url.startswith("http") else ""
        found.append(Quote(event_id=event_id, title=str(event.title), when=when_text(event), excerpt=excerpt,
                           source=str(event.source) if isinstance(event.source, str) else "", url=url,
                           dashboard=link(urls.path(query=[("event", event_id)]))))
    return found


def story_page(story: Story, dataset: Dataset, urls: Urls, *, step: int = 1, mode: str = "page",
               figures: Iterable[tuple[int, str]] | None = None, map_style: str = "light",
               server: str | None = None) -> str:
    """The HTML of a story at ``step`` (1-based) for ``mode``: "page" and "preview" (figures fetched per
    step), "embed" (the same, compact, for an iframe) or "offline" (one file: the figures of every step,
    the styles, the scripts and plotly.js inside; it opens from disk with no network)."""
    return "".join(story_page_parts(story, dataset, urls, step=step, mode=mode, figures=figures,
                                    map_style=map_style, server=server))


def step_figures_json(dataset: Dataset, query: str, map_style: str, charts: tuple[str, ...] | None = None) -> str:
    """One step's figures as the offline file carries them (JSON text, at the offline width)."""
    widths = {name: OFFLINE_WIDTH for name in CHARTS}
    return json.dumps(step_figures(dataset, query, widths, map_style, charts), separators=(",", ":"))


def story_page_parts(story: Story, dataset: Dataset, urls: Urls, *, step: int = 1, mode: str = "page",
                     figures: Iterable[tuple[int, str]] | None = None, map_style: str = "light",
                     server: str | None = None) -> Iterator[str]:
    """``story_page`` in pieces, made as they are taken: the offline file's steps' figures (``figures``: each
    step's number and JSON, by default made here one after the other) are drawn only as the file is sent,
    so a server streams a long story rather than holding it whole before the first byte."""
    offline = mode == "offline"
    # Links to the dashboard: relative on the server; in the offline file, absolute — under the public address
    # when one is configured, else the server it came from (``server``, e.g. "https://example.org") — or, made
    # on the command line with neither, none at all.

    def link(path: str) -> str | None:
        if not offline:
            return path
        return urls.absolute(path, server or "") if urls.public or server else None

    if offline and figures is None:
        figures = ((n, step_figures_json(dataset, s.view, map_style, s.show)) for n, s in enumerate(story.steps, 1))
    quoted = dataset.events_by_id(q for item in story.steps for q in item.quotes)
    shown = step_charts(story)
    titles = {name: _(CHARTS[name].title) for name in shown}
    # Translators: a download of a story step's chart, "Timeline PNG"
    downloads = [(c, fmt, _("{chart} {format}").format(chart=titles[c], format=fmt.upper()))
                 for c in shown for fmt in ("png", "svg")]
    steps = []
    for number, item in enumerate(story.steps, 1):
        state = item.state
        steps.append({
            "number": number, "headline": item.headline, "html": item.html(), "view": item.view,
            "quotes": quotes(item, quoted, urls, link),
            "dashboard": link(urls.page(state)),
            "href": urls.path("story", story.slug, str(number)) if mode == "page" else f"#{number}",
            "exports": [(label, urls.export(f"{c}.{fmt}", state)) for c, fmt, label in downloads
                        if c in drawn_by(item)],
        })
    words = _step_words(story, len(steps))
    data = {
        "slug": story.slug, "title": story.title, "mode": mode, "step": step, "count": len(steps),
        "views": [s["view"] for s in steps],
        "stepUrl": urls.path("story", story.slug) + "/" if mode == "page" else None,
        "figuresUrl": None if offline else urls.path("story", "figures.json"),
        "figures": {},
        "words": words,
        # plotly.js's words for the reader's language (the axes' month names), merged into the charts' config
        "plotly": chart_config(),
        # a step's speed through time (its ``play:`` line), played from the server's answer (not offline)
        "plays": [None if offline else item.play for item in story.steps],
        # the charts each step draws (its "show:" line, else the timeline and the map)
        "shows": [list(drawn_by(item)) for item in story.steps],
        "prefix": urls.path(""),
    }
    carried = ((n, script_json(made)) for n, made in (figures if offline else ()))
    return _in_language(language(), PAGES.get_template("story.html").generate(
        story=story, steps=steps, step=step, mode=mode, urls=urls, carried=carried, words=words,
        charts=[(name, titles[name], width_parameter(name)) for name in shown],
        data=script_json(json.dumps(data, separators=(",", ":"))), plays=any(data["plays"]),
        inline=_inline_assets() if offline else None,
        embed_url=urls.path("embed", "story", story.slug),
        offline_url=urls.path("export", "story", f"{story.slug}.html"),
    ))


def _step_words(story: Story, count: int) -> dict:
    """What the page writes about its steps, in the page's language — its template and its script, which
    writes them again on moving to another step: each step's progress ("Step 2 of 8") and document title, and
    what to say when a step's charts fail ({error})."""
    total = formats.number(count)
    progress = [_("Step {number} of {total}").format(number=formats.number(n), total=total) for n in range(1, count + 1)]
    titles = [_("{title} — step {number} of {total}").format(title=story.title, number=formats.number(n), total=total)
              for n in range(1, count + 1)]
    return {"progress": progress, "titles": titles,
            "failed": _("The charts of this step could not be loaded ({error}). Try again.")}


def _in_language(lang: str, parts: Iterator[str]) -> Iterator[str]:
    """``parts`` each made in ``lang`` when it is taken: a streamed page is made after the code that asked for
    it has returned, outside the language its request set."""
    while True:
        with using(lang):
            part = next(parts, None)
        if part is None:
            return
        yield part


def _inline_assets() -> dict[str, str]:
    """The offline file's styles and scripts, each safe to put between its tags."""
    def safe(text: str, tag: str) -> str:
        return text.replace(f"</{tag}", f"<\\/{tag}")

    return {"css": safe((STATIC / "story.css").read_text(encoding="utf-8"), "style"),
            "js": safe((STATIC / "map-groups.js").read_text(encoding="utf-8") + "\n"
                       + (STATIC / "story.js").read_text(encoding="utf-8"), "script"),
            "plotly": safe(bundle_text(), "script")}


def index_page(stories, urls: Urls) -> str:
    """``/stories``: every story with its byline, number of steps and first headline."""
    return PAGES.get_template("stories.html").render(stories=list(stories), urls=urls)


def problems_page(slug: str, problems, urls: Urls, *, draft: bool = False) -> str:
    """A story that cannot be shown: its problems (as ``validate`` prints them, or by step for a draft from
    the dashboard), and the way back."""
    return PAGES.get_template("story_problems.html").render(slug=slug, problems=problems, urls=urls,
                                                                 draft=draft)
