#!/usr/bin/env python3
"""Build the offline map boundaries in data/boundaries/ from Natural Earth via world-atlas.

Source: the npm package world-atlas 2.0.2 (Mike Bostock's TopoJSON redistribution of
Natural Earth 4.1.0 Admin 0 country boundaries; Natural Earth is public domain;
world-atlas is under the ISC licence). Run from the repository root:

    python scripts/build_boundaries.py            # fetches world-atlas with `npm pack`
    python scripts/build_boundaries.py --from DIR # or reads an unpacked package

It writes
- data/boundaries/world-110m.geojson: every country at 1:110m, for the whole-world view;
- data/boundaries/caucasus-10m.geojson: countries at 1:10m clipped to the South
  Caucasus box (lon 36..54, lat 34..47), for the regional view;
- data/boundaries/SOURCE.md: where they came from.
Each feature carries its country name and a label point (the centre of its
largest ring's bounding box, clipped).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

PACKAGE = "world-atlas@2.0.2"
OUT = Path("data/boundaries")
CAUCASUS_BOX = (36.0, 34.0, 54.0, 47.0)  # west, south, east, north


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat arcs from a quantised, delta-encoded TopoJSON topology."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """Sutherland–Hodgman clipping of a ring to an axis-aligned box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cut_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cut_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cut_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cut_y(a, b, north)),
    ]
    for inside, cut in edges:
        if not points:
            break
        result = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    result.append(cut(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cut(previous, current))
        points = result
    return points


def _cut_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cut_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def features(topology: dict, digits: int, box=None) -> list[dict]:
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        kept = []
        for polygon in polygons(geometry, arcs):
            rings = [clip(r, box) if box else r for r in polygon]
            rings = [[(round(x, digits), round(y, digits)) for x, y in r] for r in rings if len(r) >= 4]
            rings = [r + [r[0]] if r[0] != r[-1] else r for r in rings]
            if rings:
                kept.append(rings)
        if not kept or not name:
            continue
        largest = max((p[0] for p in kept), key=_extent)
        xs, ys = [x for x, _ in largest], [y for _, y in largest]
        label = [round((min(xs) + max(xs)) / 2, 3), round((min(ys) + max(ys)) / 2, 3)]
        out.append({"type": "Feature", "properties": {"name": name, "label": label},
                    "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return out


def _extent(points) -> float:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def fetch(directory: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=directory, check=True, stdout=subprocess.DEVNULL)
    tarball = next(directory.glob("world-atlas-*.tgz"))
    subprocess.run(["tar", "xzf", tarball.name], cwd=directory, check=True)
    return directory / "package"


def write(name: str, items: list[dict]) -> None:
    path = OUT / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": items}, separators=(",", ":")))
    print(f"wrote {path} ({len(items)} countries, {path.stat().st_size // 1024} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, help="an unpacked world-atlas package directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        package = args.source or fetch(Path(tmp))
        OUT.mkdir(parents=True, exist_ok=True)
        world = json.loads((package / "countries-110m.json").read_text())
        detail = json.loads((package / "countries-10m.json").read_text())
        write("world-110m.geojson", features(world, digits=2))
        write("caucasus-10m.geojson", features(detail, digits=3, box=CAUCASUS_BOX))
    (OUT / "SOURCE.md").write_text(SOURCE)


SOURCE = """# Map boundaries

Made by `scripts/build_boundaries.py` from the npm package **world-atlas 2.0.2** (TopoJSON by
Mike Bostock, ISC licence), which redistributes **Natural Earth 4.1.0** Admin 0 country
boundaries (public domain, naturalearthdata.com).

- `world-110m.geojson`: all countries at 1:110m, coordinates rounded to 0.01°.
- `caucasus-10m.geojson`: countries at 1:10m clipped to lon 36–54°E, lat 34–47°N,
  coordinates rounded to 0.001°.

Natural Earth draws Nagorno-Karabakh inside Azerbaijan and has no polygon of its own in these
files; the map labels it at a representative point instead of drawing a boundary nobody sourced.
Each feature's `label` is the centre of its largest ring's bounding box.
"""

if __name__ == "__main__":
    main()
