"""The one distance of the dashboard: great-circle kilometres, for numpy arrays and ibis expressions alike."""

from __future__ import annotations

import numpy as np

EARTH_KM = 6371.0


def great_circle_km(lat, lon, lats, lons, *, math=np):
    """Haversine distances in km from (``lat``, ``lon``) to (``lats``, ``lons``), all in degrees.

    ``math`` supplies ``radians``, ``sin``, ``cos``, ``arcsin``, ``sqrt`` and ``clip``: numpy (the default)
    for arrays, ``dashboard.query.rules.IBIS_MATH`` for the engine's expressions — one formula for both.
    """
    lat0, lon0, lat1, lon1 = math.radians(lat), math.radians(lon), math.radians(lats), math.radians(lons)
    h = math.sin((lat1 - lat0) / 2) ** 2 + math.cos(lat0) * math.cos(lat1) * math.sin((lon1 - lon0) / 2) ** 2
    return 2 * EARTH_KM * math.arcsin(math.sqrt(math.clip(h, 0.0, 1.0)))
