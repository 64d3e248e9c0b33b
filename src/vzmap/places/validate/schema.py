"""The JSON Schema check: the schema shipped in the package, its errors as friendly messages."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from .parts import Pointer, is_int
from .reporter import Reporter


@functools.cache
def load_schema() -> dict:
    """The JSON Schema of the places file shipped in the package."""
    raw = resources.files("vzmap").joinpath("schema", "places.schema.json").read_text("utf-8")
    return json.loads(raw)


@functools.cache
def _validator():
    """The schema's validator, where an integer is a JSON integer: ``28.0`` and ``1E+2`` are not
    offsets (jsonschema's default counts floats without a fraction as integers)."""
    from jsonschema import Draft202012Validator, validators

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: is_int(value)
    )
    strict = validators.extend(Draft202012Validator, type_checker=checker)
    return strict(schema)


def _show(value: Any, limit: int = 60) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _describe_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, int | float):
        return f"{_show(value)} (a number)"
    if isinstance(value, str):
        return f"{_show(value)} (a string)"
    if isinstance(value, list):
        return "a list"
    return "an object"


def label(ptr: Pointer) -> str:
    """How a message names the value at ``ptr``: ``feature #2``, ``latitude``, ``"name"``."""
    if not ptr:
        return "the file"
    last = ptr[-1]
    if isinstance(last, int):
        parent = ptr[-2] if len(ptr) > 1 else None
        if parent == "features":
            return f"feature #{last + 1}"
        if parent == "mentions":
            return f"mention #{last + 1}"
        if parent == "coordinates":
            return "longitude" if last == 0 else "latitude" if last == 1 else f"coordinate #{last}"
        return f"item #{last + 1} of {label(ptr[:-1])}"
    return f'"{last}"'


def _schema_message(error) -> tuple[Pointer, str]:
    """Pointer and friendly message for one jsonschema error."""
    ptr: Pointer = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    desc = schema.get("description", "")
    where = label(ptr)
    kind = error.validator
    if kind == "required":
        # One error per missing property; its message is "'<name>' is a required property".
        missing = [p for p in error.validator_value
                   if p not in error.instance and error.message.startswith(repr(p))]
        prop = missing[0] if missing else error.message.split(" is a required")[0].strip("'")
        prop_desc = schema.get("properties", {}).get(prop, {}).get("description", "")
        hint = f": {prop_desc}" if prop_desc else ""
        return ptr, f'{where} has no "{prop}"; add "{prop}"{hint}'
    if kind == "type":
        return ptr, f"{where} is {_describe_type(error.instance)}; it must be {desc}"
    if kind == "minItems" and ptr and ptr[-1] == "coordinates":
        return ptr, f'"coordinates" has {len(error.instance)} number(s); it must be {desc}'
    if kind == "maxItems" and ptr and ptr[-1] == "coordinates":
        return ptr, (f'"coordinates" has {len(error.instance)} numbers; it must be {desc} '
                     "(no altitude)")
    if kind == "minimum" and ptr and ptr[-1] == "end" and error.instance == 0:
        return ptr, f'"end" is 0; it must be {desc}'
    if desc:
        return ptr, f"{where} is {_show(error.instance)}; it must be {desc}"
    return ptr, f"{where}: {error.message}"


def check_schema(rep: Reporter) -> None:
    """Every error of the JSON Schema, in the order of the values' paths."""
    for error in sorted(_validator().iter_errors(rep.data), key=lambda e: list(map(str, e.path))):
        rep.add(*_schema_message(error))
