"""Several sources side by side: one set of actors across them (#11)."""

from __future__ import annotations

import pytest

from dashboard.data import BUNDLED_EVENTS, DatasetError
from dashboard.data.registry import load_registry
from dashboard.query.dataset import BUNDLED_MEMBERS, BUNDLED_REGISTRY, load_dataset
from dashboard.query.facets import actor_choices, facet_counts
from dashboard.web.layout import details_body
from dashboard.query.view import resolve_view


@pytest.fixture(scope="module")
def mixed(ucdp_sample, request):
    """The curated events, the ACLED fixture written from its codebook, and the shared UCDP sample."""
    acled = request.config.rootpath / "tests" / "fixtures" / "acled" / "current.csv"
    return load_dataset([BUNDLED_EVENTS, acled, ucdp_sample])


def test_an_actor_keeps_its_member_events_from_every_source(mixed):
    view = resolve_view(mixed, "actor=Azerbaijan")
    written = {name for names in view.events["actors"] for name in names}
    assert {"Azerbaijan", "Military Forces of Azerbaijan (2018-)", "Government of Azerbaijan (2003-)",
            "Government of Azerbaijan"} <= written
    sources = {str(s).split(";")[0].split(",")[0] for s in view.events["source"]}
    assert sources == {"Euronews with AFP", "ACLED", "UCDP GED"}
    assert facet_counts(mixed, resolve_view(mixed, "").state, "actor")["Azerbaijan"] == view.count


def test_a_source_name_in_the_url_means_the_actor_it_is_counted_as(mixed):
    assert resolve_view(mixed, "actor=Republic+of+Artsakh").state.actors == ("Nagorno-Karabakh",)
    assert resolve_view(mixed, "actor=Military+Forces+of+Azerbaijan+(2018-)").state.actors == ("Azerbaijan",)


def test_the_actor_list_shows_canonical_actors_found_by_their_members_names(mixed):
    assert "Government of Azerbaijan" not in mixed.actors and "Azerbaijan" in mixed.actors
    assert mixed.members["Nagorno-Karabakh"] == ("Republic of Artsakh",)
    names, _ = actor_choices(mixed, {}, "military forces of azer", ())
    assert names == ["Azerbaijan"]
    from dashboard.web.filter_panel import actor_options

    def members_shown(option) -> str:
        return str(option["label"].children[0].children[1].children)

    short = actor_options(["Azerbaijan"], {}, (), mixed.members)[0]
    assert members_shown(short).endswith("+1")  # two names and how many more
    for expanded in (actor_options(["Azerbaijan"], {}, ("Azerbaijan",), mixed.members)[0],
                     actor_options(["Azerbaijan"], {}, (), mixed.members, "military forces")[0]):
        assert members_shown(expanded) == ("incl. Government of Azerbaijan, Government of Azerbaijan (2003-), "
                                           "Military Forces of Azerbaijan (2018-)")


def test_unmatched_names_stay_themselves(mixed):
    assert "Government of Syria" in mixed.actors  # Syria is not in the registry: nothing to count it under


def test_details_show_the_name_as_written_and_the_actor_it_counts_as(mixed):
    row = next(e for e in mixed.events.itertuples() if "Military Forces of Azerbaijan (2018-)" in e.actors)
    text = str(details_body(row, mixed.registry.counted_as))
    assert "Military Forces of Azerbaijan (2018-) (counted as Azerbaijan)" in text


def test_a_membership_that_points_nowhere_is_reported(tmp_path):
    members = tmp_path / "actor_members.csv"
    members.write_text("member,actor,note\nArmed Forces of Atlantis (*),Atlantis,invented\n", encoding="utf-8")
    with pytest.raises(DatasetError) as raised:
        load_registry(BUNDLED_REGISTRY, members)
    assert [str(p) for p in raised.value.problems] == [
        f'{members}:2:2: actor: "Atlantis" is not in the registry (actors.csv): the membership points nowhere']


