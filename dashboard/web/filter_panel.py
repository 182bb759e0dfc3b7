"""The filter panel and every parameter's control, drawn from the declarations (``dashboard.query.params``).

Each declared ``Control`` names its kind ("search", "checklist", "actors", "date", "radio", "number") and
where its choices come from; this module turns that into components. The panel loops over the parameters
placed in "filters" (those sharing a group share a fieldset); a chart's card gets the controls placed on it.
Nothing here names a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import groupby

import dash_bootstrap_components as dbc
from dash import html

from dashboard import ids
from dashboard.figures.style import type_colour, type_label
from dashboard.language import _, formats, language
from dashboard.query.dataset import Dataset
from dashboard.query.params import Param
from dashboard.query.playback import WINDOW_PRESETS
from dashboard.web.controls import controlled


def filters_panel(dataset: Dataset) -> dbc.Card:
    """The panel: a heading, each control placed in "filters" in its order, and the reset button."""
    params = sorted(controlled("filters"), key=lambda p: p.control.order)
    sections = [_section(group, list(members), dataset)
                for group, members in groupby(params, key=lambda p: p.control.group or p.key)]
    return dbc.Card(dbc.CardBody([
        html.Div([
            html.H2(_("Filters"), className="h6 text-uppercase text-muted mb-0"),
            dbc.Button(_("Done"), id=ids.FILTERS_CLOSE, size="sm", color="primary", className="d-md-none"),
        ], className="d-flex justify-content-between align-items-center mb-2"),
        *sections,
        dbc.Button(_("Reset all filters"), id=ids.RESET, color="secondary", outline=True, size="sm", className="w-100"),
    ]), className="shadow-sm")


def chart_controls(chart: str, dataset: Dataset) -> list:
    """The controls a chart's card holds (the map's extent switch)."""
    return [control(p, dataset) for p in controlled(chart)]


def control(param: Param, dataset: Dataset):
    """The component of one parameter's control, with its id (``ids.control``) and no value (the URL fills it)."""
    return BUILDERS[param.control.kind](param, dataset)


def _section(group: str, members: list[Param], dataset: Dataset):
    if len(members) == 1 and members[0].control.group is None:
        return control(members[0], dataset)
    notes = [_(p.control.note) for p in members if p.control.note]
    return html.Fieldset([
        html.Legend(_(group), className="form-label fs-6"),
        dbc.Row([dbc.Col(control(p, dataset), width=12 if p.control.kind in ("radio", "words") else None)
                 for p in members],
                className="g-2"),
        *[dbc.FormText(note) for note in notes],
    ], className="mb-3")


def _search(param: Param, dataset: Dataset):
    return html.Div([
        dbc.Label(_(param.control.label), html_for=ids.control(param.key)),
        dbc.Input(id=ids.control(param.key), type="search", debounce=True, placeholder=_(param.control.placeholder),
                  autocomplete="off"),
    ], className="mb-3")


def _checklist(param: Param, dataset: Dataset):
    options = OPTIONS[param.control.options](dataset, {})
    return html.Fieldset([
        html.Legend(_(param.control.label), className="form-label fs-6"),
        dbc.Checklist(id=ids.control(param.key), options=options, value=[], label_class_name="w-100",
                      class_name=f"{param.key}-checklist"),
    ], className="mb-3", hidden=len(options) < 2)


def _actors(param: Param, dataset: Dataset):
    return html.Fieldset([
        html.Legend(_(param.control.label), className="form-label fs-6"),
        dbc.Label(_("Find an actor"), html_for=ids.ACTOR_SEARCH, className="visually-hidden"),
        dbc.Input(id=ids.ACTOR_SEARCH, type="search", size="sm", placeholder=_("Find an actor…"), autocomplete="off",
                  className="mb-2"),
        html.Div(dbc.Checklist(id=ids.control(param.key), value=[], label_class_name="w-100",
                               options=actor_options(list(dataset.actors[:40]), {}, (), dataset.members)),
                 className="actor-list", tabIndex=0, role="group", **{"aria-label": _(param.control.label)}),
        html.Small(id=ids.ACTOR_NOTE, className="text-muted"),
    ], className="mb-3")


