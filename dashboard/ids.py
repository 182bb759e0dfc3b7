"""Component ids, defined once. Layouts and callbacks import these names; values are kebab-case."""

URL = "url"
VIEW_QUERY = "view-query"
NOTICES = "url-notices"
DATASET_CAPTION = "dataset-caption"



def control(key: str) -> str:
    """Id of the control of URL parameter ``key`` (in the filter panel or on a chart's card)."""
    return f"filter-{key}"


SEARCH = control("q")
TYPES = control("type")
SOURCES = control("source")
ACTORS = control("actor")
ACTOR_SEARCH = "filter-actor-search"
ACTOR_NOTE = "filter-actor-note"
DATE_FROM = control("from")
DATE_TO = control("to")
GROUP = control("group")
RESET = "filter-reset"
FILTERS_TOGGLE = "filters-toggle"
FILTERS_COLLAPSE = "filters-collapse"

COPY_LINK = "copy-link"
SHARE_LINK = "share-link"
DOWNLOAD_LINK = "download-link"
EMBED_OPEN = "embed-open"
EMBED_DIALOG = "embed-dialog"
EMBED_TITLE = "embed-dialog-title"
EMBED_CODE = "embed-code"
STORY_MENU = "story-menu"
STORY_ADD = "story-add"
STORY_DRAFT = "story-draft-open"
STORY_STATUS = "story-draft-status"
STORIES_LINK = "stories-link"
CURATE_LINK = "curate-link"

EVENT_COUNT = "event-count"
AROUND_KM = "around-km"
TIMELINE = "timeline"
TIMELINE_RANGE = "timeline-range"
TABLE_RELOAD = "event-table-reload"
MAP = "map"
#: Where the map's place-spreading callback writes (nothing: it moves marks in the browser).
MAP_PLACES = "map-places"
#: The dashboard's public address (DASHBOARD_PUBLIC_URL), for the links the browser writes.
PUBLIC_URL = "public-url"
#: The Embed dialog's warning that its snippets point at this machine.
EMBED_ONLY_HERE = "embed-only-here"
#: The radius choice of "other sources around this event" (shown with an event selected and several sources).
AROUND_CONTROLS = "around-controls"
MAP_EXTENT = control("extent")
DETAILS = "event-details"
CLEAR_SELECTION = "clear-selection"
TABLE = "event-table"
TABLE_SLOT = "event-table-slot"
TABLE_LOADER = "event-table-loader"
TABLE_SHOWN = "event-table-shown"
TABLE_CLICK = "event-table-click"

RANGE_PRESET = "range-preset"
AGENDA = "timeline-agenda"
AGENDA_ITEM = "agenda-item"
FILTERS_CLOSE = "filters-close"
RANGE_PRESETS = "range-presets"
PRESET_APPLIED = "range-preset-applied"
EMBED_PATHS = "embed-paths"
CHART_WIDTH = "chart-width"
CHART_ZOOM = "chart-zoom"
LANGUAGE_LINK = "language-link"


def download_link(name: str) -> dict:
    """Id of the download link for export ``name`` (e.g. "timeline.png")."""
    return {"type": DOWNLOAD_LINK, "name": name}


def embed_code(chart: str) -> str:
    """Id of the text box holding the iframe snippet for ``chart``."""
    return f"{EMBED_CODE}-{chart}"


def range_preset(index: int) -> dict:
    """Id of the timeline's quick-range button number ``index``."""
    return {"type": RANGE_PRESET, "index": index}


def chart_width(chart: str) -> dict:
    """Id of the store holding the width (CSS px) the page draws ``chart`` at."""
    return {"type": CHART_WIDTH, "chart": chart}


def chart_zoom(chart: str) -> dict:
    """Id of the store holding the zoom the reader made on ``chart`` (None: the view's own frame)."""
    return {"type": CHART_ZOOM, "chart": chart}


def language_link(lang: str) -> dict:
    """Id of the language menu's link to this view in ``lang``."""
    return {"type": LANGUAGE_LINK, "lang": lang}


def agenda_item(event_id: str) -> dict:
    """Id of the agenda's button for an event."""
    return {"type": AGENDA_ITEM, "event": event_id}

# the player (playback through time, ``assets/playback.js``)
PLAYER = "player"
PLAY = "player-play"
STEP_BACK = "player-step-back"
STEP_FORWARD = "player-step-forward"
SCRUB = "player-scrub"
SPEED = "player-speed"
SPEED_PRESETS = "player-speed-presets"
SPEED_WORDS = "player-speed-words"
PLAY_STATUS = "player-status"
PLAY_READY = "player-ready"
