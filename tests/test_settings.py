"""Settings come from the environment in one place, with defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.settings import Settings, settings_table


def test_defaults():
    settings = Settings.from_env({})
    assert (settings.host, settings.port, settings.debug, settings.data_paths) == ("127.0.0.1", 8050, False, ())


def test_environment_then_overrides():
    env = {"PORT": "9000", "HOST": "0.0.0.0", "DASHBOARD_DATA": "a.csv:b.csv", "DASHBOARD_DEBUG": "yes"}
    settings = Settings.from_env(env, port=9100, host=None)
    assert settings.port == 9100 and settings.host == "0.0.0.0" and settings.debug is True
    assert settings.data_paths == (Path("a.csv"), Path("b.csv"))


def test_unreadable_value_names_the_variable():
    with pytest.raises(ValueError, match="PORT='x'"):
        Settings.from_env({"PORT": "x"})


def test_every_setting_is_documented():
    assert all(help_text for _, _, help_text in settings_table())
    assert {name for name, _, _ in settings_table()} == {"DASHBOARD_DATA", "HOST", "PORT", "BROWSER_PATH", "DASHBOARD_DEBUG"}