def _date(param: Param, dataset: Dataset):
    first, last = dataset.first, dataset.last
    return html.Div([
        dbc.Label(_(param.control.label), html_for=ids.control(param.key), className="small mb-0"),
        dbc.Input(id=ids.control(param.key), type="date", size="sm", min=first.date().isoformat(),
                  max=last.date().isoformat(), debounce=True),
    ])


def _number(param: Param, dataset: Dataset):
    return html.Div([
        dbc.Label(_(param.control.label), html_for=ids.control(param.key)),
        dbc.Input(id=ids.control(param.key), type="number", size="sm", debounce=True, min=0,
                  placeholder=_(param.control.placeholder)),
        *([dbc.FormText(_(param.control.note))] if param.control.note else []),
    ], className="mb-3")


def _radio(param: Param, dataset: Dataset):
    radio = dbc.RadioItems(id=ids.control(param.key), options=OPTIONS[param.control.options](dataset, {}),
                           value=param.default, inline=True)
    if param.control.place != "filters":  # on a chart's card header: a small switch beside the title
        radio.className = "small"
        return radio
    return html.Fieldset([html.Legend(_(param.control.label), className="form-label fs-6"), radio], className="mb-3")


def _text(param: Param, dataset: Dataset):
    """A short text with suggestions (the frame's window: "1w", "2w", "1m"…); any value a URL takes is allowed."""
    suggestions = OPTIONS[param.control.options](dataset, {}) if param.control.options else []
    listed = f"{ids.control(param.key)}-suggestions"
    return html.Div([
        dbc.Label(_(param.control.label), html_for=ids.control(param.key), className="small mb-0"),
        dbc.Input(id=ids.control(param.key), type="text", size="sm", debounce=True, list=listed, autocomplete="off",
                  placeholder=_(param.control.placeholder), maxLength=8),
        html.Datalist([html.Option(value=o["value"], label=o["label"]) for o in suggestions], id=listed),
    ])


def _words(param: Param, dataset: Dataset):
    """A line of your own for the charts' downloads and embeds (their title, a note…), at most its bound."""
    return html.Div([
        dbc.Label(_(param.control.label), html_for=ids.control(param.key), className="small mb-0"),
        dbc.Input(id=ids.control(param.key), type="text", size="sm", debounce=True, autocomplete="off",
                  placeholder=_(param.control.placeholder) if param.control.placeholder else "",
                  maxLength=param.control.most or None),
    ])


BUILDERS: Mapping[str, Callable] = {"search": _search, "checklist": _checklist, "actors": _actors, "date": _date,
                                    "number": _number, "radio": _radio, "text": _text, "words": _words}


def type_options(event_types: list[str], counts: dict[str, int] | None) -> list[dict]:
    """Checklist options: a colour swatch, the type's name and how many events the other filters keep."""
    return _type_options(tuple(event_types), tuple((counts or {}).items()), language())


@lru_cache(maxsize=512)
def _type_options(event_types: tuple[str, ...], counted: tuple[tuple[str, int], ...], lang: str) -> list[dict]:
    # the same counts give the same options: views that differ only in selection, lanes or extent, and
    # every reader of one view, share them (the components are never changed once made); kept per language
    counts = dict(counted)
    options = []
    for event_type in event_types:
        colour = type_colour(event_type)
        options.append({"value": event_type, "label": html.Span([
            html.Span(className="swatch", style={"backgroundColor": colour}),
            html.Span(type_label(event_type).replace("/", "/\u200b")),  # "Explosions/Remote violence" may break
            html.Span(formats.number(counts.get(event_type, 0)) if counts else "", className="count ms-auto"),
        ], className="d-flex align-items-center gap-2 w-100")})
    return options


