"""The settings table: overrides, checked names and values, help text, and that resolver
settings really steer the resolver."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from vzmap import settings
from vzmap.errors import SettingsError
from vzmap.gazetteer.index import load_gazetteer
from vzmap.geoparse.evidence import Weights
from vzmap.geoparse.pipeline import geoparse

ROOT = Path(__file__).resolve().parent.parent
NAME = "resolve.one_sense"


def test_override_changes_a_value_inside_the_block_only():
    default = settings.value(NAME)
    with settings.override({NAME: default + 1}):
        assert settings.value(NAME) == default + 1
    assert settings.value(NAME) == default


def test_override_restores_the_value_after_an_exception():
    default = settings.value(NAME)
    with pytest.raises(RuntimeError), settings.override({NAME: 99.0}):
        raise RuntimeError("boom")
    assert settings.value(NAME) == default


def test_nested_overrides_restore_in_turn():
    default = settings.value(NAME)
    with settings.override({NAME: 1.0}):
        with settings.override({NAME: 2.0}):
            assert settings.value(NAME) == 2.0
        assert settings.value(NAME) == 1.0
    assert settings.value(NAME) == default


def test_parse_reads_command_line_assignments():
    assert settings.parse([" resolve.one_sense=2", "events.min_score=0.25"]) == {
        NAME: 2.0,
        "events.min_score": 0.25,
    }


def _enter(values):
    with settings.override(values):
        pass


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: settings.parse(["resolve.nope=1"]), "resolve.nope"),
        (lambda: _enter({"resolve.nope": 1.0}), "resolve.nope"),
        (lambda: settings.parse([f"{NAME}=many"]), NAME),
        (lambda: settings.parse([f"{NAME}"]), NAME),
        (lambda: _enter({NAME: "2"}), NAME),
        (lambda: _enter({NAME: float("nan")}), NAME),
    ],
    ids=["unknown", "unknown-override", "not-a-number", "no-value", "string", "nan"],
)
def test_bad_names_and_values_raise_settings_error_naming_the_setting(call, named):
    with pytest.raises(SettingsError, match=named):
        call()
    assert settings.value(NAME) == next(s.default for s in settings.SETTINGS if s.name == NAME)


def test_unknown_setting_message_lists_the_known_ones():
    with pytest.raises(SettingsError) as info:
        settings.parse(["resolve.nope=1"])
    assert "resolve.apposition_in_state" in str(info.value)
    assert "events.min_score" in str(info.value)


def test_every_setting_has_a_unique_name_and_help():
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))
    for s in settings.SETTINGS:
        assert s.help.strip(), s.name
        assert isinstance(s.default, (int, float)), s.name


def test_every_resolver_setting_is_a_weight_and_every_weight_a_setting():
    weights = {f"resolve.{f.name}" for f in fields(Weights) if f.init}
    table = {s.name for s in settings.SETTINGS if s.name.startswith("resolve.")}
    assert weights == table


def test_weights_are_read_when_resolution_starts():
    with settings.override({NAME: 0.5}):
        assert Weights.current().one_sense == 0.5
    assert Weights.current().one_sense == settings.value(NAME)


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _place(text: str, name: str, gaz):
    found = {m.text: m.entry for m in geoparse(text, gaz) if m.role == "place"}
    return found[name].kind, found[name].country


@pytest.mark.parametrize(
    ("setting", "text", "name"),
    [
        # the big city named like a state is the city: without that weight, the state
        (
            "resolve.city_named_like_state",
            "In New York, migrants slept outside a shelter in Manhattan.",
            "New York",
        ),
        # "Mérida, Venezuela" is the town: without that weight, the state of the same name
        ("resolve.apposition_town_in_country", "Troops arrived in Mérida, Venezuela.", "Mérida"),
    ],
)
def test_a_resolver_setting_changes_a_resolution(gaz, setting, text, name):
    assert _place(text, name, gaz)[0] == "city"
    with settings.override({setting: 0.0}):
        assert _place(text, name, gaz)[0] == "admin1"
    assert _place(text, name, gaz)[0] == "city"


def test_benchmark_rejects_an_unknown_setting_with_exit_2():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "geoparse_accuracy.py"), "--set", "nope=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown setting 'nope'" in result.stderr
    assert "resolve.one_sense" in result.stderr
