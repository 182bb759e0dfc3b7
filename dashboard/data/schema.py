"""The data contract: every column of an events table, declared once.

``load_events`` returns these columns in this order; the CSV reader checks
files against them; ``data/README.md`` documents them (a test keeps the two in
step). Later importers produce the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.data.vocabulary import DATE_PRECISIONS, EVENT_TYPE_NAMES, GEO_PRECISIONS, STATUSES
from dashboard.language import N_

#: Separator of list items in a CSV cell (``Armenia; Azerbaijan``).
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of the contract.

    ``kind`` is one of ``text``, ``url``, ``choice``, ``date``, ``list``,
    ``float``, ``int``. ``in_header`` says whether a CSV file must have the column;
    ``required`` whether every row needs a value. A ``choice`` column's ``term`` names
    what its values are, as a problem names it ("unknown event type"), marked for the catalogue.
    """

    name: str
    kind: str
    help: str
    in_header: bool = True
    required: bool = False
    choices: frozenset[str] | None = None
    bounds: tuple[float, float] | None = None
    term: str = ""

    def __post_init__(self):
        if self.kind == "choice" and not self.term:
            raise ValueError(f"column {self.name!r}: a choice column names its values' term")


COLUMNS: tuple[Column, ...] = (
    Column("event_id", "text", "Unique, stable identifier (never reused or renumbered).", required=True),
    Column("title", "text", "Short headline.", required=True),
    Column("label", "text", "A few words naming the event on charts and keys (default: the title, shortened).",
           in_header=False),
    Column("summary", "text", "One to three sentences, in the curator's own words."),
    Column("event_type", "choice", "Kind of event.", required=True, choices=EVENT_TYPE_NAMES, term=N_("event type")),
    Column("status", "choice", "occurred or scheduled, as of the source's publication.",
           required=True, choices=frozenset(STATUSES), term=N_("status")),
    Column("date_start", "date", "First day of the event's window (YYYY-MM-DD).", required=True),
    Column("date_end", "date", "Last day of the window (YYYY-MM-DD); empty means the same as date_start."),
    Column("date_precision", "choice", "How precisely the window is known.",
           required=True, choices=frozenset(DATE_PRECISIONS), term=N_("date precision")),
    Column("date_text", "text", "The date as the source words it."),
    Column("date_basis", "text", "How the window was fixed; names any other source used."),
    Column("actors", "list", "Canonical names of states and organisations, ';'-separated."),
    Column("people", "list", "People named, as the source spells them, ';'-separated."),
    Column("location", "text", "Place name."),
    Column("country", "text", "Country the place lies in."),
    Column("admin1", "text", "First-order administrative division the place lies in (a province, a region: ACLED's "
           "admin1, UCDP's adm_1); the area trends are counted by.", in_header=False),
    Column("latitude", "float", "Decimal degrees, -90 to 90.", bounds=(-90.0, 90.0)),
    Column("longitude", "float", "Decimal degrees, -180 to 180.", bounds=(-180.0, 180.0)),
    Column("geo_precision", "choice", "What the coordinates stand for.", choices=frozenset(GEO_PRECISIONS),
           term=N_("geo precision")),
    Column("geo_basis", "text", "How the place was fixed; names any other source used.", in_header=False),
    Column("sub_event_type", "text", "A finer type from the source's own scheme (ACLED's sub_event_type).",
           in_header=False),
    Column("fatalities", "int", "People killed, only as the source states it.", bounds=(0, float("inf"))),
    Column("fatalities_low", "int", "Low estimate of people killed, where the source gives one (UCDP).",
           in_header=False, bounds=(0, float("inf"))),
    Column("fatalities_high", "int", "High estimate of people killed, where the source gives one (UCDP).",
           in_header=False, bounds=(0, float("inf"))),
    Column("injuries", "int", "People wounded, only as the source states it.", bounds=(0, float("inf"))),
    Column("source", "text", "Outlet, title and publication date of the source.", required=True),
    Column("source_date", "date", "Publication date of the source (YYYY-MM-DD).", in_header=False),
    Column("source_url", "url", "Address of the source (http or https), if known; never invented."),
    Column("source_excerpt", "text", "The source's words that support the event, verbatim."),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
COLUMNS_BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}
LIST_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "list")
DATE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == "date")
