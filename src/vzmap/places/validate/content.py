"""Mention checks: event types, offsets and excerpts against the documents they quote."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...text.dates import ISO_DATE_RE, parse_partial_date
from ...text.documents import (
    DocumentError,
    doc_id_for,
    find_document,
    iter_document_paths,
    read_document,
)
from ...text.sentences import nearest_occurrence
from .parts import Pointer, is_int
from .reporter import Reporter


def taxonomy_ids(taxonomy: Any) -> list[str]:
    """The event type ids of a taxonomy, a list of ids, or (None) the shipped taxonomy."""
    if taxonomy is None:
        from ...events.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    ids = getattr(taxonomy, "ids", None)
    if ids is not None:
        return list(ids)
    return list(taxonomy)


class Docs:
    """Document texts by id, read once, for offset checks."""

    def __init__(self, docs_dir: Path | str | None):
        self.docs_dir = Path(docs_dir) if docs_dir is not None else None
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    def get(self, doc_id: str) -> tuple[str | None, str | None]:
        """(text, None) or (None, error message)."""
        if doc_id not in self._cache:
            path = find_document(self.docs_dir, doc_id) if self.docs_dir is not None else None
            if path is None:
                self._cache[doc_id] = (None, "missing")
            else:
                try:
                    self._cache[doc_id] = (read_document(path).text, None)
                except DocumentError as exc:
                    self._cache[doc_id] = (None, str(exc))
        return self._cache[doc_id]

    def example_ids(self) -> list[str]:
        if self.docs_dir is None or not self.docs_dir.is_dir():
            return []
        return sorted({doc_id_for(p) for p in iter_document_paths([self.docs_dir])})[:3]


def _snippet(s: str, limit: int = 50) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


@dataclass
class _Mention:
    """One mention's fields as the checks read them, and which of them can still be compared:
    ``spans_ok`` for start, end and text, ``has_excerpt`` for the excerpt and its start."""

    ptr: Pointer
    doc: Any
    start: Any
    end: Any
    text: Any
    excerpt: Any
    excerpt_start: Any
    event_type: Any
    date: Any
    spans_ok: bool
    has_excerpt: bool

    @classmethod
    def of(cls, ptr: Pointer, m: dict) -> _Mention:
        start, end, text = m.get("start"), m.get("end"), m.get("text")
        excerpt, es = m.get("excerpt"), m.get("excerpt_start")
        return cls(
            ptr, m.get("doc"), start, end, text, excerpt, es, m.get("event_type"), m.get("date"),
            spans_ok=is_int(start) and is_int(end) and isinstance(text, str),
            has_excerpt=isinstance(excerpt, str) and is_int(es),
        )


def _event_type(rep: Reporter, m: _Mention, types: list[str]) -> None:
    et = m.event_type
    if isinstance(et, str) and et not in types:
        close = difflib.get_close_matches(et, types, n=1, cutoff=0.7)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        rep.add(
            (*m.ptr, "event_type"),
            f'unknown event type "{et}"{hint}; valid event types: {", ".join(types)}',
        )


def _real_date(rep: Reporter, m: _Mention) -> None:
    """A date of the right form must also be a day of the calendar (not ``2024-02-30``)."""
    if isinstance(m.date, str) and ISO_DATE_RE.match(m.date) and not parse_partial_date(m.date):
        rep.add((*m.ptr, "date"),
                f'"date" {m.date!r} is not a day of the calendar; write a real date as '
                'YYYY, YYYY-MM or YYYY-MM-DD, e.g. "2024-07-28", or null when unknown')


def _ends_after_start(rep: Reporter, m: _Mention) -> bool:
    if m.end <= m.start:
        rep.add(
            (*m.ptr, "end"),
            f"end {m.end} is not after start {m.start}; end must be greater than start "
            f"(start + the length of \"text\" = {m.start + len(m.text)})",
        )
        return False
    return True


def _inside_excerpt(rep: Reporter, m: _Mention) -> bool:
    es, excerpt = m.excerpt_start, m.excerpt
    if not (es <= m.start and m.end <= es + len(excerpt)):
        rep.add(
            (*m.ptr, "excerpt_start"),
            f"the mention {m.start}:{m.end} lies outside its excerpt ({es}:{es + len(excerpt)}); "
            "the excerpt must be the sentence that contains the mention",
        )
        return False
    return True


def _document_text(rep: Reporter, m: _Mention, docs: Docs) -> str | None:
    """The text of the mention's document, or None (reported when it is missing or unreadable;
    not looked up without a documents folder)."""
    if not (isinstance(m.doc, str) and docs.docs_dir is not None):
        return None
    text, err = docs.get(m.doc)
    if err == "missing":
        examples = docs.example_ids()
        eg = f', e.g. "{examples[0]}"' if examples else ""
        rep.add(
            (*m.ptr, "doc"),
            f'document "{m.doc}" not found in {docs.docs_dir}; "doc" must be the file name '
            f"(without extension) of an article there{eg}",
        )
    elif err:
        rep.add((*m.ptr, "doc"), f'document "{m.doc}" cannot be read: {err}')
    return text


# --------------------------------------------------------------------------- without document


def _text_fits_span(rep: Reporter, m: _Mention) -> None:
    if m.spans_ok and len(m.text) != m.end - m.start:
        rep.add(
            (*m.ptr, "end"),
            f'"text" {_snippet(m.text)} has {len(m.text)} characters but end - start is '
            f"{m.end - m.start}; with start {m.start}, end should be {m.start + len(m.text)}",
        )


def _excerpt_has_text(rep: Reporter, m: _Mention) -> None:
    """Where "text" fits its span, the excerpt must hold it there."""
    if not (m.spans_ok and m.has_excerpt and len(m.text) == m.end - m.start):
        return
    inner = m.excerpt[m.start - m.excerpt_start : m.end - m.excerpt_start]
    if inner != m.text:
        rep.add(
            (*m.ptr, "start"),
            f"the excerpt has {_snippet(inner)} at {m.start}:{m.end}, not {_snippet(m.text)}; "
            'fix "start"/"end" or "excerpt_start"',
        )


# --------------------------------------------------------------------------- with document


def _within_document(rep: Reporter, m: _Mention, doc_text: str) -> None:
    n = len(doc_text)
    if m.spans_ok and m.end > n:
        rep.add(
            (*m.ptr, "end"),
            f'end {m.end} is past the end of document "{m.doc}" ({n} characters); offsets must '
            f"be at most {n}",
        )


def _document_has_text(rep: Reporter, m: _Mention, doc_text: str) -> None:
    if not (m.spans_ok and m.end <= len(doc_text)) or doc_text[m.start : m.end] == m.text:
        return
    actual = doc_text[m.start : m.end]
    pos = nearest_occurrence(doc_text, m.text, m.start)
    hint = (
        f'; {_snippet(m.text)} occurs at {pos}:{pos + len(m.text)}: set "start": {pos}, '
        f'"end": {pos + len(m.text)}'
        if pos is not None
        else f'; {_snippet(m.text)} does not occur in the document: fix "text" or delete '
        "the mention"
    )
    rep.add(
        (*m.ptr, "start"),
        f'document "{m.doc}" has {_snippet(actual)} at {m.start}:{m.end}, not '
        f"{_snippet(m.text)}{hint}",
    )


def _document_has_excerpt(rep: Reporter, m: _Mention, doc_text: str) -> None:
    excerpt, es = m.excerpt, m.excerpt_start
    if not (isinstance(excerpt, str) and is_int(es) and excerpt):
        return
    actual = doc_text[es : es + len(excerpt)]
    if actual != excerpt:
        pos = nearest_occurrence(doc_text, excerpt, es)
        hint = (
            f'; the excerpt occurs at {pos}: set "excerpt_start": {pos}'
            if pos is not None
            else "; copy the sentence exactly from the document"
        )
        rep.add(
            (*m.ptr, "excerpt"),
            f'"excerpt" does not match document "{m.doc}" at {es}: the text there is '
            f"{_snippet(actual)}{hint}",
        )


#: Without its document at hand, a mention is checked against its own excerpt.
_WITHOUT_DOCUMENT = (_text_fits_span, _excerpt_has_text)
#: With its document, the mention's span and excerpt must be what the document says there.
_WITH_DOCUMENT = (_within_document, _document_has_text, _document_has_excerpt)


def check_mention(rep: Reporter, ptr: Pointer, fields: dict, types: list[str],
                  docs: Docs) -> None:
    """The mention at ``ptr``: its event type, its span, its excerpt and its document."""
    m = _Mention.of(ptr, fields)
    _event_type(rep, m, types)
    _real_date(rep, m)
    if m.spans_ok and not _ends_after_start(rep, m):
        m.spans_ok = False
    if m.spans_ok and m.has_excerpt and not _inside_excerpt(rep, m):
        m.has_excerpt = False
    doc_text = _document_text(rep, m, docs)
    if doc_text is None:
        for check in _WITHOUT_DOCUMENT:
            check(rep, m)
    else:
        for check_document in _WITH_DOCUMENT:
            check_document(rep, m, doc_text)
