"""The day an article was published: from its URL when the URL holds one, else its date field."""

from __future__ import annotations

import re
from datetime import date, timedelta

# /2015/07/20/ (aleqt.com), /20150720/ (okaz.com.sa, al-jazirah.com), 2015-07-20
_URL_DAY = re.compile(r"(?<!\d)(20\d\d)[/-]?([01]\d)[/-]?([0-3]\d)(?!\d)")
_FIELD_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# A URL day more than this before the date field (the scraping day) is some other number.
MAX_LAG = timedelta(days=31)


def _day(year: str, month: str, day: str) -> date | None:
    """A valid day, or None."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def publication_day(field: str, url: str = "") -> str:
    """An ISO day (YYYY-MM-DD): the URL's day when plausible, else the field's day; a field
    that is no date is returned as it is."""
    match = _FIELD_DAY.match(field)
    stated = _day(*match.groups()) if match else None
    for found in _URL_DAY.finditer(url):
        day = _day(*found.groups())
        if day and (stated is None or stated - MAX_LAG <= day <= stated):
            return day.isoformat()
    return stated.isoformat() if stated else field.strip()