def test_the_bundled_memberships_load(mixed):
    registry = load_registry(BUNDLED_REGISTRY, BUNDLED_MEMBERS)
    assert registry.counted_as("Police Forces of Armenia (2018-)") == "Armenia"
    assert registry.counted_as("Protesters (Armenia)") == "Protesters (Armenia)"


def test_validate_reports_a_membership_that_points_nowhere(tmp_path, monkeypatch, capsys):
    import dashboard.data.registry
    from dashboard.cli import validate

    members = tmp_path / "actor_members.csv"
    members.write_text("member,actor,note\nGovernment of {state},{state},UCDP\nArmy of Atlantis,Atlantis,x\n",
                       encoding="utf-8")
    monkeypatch.setattr(dashboard.data.registry, "BUNDLED_MEMBERS", members)
    assert validate([]) == 1
    assert f'{members}:3:2: actor: "Atlantis" is not in the registry' in capsys.readouterr().out


@pytest.mark.parametrize("query", ["from=1988-01-01", "from=2023-01-01"])
def test_the_colours_of_every_type_on_the_timeline_are_distinct(mixed, query):
    from dashboard.charts import CHARTS, Canvas
    from dashboard.data.vocabulary import type_label

    view = resolve_view(mixed, query)
    figure = CHARTS["timeline"].figure(mixed, view, Canvas(width=1000))
    type_of = dict(zip(mixed.events["event_id"], mixed.events["event_type"].astype(str), strict=True))
    labels = {type_label(t): t for t in mixed.event_types}
    seen: dict[str, set[str]] = {}
    for trace in figure.data:
        colour = trace.marker.color if trace.marker else None
        if isinstance(colour, str) and trace.name in labels:
            seen.setdefault(labels[trace.name], set()).add(colour)
        elif trace.customdata is not None and isinstance(colour, (list, tuple)):
            for (event_id, *_), point_colour in zip(trace.customdata, colour, strict=True):
                seen.setdefault(type_of[event_id], set()).add(point_colour)
    seen = {t: {_hex(c) for c in colours} for t, colours in seen.items()}  # a faint band is its mark's colour
    assert set(seen) >= set(view.events["event_type"].astype(str)) and len(seen) >= 5
    assert all(len(colours) == 1 for colours in seen.values()), seen
    assert len({next(iter(c)) for c in seen.values()}) == len(seen)


def _hex(colour: str) -> str:
    if colour.startswith("rgba("):
        r, g, b, _ = colour[5:-1].split(",")
        return f"#{int(r):02X}{int(g):02X}{int(b):02X}"
    return colour.upper()


def test_each_event_keeps_the_dataset_it_came_from(mixed):
    assert set(mixed.origins) == {"Euronews", "ACLED", "UCDP GED"}
    assert resolve_view(mixed, "source=ACLED").count == 4
    assert resolve_view(mixed, "source=Euronews&source=acled").count == 23  # any case, repeatable
    view = resolve_view(mixed, "source=GDELT")
    assert view.notices == ("Ignored unknown source “GDELT”.",) and view.count == len(mixed.events)
    assert facet_counts(mixed, resolve_view(mixed, "source=ACLED").state, "source") == {
        "UCDP GED": 1000, "Euronews": 19, "ACLED": 4}


def test_lanes_by_source_and_captions_name_every_source(mixed):
    from dashboard.charts import CHARTS, Canvas
    from dashboard.output.report import caption

    view = resolve_view(mixed, "group=source")
    counts = mixed.engine.timeline_counts(view.filter, "source", None)
    assert set(counts.lanes) == {"Euronews", "ACLED", "UCDP GED"}
    small = resolve_view(mixed, "group=source&source=Euronews&source=ACLED")
    figure = CHARTS["timeline"].figure(mixed, small, Canvas(width=1000))
    assert set(figure.layout.yaxis.ticktext) == {"Euronews", "ACLED"}
    assert caption(small, mixed).endswith("Source: Euronews, 14 May 2023; ACLED")  # the sources shown
    assert caption(view, mixed).endswith("Source: UCDP GED; Euronews, 14 May 2023; ACLED")
    assert "Sources: Euronews, ACLED" in caption(small, mixed)


