"""The command line as a user runs it: python -m dashboard ..."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.cli import main


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=timeout)


def test_validate_the_bundled_data_exits_0():
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    from dashboard.data import BUNDLED_EVENTS
    from dashboard.stories.library import BUNDLED_STORIES

    assert result.stdout.splitlines() == [
        f"OK: 19 events in {BUNDLED_EVENTS}",
        f"OK: story “Брюссель, май 2023: тридцать лет конфликта и одни выходные переговоров”, 8 steps, in "
        f"{BUNDLED_STORIES / 'brussels-may-2023-ru.md'}",
        f"OK: story “Brussels, May 2023: thirty years of conflict and one weekend of talks”, 8 steps, in "
        f"{BUNDLED_STORIES / 'brussels-may-2023.md'}"]


def test_validate_lists_problems_of_several_files_and_exits_1(fixture_path):
    bad_date, bad_type = fixture_path("invalid/unparseable_date.csv"), fixture_path("invalid/unknown_event_type.csv")
    result = run("validate", str(bad_date), str(bad_type))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{bad_date}:4:6: date_start: unparseable date")
    assert lines[1].startswith(f"{bad_type}:4:4: event_type: unknown event type")
    assert "2 problems found; nothing was loaded." in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_an_invalid_dataset_with_the_same_messages(fixture_path):
    bad = fixture_path("invalid/missing_date.csv")
    result = run("serve", "--data", str(bad), "--port", "1")
    assert result.returncode == 1
    assert f"{bad}:4:6: date_start: missing date" in result.stderr
    assert "The dashboard was not started: the dataset is invalid." in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_environment_setting_is_reported_not_raised(monkeypatch, capsys):
    monkeypatch.setenv("PORT", "eighty")
    assert main(["serve"]) == 1
    assert "PORT='eighty'" in capsys.readouterr().err


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    assert "serve" in result.stdout and "validate" in result.stdout


@pytest.mark.parametrize("argv", [["--port", "8123"], ["serve", "--port", "8123"]])
def test_serve_is_the_default_command(argv, monkeypatch):
    seen = {}
    monkeypatch.setattr("dashboard.cli.serve", lambda args: seen.setdefault("port", args.port) and 0)
    main(argv)
    assert seen["port"] == 8123


def test_import_loads_neither_dash_nor_plotly_nor_the_query_engine(tmp_path, fixture_path):
    """``import`` is measured against DuckDB alone (#21): it starts without the dashboard's web and query layers."""
    script = ("import sys; from dashboard.cli import main; "
              f"status = main(['import', {str(fixture_path('acled/current.csv'))!r}, '--into', {str(tmp_path / 's.duckdb')!r}]); "
              "print(status, sorted(m for m in ('dash', 'plotly', 'ibis', 'flask') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split("\n")[0] == "0 []", result.stdout + result.stderr
    assert (tmp_path / "s.duckdb").is_file()