def source_options(origins: list[str], counts: dict[str, int] | None) -> list[dict]:
    """Checklist options: each dataset the events come from, with how many the other filters keep."""
    return _source_options(tuple(origins), tuple((counts or {}).items()), language())


@lru_cache(maxsize=512)
def _source_options(origins: tuple[str, ...], counted: tuple[tuple[str, int], ...], lang: str) -> list[dict]:
    counts = dict(counted)
    return [{"value": origin, "label": html.Span([
        html.Span(origin),
        html.Span(formats.number(counts.get(origin, 0)) if counts else "", className="count ms-auto"),
    ], className="d-flex align-items-center gap-2 w-100")} for origin in origins]


def actor_options(actors: list[str], counts: dict[str, int] | None, chosen: tuple[str, ...],
                  members: Mapping[str, tuple[str, ...]] | None = None, find: str | None = None) -> list[dict]:
    """Checklist options "Armenia  12": chosen actors first, then by count; under an actor that counts
    other sources' actors (its members), their names as the sources write them — two and a count, or all
    of them once the actor is chosen or ``find`` matches one of them."""
    counts, members = counts or {}, members or {}
    words = (find or "").strip().lower()
    order = sorted(actors, key=lambda a: (a not in chosen, -counts.get(a, 0), a))

    def expanded(actor: str) -> bool:
        return actor in chosen or bool(words) and any(words in m.lower() for m in members.get(actor, ()))

    return [{"value": a, "label": html.Span([
        html.Span([html.Span(a), _members_line(members.get(a, ()), shown=len(members.get(a, ())) if expanded(a)
                                               else 2)], className="actor-name"),
        html.Span(formats.number(counts[a]) if a in counts else "", className="count ms-auto")],
        className="d-flex gap-2 w-100")} for a in order]


def _members_line(names: tuple[str, ...], shown: int = 2):
    """"incl. Military Forces of Azerbaijan (2003-), Government of Azerbaijan +3" (all of them on hover)."""
    if not names:
        return None
    listed = ", ".join(names[:shown])
    line = (_("incl. {names} +{more}").format(names=listed, more=formats.number(len(names) - shown))
            if len(names) > shown else _("incl. {names}").format(names=listed))
    return html.Small(line, title=_("Counted here: {names}").format(names="; ".join(names)),
                      className="actor-members d-block text-muted")


def actor_note(shown: int, matching: int, find: str | None) -> str:
    """The line under the actor list: how many are listed, and how to find the rest."""
    if find and not matching:
        return _("No actor matches “{text}”.").format(text=find)
    if shown < matching:
        return _("Showing {shown} of {count} actors; type to find others.").format(
            shown=formats.number(shown), count=formats.number(matching))
    return ""


def _lanes(dataset: Dataset, counts) -> list[dict]:
    return [{"label": _("By event type"), "value": "type"}, {"label": _("By actor"), "value": "actor"}] + (
        [{"label": _("By source"), "value": "source"}] if len(dataset.origins) > 1 else [])


def _extents(dataset: Dataset, counts) -> list[dict]:
    return [{"label": _("Main region"), "value": "region"}, {"label": _("All events"), "value": "all"}]


#: Where a control's choices come from, by the name its declaration gives: (dataset, counts) → options.
OPTIONS: Mapping[str, Callable[[Dataset, dict], list[dict]]] = {
    "event_types": lambda dataset, counts: type_options(list(dataset.event_types), counts),
    "origins": lambda dataset, counts: source_options(list(dataset.origins), counts),
    "lanes": _lanes,
    "extents": _extents,
    "windows": lambda dataset, counts: [{"label": w.words(), "value": str(w)} for w in WINDOW_PRESETS],
    "modes": lambda dataset, counts: [{"label": _("Sliding window"), "value": "sliding"},
                                      {"label": _("Everything up to"), "value": "cumulative"}],
}
