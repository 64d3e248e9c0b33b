"""Named actors (``data/actors.toml``): organisations by kind, so the taxonomy names none."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import TaxonomyError

#: The kinds an actor may have (see the header of ``data/actors.toml``).
ACTOR_KINDS = (
    "state_security", "military", "police", "immigration", "armed_group", "criminal_group",
    "international_org", "government_body", "humanitarian",
)
DEFAULT_ACTORS = "actors.toml"
_FIELDS = {"name", "aliases", "kind", "source"}


@dataclass(frozen=True)
class Actor:
    """One named organisation: its names (name first) and its kind."""

    name: str
    aliases: tuple[str, ...]
    kind: str
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _line_of_table(text: str, n: int) -> int:
    """The line number of the ``n``-th (1-based) ``[[actor]]`` header of ``text``."""
    seen = 0
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip() == "[[actor]]":
            seen += 1
            if seen == n:
                return i
    return 0


def _check(raw: object, where: str) -> Actor:
    if not isinstance(raw, dict):
        raise TaxonomyError(f"{where}: an [[actor]] table is expected")
    unknown = sorted(set(raw) - _FIELDS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown field {unknown[0]!r}; valid: {sorted(_FIELDS)}")
    name, aliases, kind = raw.get("name"), raw.get("aliases", []), raw.get("kind")
    if not isinstance(name, str) or not name.strip():
        raise TaxonomyError(f"{where}: name must be a non-empty string, like name = \"ELN\"")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip()
                                                for a in aliases):
        raise TaxonomyError(f"{where} ({name}): aliases must be a list of non-empty strings")
    if kind not in ACTOR_KINDS:
        raise TaxonomyError(f"{where} ({name}): kind {kind!r} must be one of "
                            f"{', '.join(ACTOR_KINDS)}")
    return Actor(name, tuple(aliases), str(kind), str(raw.get("source", "")))


def parse_actors(text: str, source: str) -> tuple[Actor, ...]:
    """The actors of an actors file's text; :class:`TaxonomyError` naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{source}: not valid TOML: {exc}") from None
    raw = data.get("actor", [])
    if not isinstance(raw, list):
        raise TaxonomyError(f"{source}: actors are [[actor]] tables")
    actors = []
    seen: dict[str, str] = {}
    for n, item in enumerate(raw, 1):
        where = f"{source}:{_line_of_table(text, n)}: [[actor]] #{n}"
        actor = _check(item, where)
        for name in actor.names:
            key = name.casefold()
            if key in seen:
                raise TaxonomyError(f"{where}: {name!r} is already a name of {seen[key]!r}; "
                                    "keep it under one actor")
            seen[key] = actor.name
        actors.append(actor)
    return tuple(actors)


def load_actors(path: Path | str | None = None) -> tuple[Actor, ...]:
    """The actors of ``path``, or of the file shipped in the package when None (read once)."""
    if path is None:
        return _default_actors()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot be read as UTF-8: {exc}") from None
    return parse_actors(text, str(path))


@cache
def _default_actors() -> tuple[Actor, ...]:
    text = resources.files("vzmap").joinpath("data", DEFAULT_ACTORS).read_text("utf-8")
    return parse_actors(text, f"vzmap/data/{DEFAULT_ACTORS}")


def names_by_kind(actors: tuple[Actor, ...]) -> dict[str, tuple[str, ...]]:
    """Actor kind -> every name and alias of the actors of that kind."""
    out: dict[str, list[str]] = {}
    for a in actors:
        out.setdefault(a.kind, []).extend(a.names)
    return {k: tuple(v) for k, v in out.items()}