def test_the_curated_events_stay_visible_over_the_counts_of_a_large_source(mixed):
    from dashboard.charts import CHARTS, Canvas

    view = resolve_view(mixed, "from=1988-01-01")  # the whole history (a view opens on the article's)
    figure = CHARTS["timeline"].figure(mixed, view, Canvas(width=1000))
    assert any(t.type == "bar" for t in figure.data), "over 1,000 events: counted"
    overlay = {t.name: t for t in figure.data if t.type == "scatter" and t.name and "drawn one by one" in t.name
               and t.customdata is not None}
    curated = overlay["Euronews: 19 events, drawn one by one"]
    assert {c[0] for c in curated.customdata} == set(resolve_view(mixed, "source=Euronews").events["event_id"])
    assert "ACLED: 4 events, drawn one by one" in overlay
    counted = sum(int(sum(t.y)) for t in figure.data if t.type == "bar")
    assert counted == 1000  # UCDP's events only: the small sources are not folded into the bars
    selected = CHARTS["timeline"].figure(mixed, resolve_view(mixed, "event=brussels-trilateral-2023-05-14"),
                                         Canvas(width=1000))
    assert [t.customdata[0][0] for t in selected.data if t.name == "Selected"] == ["brussels-trilateral-2023-05-14"]


@pytest.fixture(scope="module")
def paired_sources():
    from pathlib import Path

    fixtures = Path(__file__).resolve().parent / "fixtures" / "compare"
    return load_dataset([BUNDLED_EVENTS, fixtures / "acled.csv", fixtures / "ucdp.csv"])


def test_near_keeps_located_events_within_a_radius(paired_sources):
    view = resolve_view(paired_sources, "near=40.0,46.0,5")  # CMP1 at 0 km, U7001 at 2.2 km; U7002 at 17.8 km
    assert set(view.events["event_id"]) == {"CMP1", "ucdp-7001"}
    assert "within 5 km of 40, 46" in caption_of(paired_sources, view)
    bad = resolve_view(paired_sources, "near=40,46,9999")
    assert bad.notices == ("Ignored “near=40,46,9999”: expected latitude,longitude,km (a radius up to 2,000 km).",)


def caption_of(dataset, view) -> str:
    from dashboard.output.report import caption

    return caption(view, dataset)


def test_around_an_event_counts_the_other_sources_near_it_with_a_link_to_that_view(paired_sources):
    from dashboard.query.around import around
    from dashboard.web.layout import around_block
    from dashboard.output.urls import Urls

    event = next(paired_sources.events.iloc[[paired_sources.position("ucdp-7001")]].itertuples())
    found = around(paired_sources, event, 50)
    assert found.totals == {"Euronews": 0, "ACLED": 3}  # CMP1-3 within 50 km and 30 days; CMP4 is 75 km off
    view = resolve_view(paired_sources, found.state.to_query())
    assert set(view.events["event_id"]) == {"CMP1", "CMP2", "CMP3"} and not view.notices
    assert around(paired_sources, event, 10).totals["ACLED"] == 1  # CMP1 only
    text = str(around_block(found, Urls()))
    assert "Within 50 km and 30 days either side: Euronews 0, ACLED 3." in text and "Open that view" in text
    assert around(load_dataset(), next(load_dataset().events.itertuples()), 50) is None  # one source only


def test_exports_name_the_sources_they_show(mixed):
    import json
    from datetime import date

    import plotly.graph_objects as go

    from dashboard.output.report import events_json_chunks, standalone_figure

    view = resolve_view(mixed, "source=Euronews&source=ACLED")
    head = json.loads("".join(events_json_chunks(mixed, view, made=date(2026, 1, 1))))
    assert head["source"] == "Euronews, 14 May 2023; ACLED"
    figure = standalone_figure(go.Figure(), view, mixed, chart="Timeline", made=date(2026, 1, 1))
    assert "Source: Euronews, 14 May 2023; ACLED" in figure.layout.title.subtitle.text
