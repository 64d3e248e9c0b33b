"""Bytes to text: byte-order marks, UTF-8, and telling which older encoding a file is in.

UTF-8 (with or without a byte-order mark, which is dropped) is read as it is. Anything else is
detected: ``charset-normalizer`` says whether the bytes are text at all and in which script;
for Latin-script text the encodings newsrooms' machines write (Windows, old Mac, DOS) are
weighed by how many of their accented words are real Spanish or English words (``wordfreq``),
because on short articles the detector alone takes Windows-1252 Spanish for Central European.
Each call costs time linear in the length of the bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import DocumentError

#: Byte-order marks and their codecs, longest first (UTF-32 LE starts like UTF-16 LE).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: The single-byte encodings of newsroom machines, most likely first (ties go to the first).
WESTERN = ("cp1252", "iso8859_15", "mac_roman", "cp850")
#: Encoding names as people know them (Python's codec names otherwise).
LABELS = {
    "mac_roman": "mac-roman",
    "cp850": "cp850 (DOS)",
}
#: How many distinct accented words are weighed per candidate encoding (keeps it linear).
WORDS_WEIGHED = 300
#: A text decoded in another script must have more than this share of non-ASCII letters.
LATIN_SHARE = 0.3
_WORD = re.compile(r"\w+")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")
#: Scripts whose text the detector reads well (its pick is kept, not weighed against WESTERN).
_OTHER_SCRIPTS = (
    "Cyrillic", "Greek", "Arabic", "Hebrew", "CJK", "Hiragana", "Katakana", "Hangul", "Thai",
    "Devanagari", "Armenian", "Georgian",
)


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the encoding's name, and notes for the user (maybe none)."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def label(encoding: str) -> str:
    """The name people know an encoding by (``cp1252`` -> ``windows-1252``)."""
    name = codecs.lookup(encoding).name.replace("-", "_")
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    if name.startswith("iso8859_"):
        return "iso-8859-" + name[len("iso8859_") :]
    return LABELS.get(name, name.replace("_", "-"))


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> Decoded:
    """Decode the bytes of a text file named ``where``.

    A byte-order mark wins, then ``declared`` (an HTML page's charset) if the bytes fit it,
    then UTF-8, then a mostly-UTF-8 file with a few stray bytes (replaced, with a note), then
    detection (with a note). Raises :class:`DocumentError` for bytes that are not text.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec, where)
    if b"\x00" in data:
        raise DocumentError(
            f"{where}: not a text file (it contains NUL bytes: a binary file, or UTF-16 "
            "without a byte-order mark?); save it as UTF-8 text"
        )
    if declared:
        decoded = _decode_declared(data, declared)
        if decoded is not None:
            return decoded
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _mostly_utf8(data, where) or _detect(data, where)


def _decode_strict(data: bytes, codec: str, where: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{where}: starts with a {label(codec)} byte-order mark but is not {label(codec)} "
            f"(bad bytes at offset {exc.start}); save it again as UTF-8"
        ) from exc
    notes = () if codec == "utf-8" else (f"{where}: read as {label(codec)}",)
    return Decoded(text, label(codec), notes)


def _decode_declared(data: bytes, declared: str) -> Decoded | None:
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return None
    if codec in ("latin-1", "iso8859-1", "ascii"):  # what browsers do with these labels
        codec = "cp1252"
    try:
        return Decoded(data.decode(codec), label(codec))
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes, where: str) -> Decoded | None:
    """UTF-8 with a few bytes that are not (a paste from elsewhere): replaced, with a note."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count("\ufffd".encode())
    good = len(text) - len(text.encode("ascii", "ignore")) - replaced
    if good <= bad:
        return None
    first = data[: _first_bad_byte(data)].count(b"\n") + 1
    return Decoded(
        text,
        "utf-8",
        (f"{where}: read as UTF-8; {bad} stretch(es) of bytes that are not UTF-8 (the first on "
         f"line {first}) were replaced by \ufffd",),
    )


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return len(data)


def _detect(data: bytes, where: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(
            f"{where}: not a text file (no text encoding fits its bytes: a binary file?); "
            "save the article as UTF-8 text"
        )
    codec = best.encoding
    if not _other_script(best.alphabets, str(best)):
        codec = _likeliest_western(data, codec)
    text = data.decode(codec)
    return Decoded(text, label(codec), (f"{where}: read as {label(codec)} (not UTF-8)",))


def _other_script(alphabets: list[str], text: str) -> bool:
    """Whether the detector read a non-Latin script, and most letters are in it (a short Spanish
    line with one "ñ" can look like Big5 to the detector: its letters are still mostly ASCII)."""
    if not any(script in alphabet for alphabet in alphabets for script in _OTHER_SCRIPTS):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return sum(not ch.isascii() for ch in letters) > LATIN_SHARE * len(letters)


def _likeliest_western(data: bytes, detected: str) -> str:
    """Of the newsroom encodings (and the detector's pick), the one giving the most real words."""
    scored = []
    for rank, codec in enumerate((*WESTERN, detected)):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((_word_score(text), -rank, codec))
    return max(scored)[2] if scored else detected


def _word_score(text: str) -> int:
    """Known accented words minus unknown ones (mojibake like ``MŽrida``) and C1 controls."""
    from wordfreq import zipf_frequency

    known = unknown = 0
    seen: set[str] = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii() or word in seen:
            continue
        seen.add(word)
        if len(seen) > WORDS_WEIGHED:
            break
        low = word.lower()
        if len(word) > 1 and (zipf_frequency(low, "es") > 0 or zipf_frequency(low, "en") > 0):
            known += 1
        else:
            unknown += 1
    return known - unknown - len(_C1_CONTROL.findall(text))
