"""Event-type colours: families, and no two alike for anyone — with normal colour vision or the common
deficiencies (simulated with Machado, Oliveira & Fernandes 2009, severity 1)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dashboard.data.vocabulary import ACLED_EVENT_TYPES, EVENT_TYPES, FAMILIES, UCDP_EVENT_TYPES

ALL = EVENT_TYPES + ACLED_EVENT_TYPES + UCDP_EVENT_TYPES
SIMULATIONS = {
    "normal vision": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
#: Smallest CIE76 colour difference allowed between two types' colours (about 2.3 is "just noticeable").
MIN_DIFFERENCE = {"normal vision": 15, "deuteranopia": 9, "protanopia": 9}


def lab(hex_colour: str, simulation: np.ndarray) -> np.ndarray:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.clip(simulation @ np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4), 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    x, y, z = np.where(xyz / [0.95047, 1, 1.08883] > 0.008856, np.cbrt(xyz / [0.95047, 1, 1.08883]),
                       7.787 * xyz / [0.95047, 1, 1.08883] + 16 / 116)
    return np.array([116 * y - 16, 500 * (x - y), 200 * (y - z)])


@pytest.mark.parametrize("vision", sorted(SIMULATIONS))
def test_no_two_event_types_of_any_source_look_alike(vision):
    colours = {t.name: lab(t.colour, SIMULATIONS[vision]) for t in ALL}
    closest = min((float(np.linalg.norm(colours[a] - colours[b])), a, b) for a, b in itertools.combinations(colours, 2))
    assert closest[0] >= MIN_DIFFERENCE[vision], closest


def test_every_type_belongs_to_a_family_and_colours_are_unique():
    assert all(t.family in FAMILIES for t in ALL)
    assert len({t.colour.upper() for t in ALL}) == len(ALL)
    assert {t.family for t in ALL} == set(FAMILIES)


def test_marks_stand_out_from_the_white_page():
    white = lab("#FFFFFF", SIMULATIONS["normal vision"])
    assert min(float(np.linalg.norm(lab(t.colour, SIMULATIONS["normal vision"]) - white)) for t in ALL) >= 20
