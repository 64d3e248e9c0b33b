"""Checking a places file: every problem with file:line:column, the feature and what would be valid.

Two levels of checks:

- *structure* (always, :func:`check_data`; :mod:`.syntax`, :mod:`.structure`, :mod:`.schema`):
  JSON syntax, the JSON Schema shipped in the package (``vzmap/schema/places.schema.json``),
  duplicate feature ids and mention spans, numbers, nesting and strings that no reader could use.
  A file with structure errors cannot be merged, so ``ingest`` refuses to touch it.
- *content* (the rest of :func:`validate_text`; :mod:`.geo`, :mod:`.content`): RFC 7946 details,
  swapped or sign-flipped coordinates (checked against the country named by
  ``properties.country``), more than 6 decimals, unknown event types, mention offsets and
  excerpts that do not match the document's text, missing documents.

Each problem is an *error* (the feature or mention it is in cannot be used; see
:meth:`Checked.usable`) or a *warning* (what was assumed: editor defaults, duplicate keys).

A clean file (what vzmap writes, most hand-edited files) takes the fast path: one walk over the
parsed data (:mod:`.fast`) finds that the structure checks have nothing to say, without
jsonschema. Anything else goes through the strict checks, which stay the reference.

Positions come from our own scan of the JSON text (:mod:`.positions`, run only when there is
a problem to place), so every problem points at the offending value:
``places.geojson:41:18: [geonames:1] ...``. Lines and columns are 1-based; columns count
characters, not bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..editors import apply_defaults
from .content import Docs, check_mention, taxonomy_ids
from .fast import content_clean, is_clean
from .geo import check_coordinates, check_crs, country_check
from .parts import iter_features, iter_mentions
from .problems import WARNING, Checked, Problem, sorted_problems
from .reporter import Reporter
from .schema import load_schema
from .structure import check_duplicate_keys, check_duplicate_spans, check_structure
from .syntax import Flags, decode_places_bytes, parse, read_file_bytes

__all__ = [
    "Checked",
    "Problem",
    "check_data",
    "check_file",
    "check_text",
    "country_check",
    "load_schema",
    "validate_file",
    "validate_text",
]


def _content(rep: Reporter, types: list[str], docs: Docs) -> None:
    check_crs(rep)
    for i, feature in iter_features(rep.data):
        check_coordinates(rep, i, feature)
        for j, m in iter_mentions(feature):
            check_mention(rep, ("features", i, "properties", "mentions", j), m, types, docs)


def check_data(
    data: Any,
    path: str = "<data>",
    *,
    text: str | None = None,
    flags: Flags | None = None,
    content: bool = False,
    unique_spans: bool = True,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
    strict: bool = False,
) -> Checked:
    """Check parsed places data (editor defaults are applied to it in place, see
    :mod:`vzmap.places.editors`). ``text`` (what ``data`` was parsed from) gives problems their
    line:column; vzmap's own output is checked without it, never serialised for it.

    Structure (syntax, schema, ids, unique spans with ``unique_spans``) is always checked;
    ``content`` adds coordinates, event types and, with ``docs_dir``, offsets and excerpts.
    Clean structure is recognised in one walk (:func:`.fast.is_clean`); ``strict`` always runs
    the reference checks (the problems are the same either way).
    """
    rep = Reporter(path, data, text)
    if not strict and is_clean(data, text=text, flags=flags, unique_spans=unique_spans):
        if content:
            types, docs = taxonomy_ids(taxonomy), Docs(docs_dir)
            if not content_clean(data, types, docs):
                _content(rep, types, docs)
        return Checked(data, sorted_problems(rep.problems))
    for ptr, message in apply_defaults(data):
        rep.add(ptr, message, severity=WARNING)
    if flags is not None and flags.duplicate_keys:
        check_duplicate_keys(rep)
    if check_structure(rep, flags):
        if unique_spans:
            check_duplicate_spans(rep)
        if content:
            _content(rep, taxonomy_ids(taxonomy), Docs(docs_dir))
    return Checked(data, sorted_problems(rep.problems))


def check_text(text: str, path: str = "<string>", **options: Any) -> Checked:
    """Parse ``text`` once and check it (options as for :func:`check_data`)."""
    data, flags, syntax = parse(text, path)
    if syntax is not None:
        return Checked(None, [syntax])
    return check_data(data, path, text=text, flags=flags, **options)


def check_file(path: Path | str, **options: Any) -> Checked:
    """Read the places file at ``path`` once and check it (options as for :func:`check_data`).
    ``raw`` holds the bytes that were checked, even if the file is replaced meanwhile."""
    name = str(path)
    raw, problem = read_file_bytes(path)
    if problem is None:
        text, problem = decode_places_bytes(raw, name)
    if problem is not None:
        return Checked(None, [problem], raw)
    assert text is not None  # decoded: there was no problem
    checked = check_text(text, name, **options)
    checked.raw = raw
    return checked


def validate_text(
    text: str,
    path: str = "<string>",
    *,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> list[Problem]:
    """Every problem of the places file ``text`` (named ``path`` in messages), sorted by position.

    ``docs_dir`` enables the document checks (existence, offsets, excerpts); ``taxonomy`` is a
    :class:`~vzmap.events.taxonomy.Taxonomy` or a list of event type ids (default: the shipped
    one). Warnings (``severity == "warning"``) say what was assumed; errors make a part unusable.
    """
    return check_text(text, path, content=True, docs_dir=docs_dir, taxonomy=taxonomy).problems


def validate_file(
    path: Path | str,
    *,
    docs_dir: Path | str | None = None,
    taxonomy: Any = None,
) -> list[Problem]:
    """Every problem of the places file at ``path`` (see :func:`validate_text`)."""
    return check_file(path, content=True, docs_dir=docs_dir, taxonomy=taxonomy).problems
