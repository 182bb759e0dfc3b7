"""What an import format declares, once: an ``ImportFormat`` record.

A format's own module (``acled``, ``ucdp``, ``native``) holds its rules and its record; ``formats.FORMATS``
lists the records, and detection, the in-memory import, the store import, origins, figure colours, the
settings and the CLI all loop over that list — none of them names a format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.data.conversion import Cells, Conversion
from dashboard.data.vocabulary import EventType


# eq=False: a record is equal only to itself, and hashing it (the registry keys cached lookups) costs nothing
@dataclass(frozen=True, eq=False)
class ImportFormat:
    """One import format.

    - ``name``: its ``--format``/``DASHBOARD_FORMAT`` value, also written in a store's list of sources;
    - ``title``: the format in words, as messages name it (``N_("an ACLED export")``: marked for the catalogue,
      said in the reader's language where a message names it);
    - ``detect``: whether a file's header (its names, stripped) is this format's;
    - ``conversion``: its rules, SQL over a file's cells (``conversion.Conversion``) — an export whose
      unimportable rows are left out and listed one by one; or else
    - ``read``: a reader of the whole file, ``path → (events, the line each starts on)``, that raises
      ``DatasetError`` for any problem (the project's own CSV: curated data is accepted whole or not at all);
    - ``origin``: the dataset its events come from, as their ``source`` begins ("ACLED"); empty when the
      origin is each event's own outlet;
    - ``event_types``: the types its events carry, each with its label, colour and colour family.

    Exactly one of ``conversion`` and ``read`` is given; ``ValueError`` otherwise.
    """

    name: str
    title: str
    detect: Callable[[list[str]], bool]
    conversion: Callable[[Cells], Conversion] | None = None
    read: Callable[[Path], tuple] | None = None
    origin: str = ""
    event_types: tuple[EventType, ...] = ()

    def __post_init__(self):
        if (self.conversion is None) == (self.read is None):
            raise ValueError(f"import format {self.name!r}: give either its conversion rules or its reader")
