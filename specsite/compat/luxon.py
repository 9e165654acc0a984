"""Dates written out with luxon's ``toFormat`` tokens, the format language of most Eleventy sites.

``{{ page.date | date("LLLL d, yyyy") }}`` gives ``March 5, 2024``. The names
are English (luxon's ``en-US``); a date without a time zone is taken as UTC,
as Eleventy reads dates from front matter. Letters that are not tokens are
printed as they are; text in single quotes is literal (``"'Week' W"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import jinja2

DEFAULT_FORMAT = "yyyy-LL-dd"

# Spelled out rather than taken from ``calendar``, whose names follow the machine's locale.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")  # as weekday() counts


def _hour12(d: datetime) -> int:
    return d.hour % 12 or 12


def _offset(d: datetime, colon: bool, short: bool) -> str:
    minutes = int((d.utcoffset() or UTC.utcoffset(None)).total_seconds() // 60)
    sign, minutes = ("-" if minutes < 0 else "+"), abs(minutes)
    hours, rest = divmod(minutes, 60)
    if short:
        return f"{sign}{hours}" + (f":{rest:02d}" if rest else "")
    return f"{sign}{hours:02d}{':' if colon else ''}{rest:02d}"


def _short_date(d: datetime) -> str:
    return f"{d.month}/{d.day}/{d.year}"


def _time(d: datetime) -> str:
    # Node's Intl puts a narrow no-break space before AM/PM in its localized times.
    return f"{_hour12(d)}:{d.minute:02d}\u202f{'AM' if d.hour < 12 else 'PM'}"


TOKENS: dict[str, Callable[[datetime], str]] = {
    "y": lambda d: str(d.year),
    "yy": lambda d: f"{d.year % 100:02d}",
    "yyyy": lambda d: f"{d.year:04d}",
    "L": lambda d: str(d.month),
    "LL": lambda d: f"{d.month:02d}",
    "LLL": lambda d: _MONTHS[d.month - 1][:3],
    "LLLL": lambda d: _MONTHS[d.month - 1],
    "d": lambda d: str(d.day),
    "dd": lambda d: f"{d.day:02d}",
    "c": lambda d: str(d.isoweekday()),
    "ccc": lambda d: _DAYS[d.weekday()][:3],
    "cccc": lambda d: _DAYS[d.weekday()],
    "H": lambda d: str(d.hour),
    "HH": lambda d: f"{d.hour:02d}",
    "h": lambda d: str(_hour12(d)),
    "hh": lambda d: f"{_hour12(d):02d}",
    "m": lambda d: str(d.minute),
    "mm": lambda d: f"{d.minute:02d}",
    "s": lambda d: str(d.second),
    "ss": lambda d: f"{d.second:02d}",
    "S": lambda d: str(d.microsecond // 1000),
    "SSS": lambda d: f"{d.microsecond // 1000:03d}",
    "a": lambda d: "AM" if d.hour < 12 else "PM",
    "o": lambda d: str(d.timetuple().tm_yday),
    "ooo": lambda d: f"{d.timetuple().tm_yday:03d}",
    "q": lambda d: str((d.month - 1) // 3 + 1),
    "W": lambda d: str(d.isocalendar().week),
    "WW": lambda d: f"{d.isocalendar().week:02d}",
    "kk": lambda d: f"{d.isocalendar().year % 100:02d}",
    "kkkk": lambda d: f"{d.isocalendar().year:04d}",
    "Z": lambda d: _offset(d, colon=True, short=True),
    "ZZ": lambda d: _offset(d, colon=True, short=False),
    "ZZZ": lambda d: _offset(d, colon=False, short=False),
    "D": _short_date,
    "DD": lambda d: f"{_MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "DDD": lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "DDDD": lambda d: f"{_DAYS[d.weekday()]}, {_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "t": _time,
    "T": lambda d: f"{d.hour:02d}:{d.minute:02d}",
    "x": lambda d: str(int(d.timestamp() * 1000)),
    "X": lambda d: str(int(d.timestamp())),
}
# luxon's month and weekday tokens have "format" twins that read the same in English.
for _twin, _token in (("M", "L"), ("MM", "LL"), ("MMM", "LLL"), ("MMMM", "LLLL")):
    TOKENS[_twin] = TOKENS[_token]
for _twin, _token in (("E", "c"), ("EEE", "ccc"), ("EEEE", "cccc")):
    TOKENS[_twin] = TOKENS[_token]

# A quoted literal, or a run of one repeated letter (luxon reads ``yyyy`` as one token).
_PIECE = re.compile(r"'([^']*)'|(([A-Za-z])\3*)|([^'A-Za-z]+)")


def to_format(moment: datetime, fmt: str) -> str:
    out = []
    for literal, run, _, other in _PIECE.findall(fmt):
        if run:
            out.append(TOKENS[run](moment) if run in TOKENS else run)
        else:
            out.append(literal or other)
    return "".join(out)


def as_datetime(value: object) -> datetime:
    """A YAML date or datetime, or an ISO 8601 string; naive values are UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise jinja2.TemplateRuntimeError(
                f"date filter: {value!r} is not a date (write it as 2024-03-05 or 2024-03-05T14:07:00Z)"
            ) from None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    raise jinja2.TemplateRuntimeError(f"date filter: {value!r} is not a date")


def date_filter(value: object, fmt: str = DEFAULT_FORMAT) -> str:
    """``{{ page.date | date("LLLL d, yyyy") }}``: luxon tokens, English names, UTC."""
    return to_format(as_datetime(value), str(fmt))
