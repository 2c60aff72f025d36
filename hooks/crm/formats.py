"""What the schemas' ``format`` keywords mean here, with messages a contributor can act on.

``format: calendar-date`` (common.schema.json#/$defs/date) is a real day, month or year
from 1800 to today; ``format: uri`` (#/$defs/url) an https address with a host name and
no spaces. The validator (schemas.py) runs these for every field that uses the
definitions, wherever it sits, so no list of date or URL fields is kept in code.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from urllib.parse import urlsplit

from jsonschema import FormatChecker

FIRST_YEAR = 1800
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TOP_LEVEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_NOT_IN_URLS = re.compile(r"[\s\x00-\x1f\x7f<>\"\\`]")  # spaces, controls and characters RFC 3986 never allows


def date_problem(value, today: dt.date) -> str | None:
    """What is wrong with a date written YYYY, YYYY-MM or YYYY-MM-DD (or a whole year), if anything.

    None also for text of another form: the schema's pattern reports that."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value)
    match = _DATE.match(text) if isinstance(value, str) else None
    if isinstance(value, str) and not match:
        return None
    year, month, day = match.groups() if match else (text, None, None)
    if int(year) < FIRST_YEAR:
        return f"{text}: year {year} is before {FIRST_YEAR}"
    if month is not None and not 1 <= int(month) <= 12:
        return f"{text}: month {month} does not exist"
    if day is not None:
        days = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= days:
            return f"{text}: {_MONTHS[int(month) - 1]} {year} has {days} days"
    if int(year) > today.year or text > today.isoformat()[: len(text)]:  # a bare year may have five digits
        return f"{text} is in the future"
    return None


def days_covered(value) -> tuple[dt.date, dt.date] | None:
    """The first and last day a date covers (one day, a month or a year); None if it is no real date."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    match = _DATE.match(str(value))
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day is not None:
            return dt.date(year, month, day), dt.date(year, month, day)
        if month is not None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:  # month 13, February 30, year 0
        return None


def url_problem(value) -> str | None:
    """What keeps ``value`` from being an https address a reader can follow, if anything."""
    if not isinstance(value, str):
        return None
    bad = _NOT_IN_URLS.search(value)
    if bad:
        return "it contains a space" if bad.group().isspace() else f"it contains the character {bad.group()!r}; write it %-encoded"
    try:
        parts = urlsplit(value)
        parts.port  # raises ValueError when the port is not a number
    except ValueError as error:
        return str(error)
    if parts.scheme != "https":
        return None  # the schema's pattern asks for https://
    if parts.username is not None or parts.password is not None:
        return "it contains a user name or password before the host"
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return "it has no host name (such as www.example.org)"
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"'{host}' is not a valid host name"
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels) or not _TOP_LEVEL.match(labels[-1]):
        return f"'{host}' is not a valid host name"
    return None


def checker(today: dt.date) -> FormatChecker:
    """The format checker the validator uses: only the formats above are asserted."""
    formats = FormatChecker(formats=())

    @formats.checks("calendar-date", raises=ValueError)
    def calendar_date(value) -> bool:
        problem = date_problem(value, today)
        if problem:
            raise ValueError(problem)
        return True

    @formats.checks("uri", raises=ValueError)
    def uri(value) -> bool:
        problem = url_problem(value)
        if problem:
            raise ValueError(problem)
        return True

    return formats
