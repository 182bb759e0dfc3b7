"""Requests a browser makes to the dashboard, built from the app's own callback list.

Shared by the load test (``locustfile.py``) and the production tests, so both
exercise exactly what the page does.
"""

from __future__ import annotations

import json

#: Views a reader might open: every parameter, aliases, a selection, a date window.
QUERIES = (
    "", "?type=talks", "?actor=Russia&from=2020-01-01", "?q=Pashinyan", "?q=Lachin&group=actor",
    "?type=clash&event=border-clash-2023-05-11", "?from=2023-04-01&to=2023-05-31", "?actor=Armenia&actor=Azerbaijan",
)


def outputs_of(output: str) -> list[dict]:
    """Dash's "..a.b...c.d.." output string as [{"id": "a", "property": "b"}, …]."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    result = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        result.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    return result if output.startswith("..") else result[0]


#: Values the page's other controls hold when it draws a view.
CONTROL_VALUES = {("map-extent", "value"): "region", ("filter-actor-search", "value"): None}


def url_callbacks(dependencies: list[dict]) -> list[dict]:
    """The callbacks that draw the page from the URL (the timeline, table, details, map and lists)."""
    def draws_from_url(d: dict) -> bool:
        inputs = [(i["id"], i["property"]) for i in d["inputs"]]
        return (inputs[:1] == [("url", "search")] and all(i in CONTROL_VALUES for i in inputs[1:])
                and not d["state"] and not d.get("clientside_function"))

    return [d for d in dependencies if draws_from_url(d)]


def callback_payload(dependency: dict, search: str) -> dict:
    """The body the page posts to /_dash-update-component when the URL's query is ``search``."""
    inputs = [{"id": "url", "property": "search", "value": search}] + [
        {"id": i["id"], "property": i["property"], "value": CONTROL_VALUES[(i["id"], i["property"])]}
        for i in dependency["inputs"][1:]]
    return {
        "output": dependency["output"],
        "outputs": outputs_of(dependency["output"]),
        "inputs": inputs,
        "changedPropIds": ["url.search"],
        "state": [],
    }
