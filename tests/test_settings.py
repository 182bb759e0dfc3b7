"""Settings come from the environment in one place, with defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.settings import Settings, settings_table, worker_count


def test_defaults():
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.debug, settings.data_paths) == ("127.0.0.1", 8050, False, ())


def test_environment_then_overrides():
    env = {"PORT": "9000", "HOST": "0.0.0.0", "DASHBOARD_DATA": "a.csv:b.csv", "DASHBOARD_DEBUG": "yes"}
    settings = Settings.from_env(env, port=9100, host=None)
    assert settings.port == 9100 and settings.host == "0.0.0.0" and settings.debug is True
    assert settings.data_paths == (Path("a.csv"), Path("b.csv"))


def test_an_import_cache_set_empty_means_none():
    assert Settings.from_env({"DASHBOARD_IMPORT_CACHE": ""}).import_cache == ""
    assert Settings.from_env({}).import_cache.endswith("conflict-timeline")


def test_unreadable_value_names_the_variable():
    with pytest.raises(ValueError, match="PORT='x'"):
        Settings.from_env({"PORT": "x"})


def test_every_setting_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.M))
    assert all(help_text for _, _, help_text in settings_table())
    assert {name for name, _, _ in settings_table()} == documented


@pytest.mark.parametrize("value, prefix", [("conflict", "/conflict/"), ("/conflict/", "/conflict/"),
                                           ("/a/b", "/a/b/"), ("", "/")])
def test_path_prefix_is_normalised(value, prefix):
    assert Settings.from_env({"DASHBOARD_PATH_PREFIX": value}).path_prefix == prefix


@pytest.mark.parametrize("env", [{"DASHBOARD_PATH_PREFIX": "/a b/"}, {"DASHBOARD_CACHE": "disk"},
                                 {"WEB_CONCURRENCY": "0"}, {"DASHBOARD_MAP_STYLE": "neon"}])
def test_bad_values_are_refused_with_the_variable_named(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        Settings.from_env(env)


def test_worker_count_defaults_to_the_cpus():
    assert worker_count(Settings(workers=3)) == 3
    assert worker_count(Settings()) >= 2
