"""Eleventy's two slug filters in Python.

``slugify`` follows @sindresorhus/slugify as Eleventy 3 calls it (lower case,
no decamelizing); ``slug`` follows the older ``slugify`` npm package that
Eleventy's deprecated ``slug`` filter uses. Both are exact for Latin text; other
scripts, which those packages transliterate from large tables, are dropped.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = {
    "Æ": "AE",
    "æ": "ae",
    "Ð": "D",
    "ð": "d",
    "Đ": "D",
    "đ": "d",
    "Ø": "O",
    "ø": "o",
    "Þ": "TH",
    "þ": "th",
    "Œ": "OE",
    "œ": "oe",
    "Ł": "L",
    "ł": "l",
    "ı": "i",
    "ß": "ss",
    "ẞ": "SS",
    "€": "E",
    "¥": "Y",
    "¢": "c",
}
# @sindresorhus/transliterate writes German umlauts out; slugify adds a few words.
_UMLAUTS = {"ä": "ae", "Ä": "Ae", "ö": "oe", "Ö": "Oe", "ü": "ue", "Ü": "Ue"}
_WORDS = {"&": " and ", "🦄": " unicorn ", "♥": " love "}
_SPACING_MARKS = set("^`¨¯´·¸")
_CONTRACTION = re.compile(r"([a-zA-Z0-9]+)'([ts])(\s|$)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _is_diacritic(ch: str) -> bool:
    code = ord(ch)
    return (
        ch in _SPACING_MARKS
        or 0x2B0 <= code <= 0x34E
        or 0x350 <= code <= 0x357
        or 0x35D <= code <= 0x362
        or unicodedata.combining(ch) > 0
    )


def _transliterate(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(_WORDS.get(ch) or _UMLAUTS.get(ch) or _LETTERS.get(ch, ch) for ch in text)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not _is_diacritic(ch)))


def slugify(value: object) -> str:
    """Eleventy's ``slugify`` filter: ``"Hello, Wörld & Co's (v2)"`` -> ``hello-woerld-and-cos-v2``."""
    text = _transliterate(str(value)).lower()
    text = _CONTRACTION.sub(r"\1\2\3", text)
    return _NOT_SLUG.sub("-", text).strip("-")


# The ``slugify`` npm package spells a few symbols out and keeps some punctuation.
_SLUG_WORDS = {
    "$": "dollar",
    "%": "percent",
    "&": "and",
    "<": "less",
    ">": "greater",
    "|": "or",
    "¢": "cent",
    "£": "pound",
    "¤": "currency",
    "¥": "yen",
    "©": "(c)",
    "®": "(r)",
    "ª": "a",
    "º": "o",
    "Đ": "DJ",
    "đ": "dj",
    "♥": "love",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "†": "+",
    "•": "*",
    "…": "...",
    "€": "euro",
    "™": "tm",
    "℠": "sm",
    "∞": "infinity",
    "∑": "sum",
    "∆": "delta",
    "∂": "d",
}
# JavaScript's ``\w`` is ASCII, its ``\s`` any Unicode space (a thin space separates words).
_SLUG_REMOVED = re.compile(r"[^A-Za-z0-9_\s$*+~.()'\"!\-:@]+")


def slug(value: object) -> str:
    """Eleventy's older ``slug`` filter: ``"Hello, World!"`` -> ``hello-world!``."""
    out = []
    for ch in unicodedata.normalize("NFC", str(value)):
        ch = _SLUG_WORDS.get(ch) or _LETTERS.get(ch) or _strip_marks(ch)
        out.append(_SLUG_REMOVED.sub("", " " if ch == "-" else ch))
    return re.sub(r"\s+", "-", "".join(out).strip()).lower()


def _strip_marks(ch: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
