"""The README's Python example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import plotly.graph_objects as go

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks(section: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", part, flags=re.S)


def test_figures_example_runs(monkeypatch, tmp_path):
    """The one-import example writes its files and serves (here: says it would); the registry example draws."""
    import dashboard.api

    shown, served = [], []
    monkeypatch.setattr(go.Figure, "show", lambda self, *a, **k: shown.append(self))
    monkeypatch.setattr(dashboard.api, "serve", lambda data, **k: served.append(data))
    monkeypatch.chdir(tmp_path)
    api, registry = python_blocks("Using the figures from Python")
    namespace: dict = {}
    exec(compile(api, "README.md", "exec"), namespace)
    assert namespace["talks"].count == 5 and served == [namespace["data"]]
    assert (tmp_path / "talks.pdf").read_bytes().startswith(b"%PDF") and "Where they met" in (
        tmp_path / "where.svg").read_text(encoding="utf-8")
    exec(compile(registry, "README.md", "exec"), namespace)
    (framed,) = shown
    assert str(framed.layout.xaxis.range[0]).startswith("2023-05-01")


def test_data_contract_example_runs():
    (code,) = python_blocks("The data contract")
    exec(compile(code, "README.md", "exec"), {})


def test_the_settings_table_lists_every_setting_and_only_those():
    """The README's settings table is held to the declarations in ``dashboard/settings.py``."""
    import dataclasses
    import re

    from dashboard.settings import Settings

    declared = {f.metadata["env"] for f in dataclasses.fields(Settings) if "env" in f.metadata}
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Settings"):text.index("## The data contract")]
    listed = set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.M))
    assert listed == declared
