"""Story files: Markdown a journalist edits in a text editor, one file per story.

A story file looks like this::

    ---
    title: Brussels, May 2023
    byline: Written for the conflict timeline dashboard
    lang: en
    ---

    ## Two wars and a ceasefire
    view: type=war&type=ceasefire&from=1988-01-01&to=2021-12-31
    quotes: first-karabakh-war, russia-brokered-ceasefire-2020

    A few paragraphs of *Markdown*: emphasis, links, lists, quotes.

``lang`` (optional, English when left out) is the language the story is written in, one of the dashboard's
(``en``, ``fr``, ``ru``, ``hy``, ``az``): its page marks the text so, whatever language the page's own words
are in. Every ``## `` line starts a step. Right under it, before the first blank
line, come the step's fields: ``view`` (the dashboard's query string, or a
whole dashboard URL pasted from the address bar) and, optionally, ``quotes``
(event ids whose source sentences the step quotes), ``play`` (a speed: the step plays its view through time)
and ``show`` (the charts the step draws, by name — ``trends-map, trends-timeline`` for what changed;
the timeline and the map when left out). Raw HTML, images, code
and headings are refused: the text is rendered the same way on the page, in
an embed and in an offline file, and nothing in it runs.

``parse_story`` reads the text (problems about the file alone);
``check_story`` checks it against a dataset (ids, actors and types it uses).
Both report ``Problem(path, line, column, message)`` like event files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

from dashboard.charts import CHARTS
from dashboard.data.problems import Problem, not_utf8
from dashboard.language import LANGUAGES, N_, SOURCE_LANGUAGE, _, formats
from dashboard.language.wording import either
from dashboard.query.playback import parse_speed
from dashboard.query.dataset import Dataset
from dashboard.query.view_state import ViewState

STORY_FIELDS = ("title", "byline", "lang")
STEP_FIELDS = ("view", "quotes", "play", "show")
#: The charts a step shows at most: the page has two places for them.
MAX_SHOWN = 2
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_STEPS = 100
#: The most events one step may quote, and the most characters of one step (its Markdown is parsed only
#: within this bound, so that no text makes the parser work for seconds).
MAX_QUOTES = 20
MAX_STEP_CHARACTERS = 10_000
#: The Markdown a step may use: paragraphs, emphasis, links, lists, block quotes, line breaks.
ALLOWED_BLOCKS = {"paragraph", "bullet_list", "ordered_list", "list_item", "blockquote", "inline", "hr"}
ALLOWED_INLINE = {"text", "em", "strong", "link", "softbreak", "hardbreak", "s", "code_inline"}
#: What a story may not hold, and why (marked English texts, translated where a problem is reported).
REFUSED = {
    "html_block": N_("raw HTML is not allowed in a story: write Markdown"),
    "html_inline": N_("raw HTML is not allowed in a story: write Markdown"),
    "heading": N_("a heading cannot go inside a step: “## ” starts a new step, other headings are not allowed"),
    "lheading": N_("a heading cannot go inside a step: “## ” starts a new step, other headings are not allowed"),
    "image": N_("images are not allowed in a story: it has to open offline"),
    "fence": N_("code blocks are not allowed in a story"),
    "code_block": N_("code blocks are not allowed in a story (a line indented by four spaces is one)"),
    "table": N_("tables are not allowed in a story"),
}


#: The only schemes a story's links may use; a link without one (``/?type=talks``, ``#step-2``) stays on the site.
LINK_SCHEMES = ("http", "https", "mailto")


def markdown() -> MarkdownIt:
    """The renderer for step text: CommonMark with raw HTML escaped and strikethrough; links only to web and
    mail addresses or within the site — any other scheme (``javascript:``, ``ms-msdt:``, ``tel:``) stays text."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("strikethrough")
    md.validateLink = _allowed_link
    return md


