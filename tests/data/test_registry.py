"""The registry of names: aliases resolve both ways, colours are stable."""

from __future__ import annotations

import pytest

from dashboard.data import DATA_DIR, DatasetError
from dashboard.data.registry import load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry(DATA_DIR / "actors.csv")


@pytest.mark.parametrize("spelling, canonical", [
    ("Pashinyan", "Nikol Pashinian"), ("pashinian", "Nikol Pashinian"),
    ("Latchine corridor", "Lachin corridor"), ("Baku", "Azerbaijan"), ("Yerevan", "Armenia"),
    ("the Kremlin", "Russia"), ("Washington", "United States"), ("EU", "European Union"),
])
def test_aliases_resolve_to_canonical_names(registry, spelling, canonical):
    assert registry.canonical(spelling) == canonical


def test_spellings_of_expand_an_alias_to_its_whole_group(registry):
    assert {"pashinian", "nikol pashinian", "pashinyan"} <= registry.spellings_of("Pashinyan")
    assert {"latchine", "latchine corridor", "lachin corridor"} <= registry.spellings_of("Lachin")


def test_unknown_names_pass_through(registry):
    assert registry.canonical("Somewhere Else") == "Somewhere Else"
    assert registry.spellings_of("Somewhere") == frozenset({"somewhere"})


def test_colours_are_stable_and_hex(registry):
    assert registry.colour("Armenia") == registry.colour("Yerevan") == "#E69F00"
    assert registry.colour("An unlisted militia") == registry.colour("An unlisted militia")
    assert all(n.colour.startswith("#") and len(n.colour) == 7 for n in registry.names.values())


def test_an_alias_may_mean_only_one_name(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("name,kind,aliases,colour\nA,state,X,#000000\nB,state,X,#111111\n")
    with pytest.raises(DatasetError) as error:
        load_registry(path)
    assert str(error.value) == f'{path}:3:3: aliases: "X" already means A'
