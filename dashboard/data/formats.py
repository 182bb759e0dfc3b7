"""Which importer reads a file: the registry of import formats, chosen from a file's header or named with
``--format``.

Each format is one record (``import_format.ImportFormat``) declared in its own module:

- ``native``: the project's own CSV (what ``/export/events.csv`` writes). It is
  curated data, so any problem refuses the whole file.
- ``acled`` and ``ucdp``: exports of those datasets. By default every valid row
  loads and the others are listed with file, line and reason; ``strict``
  refuses the file if any row cannot be imported. No row is dropped silently.

Everything that deals in formats — detection, importing (``importing.import_file``, ``streaming``), origins,
figure colours, the settings and the CLI — reads ``FORMATS`` when it runs. A new format is its module and
one more record here; a test may register one by replacing ``FORMATS`` (``monkeypatch.setattr``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from dashboard.data.acled import ACLED
from dashboard.data.import_format import ImportFormat
from dashboard.data.native import NATIVE
from dashboard.data.problems import DatasetError, Problem
from dashboard.data.reading import UnreadableFile, read_header
from dashboard.data.ucdp import UCDP
from dashboard.data.vocabulary import EventType
from dashboard.language import _

#: Every import format, in the order headers are tried: the project's own CSV last, its test being the loosest.
FORMATS: tuple[ImportFormat, ...] = (ACLED, UCDP, NATIVE)


def format_names() -> tuple[str, ...]:
    """The formats' names, the values of ``--format`` and ``DASHBOARD_FORMAT``, in the registry's order."""
    return tuple(f.name for f in FORMATS)


def format_named(name: str) -> ImportFormat | None:
    """The format of that name (``--format``'s value), or None."""
    return next((f for f in FORMATS if f.name == name), None)


def detect_format(header: list[str]) -> str | None:
    """The name of the first format whose header this is, or None."""
    found = next((f for f in FORMATS if f.detect(header)), None)
    return found.name if found else None


def imported_origins() -> tuple[str, ...]:
    """The datasets whose exports are imported, as their events' ``source`` begins ("ACLED", "UCDP GED")."""
    return tuple(f.origin for f in FORMATS if f.origin)


def event_types() -> Mapping[str, EventType]:
    """Every event type the formats' events carry (the curated data's come with the project's CSV), by name."""
    return _event_types(FORMATS)


@functools.lru_cache(maxsize=4)
def _event_types(formats: tuple[ImportFormat, ...]) -> Mapping[str, EventType]:
    # asked for every event drawn: made once for each registry, not on each call
    return MappingProxyType({t.name: t for f in formats for t in f.event_types})


def checked_format(path: Path, fmt: str | None) -> tuple[list[str], ImportFormat]:
    """The file's header and its format (the one named ``fmt``, or detected). Raises ``DatasetError`` for an
    unreadable file, a column named twice, an unknown format, or a header that lacks the named format's
    columns (a format read whole checks its header itself, naming each column missing)."""
    try:
        header = read_header(path)
    except UnreadableFile as error:
        raise DatasetError([error.problem]) from None
    seen: dict[str, int] = {}
    repeated = []
    for column, name in enumerate(header, 1):
        if name and name in seen:
            repeated.append(Problem(str(path), 1, column, _(
                "the column “{name}” is in the header twice (columns {first} and {second}): which one holds the "
                "values?").format(name=name[:60], first=seen[name], second=column)))
        seen.setdefault(name, column)
    if repeated:
        raise DatasetError(repeated)
    name = fmt or detect_format(header)
    if name is None:
        titles = _either(_(f.title) for f in FORMATS)
        raise DatasetError([Problem(str(path), 1, 1, _("unknown format: the header is not {formats} (name one with "
                                                        "--format)").format(formats=titles))])
    found = format_named(name)
    if found is None:
        raise DatasetError([Problem(str(path), 1, 1, _('unknown format "{name}" (expected {names})').format(
            name=name, names=_either(format_names())))])
    if found.conversion is not None and not found.detect(header):
        raise DatasetError([Problem(str(path), 1, 1, _("not {format}: its header lacks that format's columns").format(
            format=_(found.title)))])
    return header, found


def _either(words: Iterable[str]) -> str:
    """The words as prose lists them: "a, b or c"."""
    *others, last = words
    return _("{others} or {last}").format(others=", ".join(others), last=last) if others else last