def _allowed_link(url: str) -> bool:
    scheme = re.match(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return scheme is None or scheme.group(1).lower() in LINK_SCHEMES


@dataclass(frozen=True)
class Step:
    """One step: headline, Markdown text, the dashboard view it shows and the events it quotes."""

    headline: str
    text: str
    view: str
    quotes: tuple[str, ...] = ()
    #: A speed to play the step's view through time at ("1w": a week per second, ``playback.parse_speed``).
    play: str | None = None
    #: The charts the step draws, by name (None: the story's own, the timeline and the map).
    show: tuple[str, ...] | None = None
    line: int = 1
    view_line: int = 1
    view_column: int = 1
    quotes_line: int = 1

    @property
    def state(self) -> ViewState:
        return ViewState.from_query(self.view)[0]

    def html(self) -> str:
        """The text as HTML (safe to put in a page: nothing raw passes)."""
        return markdown().render(self.text)


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    byline: str
    steps: tuple[Step, ...]
    path: str = ""
    #: The language the story is written in (``lang:``).
    lang: str = SOURCE_LANGUAGE


class StoryError(Exception):
    """A story file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def read_story(path: Path) -> Story:
    """Read and parse a story file; raises ``StoryError`` (never anything else) if it cannot be used."""
    story, problems = story_and_problems(path)
    if problems:
        raise StoryError(problems)
    return story


def story_and_problems(path: Path) -> tuple[Story | None, list[Problem]]:
    """Read and parse a story file: the story as far as it reads (every step, even one with problems, so
    that it can be checked against the data too) and every problem of the file itself."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # a byte-order mark (Windows Notepad) is not text
    except UnicodeDecodeError:
        return None, [not_utf8(path)]
    except OSError as error:
        return None, [Problem(str(path), 1, 1, _("cannot read the file: {reason}").format(reason=error.strerror))]
    return parsed_story(text, slug=path.stem, path=str(path))


def parse_story(text: str, *, slug: str, path: str = "<story>") -> Story:
    """Parse a story file's text; raises ``StoryError`` listing every problem of the file itself."""
    story, problems = parsed_story(text, slug=slug, path=path)
    if problems:
        raise StoryError(problems)
    return story


def parsed_story(text: str, *, slug: str, path: str = "<story>") -> tuple[Story, list[Problem]]:
    """A story file's text as far as it reads — every step, even one with problems, so that it can be
    checked against the data as well — and every problem of the file itself."""
    problems: list[Problem] = []
    if not SLUG.match(slug):
        problems.append(Problem(path, 1, 1, _("the file name “{slug}” makes a bad address: use lower-case letters, "
                                              "digits and single hyphens (e.g. brussels-may-2023.md)").format(
            slug=slug)))
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, start = _front_matter(lines, path, problems)
    steps = _steps(lines, start, path, problems)
    if not steps and not problems:
        problems.append(Problem(path, len(lines), 1, _("the story has no steps: start one with a line “## Headline”")))
    story = Story(slug=slug, title=header.get("title", ""), byline=header.get("byline", ""), steps=tuple(steps),
                  path=path, lang=header.get("lang") or SOURCE_LANGUAGE)
    return story, sorted(problems)


def _front_matter(lines: list[str], path: str, problems: list[Problem]) -> tuple[dict[str, str], int]:
    """The ``---`` block at the top: its fields and the index of the line after it."""
    if not lines or lines[0].strip() != "---":
        problems.append(Problem(path, 1, 1, _("a story starts with a line “---”, then “title: …” and “byline: …”, "
                                              "then “---”")))
        return {"title": ""}, 0
    fields: dict[str, str] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            if not fields.get("title"):
                problems.append(Problem(path, index + 1, 1,
                                        _("the story has no title: add “title: …” above this line")))
            return fields, index + 1
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in STORY_FIELDS:
            problems.append(Problem(path, index + 1, 1, _unknown_field(_("unknown story field “{field}”: expected "
                                                                         "{fields}"), key, STORY_FIELDS)))
        elif key in fields:
            problems.append(Problem(path, index + 1, 1, _("“{field}” is given twice").format(field=key)))
        elif key == "lang" and value.strip() not in LANGUAGES:
            problems.append(Problem(path, index + 1, 1, _("unknown language “{lang}”: expected {languages}").format(
                lang=value.strip()[:40], languages=either([f"“{code}”" for code in LANGUAGES]))))
        else:
            fields[key] = value.strip()
    problems.append(Problem(path, len(lines), 1, _("the story's fields are never closed: add a line “---” after them")))
    return fields, len(lines)


def _steps(lines: list[str], start: int, path: str, problems: list[Problem]) -> list[Step]:
    steps: list[Step] = []
    heads = [i for i in range(start, len(lines)) if lines[i].startswith("## ") or lines[i].rstrip() == "##"]
    before = next((i for i in range(start, heads[0] if heads else len(lines)) if lines[i].strip()), None)
    if before is not None:
        problems.append(Problem(path, before + 1, 1, _("text before the first step: start a step with a line "
                                                       "“## Headline”")))
    if len(heads) > MAX_STEPS:  # the steps past it are not read: a file of 20,000 headings costs what 100 do
        problems.append(Problem(path, heads[MAX_STEPS] + 1, 1, _("a story has at most {most} steps; this is step "
                                                                 "{number} of {total}").format(
            most=formats.number(MAX_STEPS), number=formats.number(MAX_STEPS + 1), total=formats.number(len(heads)))))
    for number, head in enumerate(heads[:MAX_STEPS]):
        end = heads[number + 1] if number + 1 < len(heads) else len(lines)
        steps.append(_step(lines, head, end, path, problems))
    return steps


def _step(lines: list[str], head: int, end: int, path: str, problems: list[Problem]) -> Step:
    headline = lines[head][2:].strip()
    if not headline:
        problems.append(Problem(path, head + 1, 1, _("the step has no headline: write it after “## ”")))
    fields: dict[str, tuple[str, int, int]] = {}
    body_start = head + 1
    while body_start < end and lines[body_start].strip() and re.match(r"^\s*[A-Za-z]+\s*:", lines[body_start]):
        line = lines[body_start]
        key, _colon, value = line.partition(":")
        name = key.strip().lower()
        column = len(key) + 2 + (len(value) - len(value.lstrip()))
        if name not in STEP_FIELDS:
            problems.append(Problem(path, body_start + 1, 1, _unknown_field(_("unknown step field “{field}”: "
                                                                              "expected {fields}"), name, STEP_FIELDS)))
        elif name in fields:
            problems.append(Problem(path, body_start + 1, 1, _("“{field}” is given twice in this step").format(
                field=name)))
        else:
            fields[name] = (value.strip(), body_start + 1, column)
        body_start += 1
    if "view" not in fields:
        problems.append(Problem(path, head + 1, 1, _("the step has no view: add a line “view: …” under the headline "
                                                     "(a dashboard URL or its query string; empty for everything)")))
    text = "\n".join(lines[body_start:end]).strip("\n")
    if not text.strip():
        problems.append(Problem(path, head + 1, 1, _("the step “{headline}” has no text").format(
            headline=headline[:40])))
    size = sum(len(line) + 1 for line in lines[body_start:end])
    if size > MAX_STEP_CHARACTERS:
        problems.append(Problem(path, head + 1, 1, _("the step “{headline}” is {size} characters long: a step holds "
                                                     "at most {most} (split it in two)").format(
            headline=headline[:40], size=formats.number(size), most=formats.number(MAX_STEP_CHARACTERS))))
        text = ""
    else:
        problems += _markup_problems(lines, body_start, end, path)
    view, view_line, view_column = fields.get("view", ("", head + 1, 1))
    problems += _view_problems(view, path, view_line, view_column)
    quoted, quotes_line, _column = fields.get("quotes", ("", head + 1, 1))
    view_column = view_column if view.strip() else 1
    quotes = tuple(dict.fromkeys(q.strip() for q in quoted.split(",") if q.strip()))
    if len(quotes) > MAX_QUOTES:
        problems.append(Problem(path, quotes_line, 1, _("quotes: a step quotes at most {most} events, not {count}")
                                .format(most=formats.number(MAX_QUOTES), count=formats.number(len(quotes)))))
        quotes = quotes[:MAX_QUOTES]
    play = None
    if "play" in fields:
        speed_text, play_line, play_column = fields["play"]
        notices: list[str] = []
        speed = parse_speed(speed_text, notices)
        play = str(speed) if speed else None
        problems += [Problem(path, play_line, play_column, _("play: {notice}").format(notice=_worded(n)))
                     for n in notices]
    show = None
    if "show" in fields:
        show, problem = _shown(*fields["show"], path)
        problems += problem
    return Step(headline=headline, text=text, view=_query_of(view), quotes=quotes, play=play, show=show,
                line=head + 1, view_line=view_line, view_column=view_column, quotes_line=quotes_line)


def _shown(text: str, line: int, column: int, path: str) -> tuple[tuple[str, ...] | None, list[Problem]]:
    """The charts a ``show:`` line names (commas or spaces between them), each a chart of the registry."""
    names = tuple(dict.fromkeys(n for n in re.split(r"[\s,]+", text.strip()) if n))
    unknown = [n for n in names if n not in CHARTS]
    if unknown or not names:
        return None, [Problem(path, line, column, _("show: unknown chart “{name}”: expected {charts}").format(
            name=(unknown or [""])[0][:40], charts=either([f"“{c}”" for c in CHARTS])))]
    if len(names) > MAX_SHOWN:
        return None, [Problem(path, line, column, _("show: a step shows at most {most} charts, not {count}").format(
            most=formats.number(MAX_SHOWN), count=formats.number(len(names))))]
    return tuple(n for n in CHARTS if n in names), []


def _query_of(view: str) -> str:
    """The canonical query of a ``view:`` value: a query string with or without "?", or a whole URL."""
    view = view.strip()
    if "://" in view or view.startswith("/"):
        view = urlsplit(view).query
    return ViewState.from_query(view.lstrip("?"))[0].to_query()


def _view_problems(view: str, path: str, line: int, column: int) -> list[Problem]:
    query = view.strip()
    if "://" in query or query.startswith("/"):
        query = urlsplit(query).query
    notices = ViewState.from_query(query.lstrip("?"))[1]
    return [Problem(path, line, column, _("view: {notice}").format(notice=_worded(n))) for n in notices]


def _unknown_field(message: str, field: str, known: tuple[str, ...]) -> str:
    """``message`` (with ``{field}`` and ``{fields}``) about a field that is not one of ``known``."""
    # Translators: one of the fields a story file may give, "“title: …”"
    return message.format(field=field[:40], fields=either([_("“{field}: …”").format(field=f) for f in known]))


def _worded(notice: str) -> str:
    """A URL notice ("Ignored unknown parameter “x”.") as a file problem ("unknown parameter “x”")."""
    return notice.removeprefix("Ignored ").rstrip(".")


def _markup_problems(lines: list[str], start: int, end: int, path: str) -> list[Problem]:
    """Markdown the story format does not allow, at the line (and column) where it starts."""
    problems = []
    source = lines[start:end]
    seen: set[tuple[int, str]] = set()
    # Parsed with raw HTML recognised (the renderer escapes it) so that it can be pointed at.
    for token in MarkdownIt("commonmark").parse("\n".join(source)):
        if token.map is None:  # closing tokens: their opening one was seen
            continue
        kind = token.type.removesuffix("_open")
        row = token.map[0]
        if kind in REFUSED and (row, kind) not in seen:
            seen.add((row, kind))
            problems.append(Problem(path, start + row + 1, _indent(source[row]) if row < len(source) else 1,
                                    _(REFUSED[kind])))
        for child in token.children or ():
            if child.type in REFUSED and (row, child.type) not in seen:
                seen.add((row, child.type))
                line, column = _find_inline(source, row, child)
                problems.append(Problem(path, start + line + 1, column, _(REFUSED[child.type])))
    return problems


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip()) + 1


def _find_inline(source: list[str], row: int, token) -> tuple[int, int]:
    """Where an inline token's text first appears at or after ``row`` (its block's first line)."""
    needle = token.content if token.type == "html_inline" else "!["
    for index in range(row, len(source)):
        found = source[index].find(needle)
        if found >= 0:
            return index, found + 1
    return row, 1


def check_story(story: Story, dataset: Dataset) -> list[Problem]:
    """Problems of a parsed story against a dataset: events, actors and types it names that the data lacks."""
    problems = []
    asked = {q for step in story.steps for q in step.quotes} | {step.state.event for step in story.steps}
    known = dataset.existing_ids(sorted(i for i in asked if i))  # one question, however many steps and quotes
    for step in story.steps:
        _state, notices = step.state.restricted_to(actors=dataset.actor_spellings, types=dataset.event_types,
                                                   has_event=known.__contains__, sources=dataset.origins)
        problems += [Problem(story.path, step.view_line, step.view_column,
                             _("view: {notice} in the data").format(notice=_worded(n))) for n in notices]
        problems += [Problem(story.path, step.quotes_line, 1,
                             _("quotes: unknown event “{id}” in the data").format(id=q))
                     for q in step.quotes if q not in known]
    return problems
