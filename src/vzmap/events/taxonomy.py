"""The event taxonomy: a user-editable TOML data file listing the event types (map layers)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..errors import TaxonomyError

_COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class EventType:
    """One event type: a layer of the map."""

    id: str
    label: str
    color: str
    priority: int
    definition: str = ""
    layer: bool = True
    triggers_en: tuple[str, ...] = ()
    triggers_es: tuple[str, ...] = ()
    acled: tuple[str, ...] = ()
    cameo: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Taxonomy:
    """All event types, in file order, and the fallback type's id."""

    types: tuple[EventType, ...]
    fallback: str
    source: str = "<default>"

    def __post_init__(self):
        ids = [t.id for t in self.types]
        if self.fallback not in ids:
            raise TaxonomyError(f"{self.source}: fallback {self.fallback!r} is not one of {ids}")

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.types]

    def get(self, type_id: str) -> EventType | None:
        for t in self.types:
            if t.id == type_id:
                return t
        return None

    def type_or_fallback(self, type_id: object) -> EventType:
        """The event type ``type_id``, or the fallback type for ids the taxonomy does not have."""
        by_id = self.get(type_id) if isinstance(type_id, str) else None
        return by_id or next(t for t in self.types if t.id == self.fallback)

    def __contains__(self, type_id: object) -> bool:
        return any(t.id == type_id for t in self.types)


DEFAULT_TAXONOMY = "taxonomy.toml"


def _parse(data: dict, source: str) -> Taxonomy:
    raw_types = data.get("type")
    if not isinstance(raw_types, list) or not raw_types:
        raise TaxonomyError(f"{source}: needs at least one [[type]] table")
    types = []
    seen = set()
    for n, raw in enumerate(raw_types, 1):
        where = f"{source}: [[type]] #{n}"
        tid = raw.get("id")
        if not isinstance(tid, str) or not _ID_RE.match(tid):
            raise TaxonomyError(f"{where}: id {tid!r} must be lower_snake_case, like 'prison'")
        if tid in seen:
            raise TaxonomyError(f"{where}: duplicate id {tid!r}")
        seen.add(tid)
        color = raw.get("color", "#7f7f7f")
        if not isinstance(color, str) or not _COLOR_RE.match(color):
            raise TaxonomyError(f"{where} ({tid}): color {color!r} must look like '#1b7837'")
        label = raw.get("label", tid)
        if not isinstance(label, str) or not label.strip():
            raise TaxonomyError(f"{where} ({tid}): label must be a non-empty string")
        priority = raw.get("priority", 50)
        if not isinstance(priority, int):
            raise TaxonomyError(f"{where} ({tid}): priority must be an integer")
        known = {"id", "label", "color", "priority", "definition", "layer", "triggers_en",
                 "triggers_es", "acled", "cameo"}
        types.append(
            EventType(
                id=tid,
                label=label,
                color=color.lower(),
                priority=priority,
                definition=str(raw.get("definition", "")),
                layer=bool(raw.get("layer", True)),
                triggers_en=tuple(raw.get("triggers_en", ())),
                triggers_es=tuple(raw.get("triggers_es", ())),
                acled=tuple(raw.get("acled", ())),
                cameo=tuple(raw.get("cameo", ())),
                extra={k: v for k, v in raw.items() if k not in known},
            )
        )
    return Taxonomy(types=tuple(types), fallback=str(data.get("fallback", "other")), source=source)


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Load a taxonomy file, or the default one shipped in the package when ``path`` is None."""
    if path is None:
        text = resources.files("vzmap").joinpath("data", DEFAULT_TAXONOMY).read_text("utf-8")
        source = f"vzmap/data/{DEFAULT_TAXONOMY}"
    else:
        source = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise TaxonomyError(f"{source}: cannot be read as UTF-8: {exc}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"{source}: not valid TOML: {exc}") from exc
    return _parse(data, source)
