"""Read title, outlet, authors, dateline and date from what the text itself says."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional

HEADER_KEYS = ("title", "outlet", "source", "date", "published", "url", "authors", "author", "byline")
_HEADER_LINE = re.compile(r"^\s*(" + "|".join(HEADER_KEYS) + r")\s*:\s*(.*?)\s*$", re.IGNORECASE)

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
             r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

_DATE_PATTERNS = (
    # 2020/3/27, 2020-03-27, 2020.03.27 (optionally with a time)
    (re.compile(r"\b((?:19|20)\d\d)[/.-](\d{1,2})[/.-](\d{1,2})\b"), ("y", "m", "d")),
    # March 27, 2020 / Mar. 27 2020
    (re.compile(r"\b(" + _MONTH_RE + r")\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I), ("mon", "d", "y")),
    # 27 March 2020
    (re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_RE + r"),?\s+((?:19|20)\d\d)\b", re.I), ("d", "mon", "y")),
)

# "By A and B", "Reported by: A", "Written by A", and "ByA B" as scraped pages glue it
_BYLINE = re.compile(r"^\s*(?:(?:[Rr]eported|[Ww]ritten|[Ww]ords|[Tt]ext)\s+[Bb]y\s*:?\s*"
                     r"|[Bb][Yy]\s*:?\s+|By(?=[A-Z][a-z]))"
                     r"(?P<authors>.+?)(?=\s+(?:[Ss]ource|[Pp]ublished|[Uu]pdated|[Pp]osted)\s*:|\s*[|•]|$)")
_RIGHTS_RESERVED = re.compile(r"\ball rights reserved\b", re.I)
# "Ana Lima | May 2, 2024 | 4:04pm EST": a name, then the date, between bars
_NAME_BAR_DATE = re.compile(r"^\s*(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*[|•]\s*(?P<rest>.{6,60})$")
_SOURCE = re.compile(r"\bSource\s*:\s*(?P<outlet>[^|•\n]+?)(?=\s+(?:Published|Updated|Posted)\s*:|\s*[|•]|$)", re.I)
_PUBLISHED = re.compile(r"\b(?:Published|Posted|Updated|Date)\s*(?:on)?\s*:?\s*(?P<date>.{6,40})", re.I)

# "WASHINGTON –", "New Delhi, Apr 03:", "BEIJING (Reuters) -"
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){0,3})|(?:[A-Z][a-z.'-]+(?:\s+[A-Z][a-z.'-]+){0,3}))"
    r"(?:,\s*(?P<when>" + _MONTH_RE + r"\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"(?:\s*\((?P<agency>[A-Za-z .]+)\))?"
    r"\s*(?P<sep>[–—:-]|--)\s+"
)


def parse_header(lines: list[str]) -> Optional[dict[str, str]]:
    """Parse an optional ``Key: value`` header block; None when it is not one."""
    fields: dict[str, str] = {}
    for line in lines:
        match = _HEADER_LINE.match(line)
        if not match:
            return None
        key = match.group(1).lower()
        key = {"source": "outlet", "published": "date", "author": "authors", "byline": "authors"}.get(key, key)
        fields[key] = match.group(2)
    return fields or None


def parse_date(text: str) -> Optional[str]:
    """First full date in ``text`` as YYYY-MM-DD."""
    best: Optional[tuple[int, str]] = None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = dict(zip(order, match.groups()))
        month = int(parts["m"]) if "m" in parts else _MONTHS.get(parts["mon"][:3].lower())
        if month is None:
            continue
        try:
            date = dt.date(int(parts["y"]), month, int(parts["d"]))
        except (TypeError, ValueError):
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), date.isoformat())
    return best[1] if best else None


def split_authors(value: str | Iterable[str]) -> list[str]:
    """Authors from a list or from text like "Ana Li, Bo Chen and Cy Ma"."""
    if isinstance(value, str):
        parts = re.split(r"\s*(?:[,;]|\band\b|&)\s*", value)
    else:
        parts = list(value)
    return [p.strip() for p in parts if p and p.strip()]


def byline_authors(text: str) -> list[str]:
    """Names from a byline's author part; a date or time after the names
    ("By Ana Lima, May 2, 2024 7:32 pm") is not a name."""
    text = re.sub(r"\s+", " ", text).strip(" ,;")
    return [p for p in split_authors(text)
            if len(p.split()) <= 5 and not re.search(r"\d", p) and not _MONTH_ONLY.match(p)]


_MONTH_ONLY = re.compile(r"^" + _MONTH_RE + r"$", re.I)


# A byline's trailing role or desk: "By Ana Lima, Senior Correspondent", "..., Staff Writer".
_ROLE = re.compile(r"\b(?:correspondent|reporter|writer|editor|staff|bureau|contributor|columnist|journalist|"
                   r"producer|desk)s?\b", re.I)


def _not_a_name(part: str) -> bool:
    """A byline part that names a role or an outlet ("By Ana Lima, Reuters"), not an author."""
    from .sources import canonical_outlet
    return bool(_ROLE.search(part)) or canonical_outlet(part) is not None


def parse_byline(text: str) -> Optional[dict]:
    """Authors, outlet and date from a byline such as
    ``By A and B Source:Global Times Published: 2020/3/27 16:14:48``."""
    if len(text) > 300:
        return None
    found: dict = {}
    if _RIGHTS_RESERVED.search(text):
        return None  # a copyright line ("Written by X All Rights Reserved"), not a byline
    byline = _BYLINE.match(text)
    if byline:
        # names start with a capital: "By the way, …" opens a sentence, not a byline
        parts = [a for a in byline_authors(byline.group("authors")) if a[:1].isupper()]
        if parts:
            # "By Reuters" and "By Staff Reporters" are bylines that name no author
            found["authors"] = [a for a in parts if not _not_a_name(a)]
        else:
            byline = None
    elif (bar := _NAME_BAR_DATE.match(text)) and parse_date(bar.group("rest")):
        return {"authors": [bar.group("name")], "published": parse_date(bar.group("rest"))}
    source = _SOURCE.search(text)
    if source:
        found["outlet"] = source.group("outlet").strip()
    published = _PUBLISHED.search(text)
    date = parse_date(published.group("date")) if published else None
    if date is None and byline:
        date = parse_date(text)  # "By Ana Lima, May 2, 2024 7:32 pm"
    if date:
        found["published"] = date
    if not found:
        return None
    if not byline and not source and len(text.split()) > 12:
        return None  # a sentence that happens to contain "posted on ..."
    return found


def parse_dateline(text: str) -> Optional[tuple[str, int]]:
    """The dateline place at the start of a body paragraph, and where the text after it starts."""
    match = _DATELINE.match(text)
    if not match:
        return None
    place = match.group("place")
    is_caps = place.replace(" ", "").replace(".", "").isupper()
    # Title-case places need a date or a colon, else "Chinese President -" would count.
    if not is_caps and not match.group("when"):
        return None
    if is_caps and len(place) < 3:
        return None
    return place.strip(), match.end()
