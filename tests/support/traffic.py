"""Requests a browser makes to the dashboard, built from the app's own callback list.

Shared by the load runs, the production tests and the benchmarks, so all exercise
exactly what the page does when it draws a view.
"""

from __future__ import annotations

import json

#: Views a reader might open: every parameter, aliases, a selection, a date window.
QUERIES = (
    "", "?type=talks", "?actor=Russia&from=2020-01-01", "?q=Pashinyan", "?q=Lachin&group=actor",
    "?type=clash&event=border-clash-2023-05-11", "?from=2023-04-01&to=2023-05-31", "?actor=Armenia&actor=Azerbaijan",
)
#: The widest comparison a reader may ask for (``/export/pairs.csv``): the server clamps it to what it allows.
WIDEST_PAIRS = "days=365&km=5000&same_side=0"
#: Inputs besides the URL that a view-drawing callback may take, and the value they hold on first draw.
DRAWING_INPUTS = {("map-extent", "value"): "region", ("filter-actor-search", "value"): None, ("around-km", "value"): 50,
                  ("timeline", "relayoutData"): None, ("map", "relayoutData"): None,
                  ('{"chart":"timeline","type":"chart-width"}', "data"): None,
                  ('{"chart":"timeline","type":"chart-zoom"}', "data"): None,
                  ('{"chart":"map","type":"chart-width"}', "data"): None,
                  ('{"chart":"map","type":"chart-zoom"}', "data"): None}


def _id_key(component) -> str:
    """A component id as Dash's dependency list writes it (a dict id as compact JSON with sorted keys)."""
    if isinstance(component, dict):
        return json.dumps(component, sort_keys=True, separators=(",", ":"))
    return component


def outputs_of(output: str) -> list[dict] | dict:
    """Dash's "..a.b...c.d.." output string as [{"id": "a", "property": "b"}, …]."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    result = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        result.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    return result if output.startswith("..") else result[0]


def output_names(output: str) -> list[str]:
    """Dash's "..a.b...c.d.." output string as ["a.b", "c.d"] (one name for a single output)."""
    return output.strip(".").split("...") if output.startswith("..") else [output]


def _is_wildcard(item: dict) -> bool:
    return isinstance(item["id"], str) and item["id"].startswith("{") and '["ALL"]' in item["id"]


def url_callbacks(dependencies: list[dict]) -> list[dict]:
    """The callbacks that draw the page from the URL (or from the view query the charts follow, which the
    browser copies from it): timeline, map, details, table page, lists."""
    def draws_from_url(d: dict) -> bool:
        inputs = [(i["id"], i["property"]) for i in d["inputs"]]
        others = [i for i in d["inputs"][1:] + d["state"]]
        return (inputs[:1] in ([("url", "search")], [("view-query", "data")]) and not d.get("clientside_function")
                and all(_is_wildcard(i) or (_id_key(i["id"]), i["property"]) in DRAWING_INPUTS for i in others)
                and not d["output"].startswith("{"))

    return [d for d in dependencies if draws_from_url(d)]


def callback_payload(dependency: dict, search: str) -> dict:
    """The body the page posts to /_dash-update-component when the URL's query is ``search``."""
    def value(item: dict):
        if _is_wildcard(item):
            return []
        if (item["id"], item["property"]) in (("url", "search"), ("view-query", "data")):
            return {"id": item["id"], "property": item["property"], "value": search}
        component = json.loads(item["id"]) if item["id"].startswith("{") else item["id"]
        return {"id": component, "property": item["property"],
                "value": DRAWING_INPUTS[(_id_key(item["id"]), item["property"])]}

    return {
        "output": dependency["output"],
        "outputs": outputs_of(dependency["output"]),
        "inputs": [value(i) for i in dependency["inputs"]],
        "changedPropIds": [f"{dependency['inputs'][0]['id']}.{dependency['inputs'][0]['property']}"],
        "state": [value(s) for s in dependency["state"]],
    }
