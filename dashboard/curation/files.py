"""An article in (text or HTML, bounded, never fetched from anywhere) and candidates out: the events as the
project's CSV, which ``validate`` accepts as it is, and beside it the review's notes (confidence, reasons,
the known events a candidate may repeat) — kept out of the data file, since they are not facts."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser

from dashboard.curation.propose import Candidate
from dashboard.data.native import inert_cells
from dashboard.language import _

#: The largest article read (characters): a long feature is a few tens of thousands.
MOST_CHARACTERS = 200_000
#: The columns of a candidate, in the curated file's order.
COLUMNS = ("event_id", "title", "label", "summary", "event_type", "status", "date_start", "date_end",
           "date_precision", "date_text", "date_basis", "actors", "people", "location", "country", "latitude",
           "longitude", "geo_precision", "geo_basis", "fatalities", "injuries", "source", "source_date", "source_url",
           "source_excerpt")
REVIEW_COLUMNS = ("event_id", "confidence", "reasons", "same_as")


class ArticleError(ValueError):
    """An article that cannot be read: too long, not text."""


def article_text(raw: bytes | str, name: str = "") -> str:
    """The text of an article given as bytes or text: HTML (by its name or its first tag) reduced to its text,
    markup dropped and never run; ``ArticleError`` when it is not UTF-8 text or longer than ``MOST_CHARACTERS``."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArticleError(_("{name}: not UTF-8 text.").format(name=name or _("the article"))) from None
    if len(raw) > MOST_CHARACTERS:
        raise ArticleError(_("{name}: {size} characters; an article of at most {most} is read.").format(
            name=name or _("the article"), size=f"{len(raw):,}", most=f"{MOST_CHARACTERS:,}"))
    if name.lower().endswith((".html", ".htm")) or raw.lstrip()[:1] == "<":
        return _Text.of(raw)
    return raw.replace("\r\n", "\n")


class _Text(HTMLParser):
    """HTML's text: blocks on lines of their own, scripts and styles left out."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
                        "header", "footer", "blockquote", "title"})
    SKIPPED = frozenset({"script", "style", "noscript", "template", "svg"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    @classmethod
    def of(cls, html: str) -> str:
        parser = cls()
        parser.feed(html)
        parser.close()
        lines = ("".join(parser.parts)).split("\n")
        return "\n".join(" ".join(line.split()) for line in lines if line.strip())

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def candidates_csv(candidates: list[Candidate]) -> str:
    """The candidates as the project's CSV."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for candidate in candidates:
        writer.writerow(inert_cells({k: "" if candidate.fields.get(k) is None else str(candidate.fields[k])
                                     for k in COLUMNS}))
    return out.getvalue()


def review_csv(candidates: list[Candidate], same_as: dict[str, list[str]] | None = None) -> str:
    """The review's notes, one row per candidate: its confidence, the reasons, the known events it may repeat."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for candidate in candidates:
        event_id = candidate.fields["event_id"]
        writer.writerow([event_id, f"{candidate.confidence:.2f}", "; ".join(candidate.reasons),
                         "; ".join((same_as or {}).get(event_id, []))])
    return out.getvalue()


def check_rows(rows: list[dict]) -> list[dict]:
    """What ``validate`` would say of ``rows`` (the contract's fields) written as the project's CSV: each
    problem with the row's index and the field's name ("" for the whole row) — the review's live checks."""
    import tempfile
    from pathlib import Path

    from dashboard.data import DatasetError, import_events

    out, starts = io.StringIO(), []
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        starts.append(out.getvalue().count("\n") + 1)
        writer.writerow(inert_cells({k: "" if row.get(k) is None else str(row.get(k)) for k in COLUMNS}))
    with tempfile.TemporaryDirectory(prefix="dashboard-check-") as folder:
        path = Path(folder) / "candidates.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        try:
            import_events(path, fmt="native")
        except DatasetError as error:
            return [{"row": _row_at(problem.line, starts), "field": _field_at(problem.column, problem.line),
                     "message": problem.message} for problem in error.problems]
    return []


def _row_at(line: int, starts: list[int]) -> int | None:
    """The index of the row whose record starts on or before ``line`` (None for the header)."""
    found = None
    for index, start in enumerate(starts):
        if start <= line:
            found = index
    return found


def _field_at(column: int, line: int) -> str:
    return COLUMNS[column - 1] if line > 1 and 1 <= column <= len(COLUMNS) else ""
