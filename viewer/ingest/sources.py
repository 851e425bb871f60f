"""Who published an article, read from where texts say it: a wire tag in the dateline
("WASHINGTON (AP) —", "Nov. 14 (UPI) --"), a copyright line ("© 2017 Cable News
Network"), a closing wire credit ("… the ministry said. (ANI)"), a "| Reuters" after the
headline.

Only those positions count. A name anywhere else in the text is what the article
reports ("told Reuters", "according to Xinhua") or a photo credit ("Photo: AFP",
"DENIS BALIBOUSE/AFP/Getty Images"), never its source: a wrong outlet is worse than none.
Known agencies and outlets are data (``viewer/data/outlets.json``); an unknown one is
still recognised from a dateline tag that looks like an agency's.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

OUTLETS_FILE = Path(__file__).resolve().parent.parent / "data" / "outlets.json"

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# "WASHINGTON (AP) —", "BEIJING, Dec. 30 (Xinhua) --", "Kathmandu [Nepal], May 2 (ANI):",
# "Mar 3, (GNA) –", "(CNN) --"
_WIRE_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'’ -]{1,40}?(?:\s*\[[^\]\n]{1,30}\])?\s*,?\s*)?"
    r"(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?\s*,?\s*)?"
    r"(?:\((?P<tag>[^()\n]{2,40})\)|/(?P<release>[A-Za-z][\w -]{1,30})/)\s*(?:--|[-–—:])")
# "… the ministry said. (ANI)", "… in Beijing.\" AFP", a paragraph that is only "— AFP"
_CLOSING_CREDIT = re.compile(r"(?:^|[.!?\"”’)]\s*)[—–-]?\s*\(?(?P<tag>[A-Z][A-Za-z-]{1,20})\)?\s*$")
_COPYRIGHT = re.compile(r"^\s*(?:™\s*&\s*)?(?:©|\(c\)|Copyright(?:\s*©)?)\s*(?:(?:19|20)\d\d\s*)?"
                        r"(?P<name>[^.;|\n]{2,80})", re.I)
# "Written by Valley Radio News All Rights Reserved on May 2, 2024"
_RIGHTS_RESERVED = re.compile(r"^\s*(?:(?:Written|Published|Produced)\s+by\s+)?(?P<name>[A-Z][\w&.' -]{1,60}?)"
                              r"[.,]?\s+All rights reserved\b", re.I)
_BYLINE_OUTLET = re.compile(r"^\s*By\s+[^\n·|•]{2,120}?\s*(?P<sep>[·|•])\s*(?P<rest>.*)", re.I | re.S)
_CREDIT_LINE = re.compile(r"^\s*(?:By\s+)?[—–-]?\s*\(?(?P<name>[A-Z][A-Za-z.' -]{1,40}?)\)?\s*$")
_TITLE_SUFFIX = re.compile(r"\s[|–—-]\s*(?P<name>[^|–—]{2,50}?)\s*$")
_CAPTION_MARKS = re.compile(r"\b(?:Photo|Image|Getty|File|Pool|via)\b|/", re.I)
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_AGENCY_WORDS = re.compile(r"\b(?:News|Agency|Press|Wire|Service)\b")
_COMPANY_TAIL = re.compile(r",?\s*(?:Inc|Ltd|LLC|Corp|Co|Limited|PLC|GmbH|S\.A)\b.*$|\ball rights reserved\b.*$", re.I)


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str  # "wire", "outlet" or "official"


@dataclass(frozen=True)
class SourceCue:
    """An outlet and where the text names it (for the reader to check)."""
    outlet: str
    cue: str  # "wire dateline", "byline", "credit line", "copyright line", "closing credit", "title suffix"
    evidence: str
    paragraph: Optional[int] = None  # where the cue is, when it is a paragraph of the text


@lru_cache(maxsize=1)
def known_outlets() -> dict[str, Outlet]:
    """Every alias (case kept: "AP" is an agency, "ap" is not) → the outlet it names."""
    data = json.loads(OUTLETS_FILE.read_text(encoding="utf-8"))
    table: dict[str, Outlet] = {}
    for entry in data["outlets"]:
        outlet = Outlet(entry["name"], entry.get("kind", "outlet"))
        for alias in [entry["name"], *entry.get("aliases", [])]:
            table.setdefault(alias, outlet)
    return table


def canonical_outlet(name: str) -> Optional[Outlet]:
    """The known outlet ``name`` is a form of (exact alias, then case-insensitive for long names)."""
    name = re.sub(r"\s+", " ", name).strip(" .,:;-–—")
    table = known_outlets()
    if name in table:
        return table[name]
    if len(name) > 4:
        folded = name.casefold()
        return next((o for alias, o in table.items() if len(alias) > 4 and alias.casefold() == folded), None)
    return None


def _outlet_in(text: str) -> Optional[Outlet]:
    """The known outlet whose longest alias occurs in ``text`` as whole words."""
    best: Optional[tuple[int, Outlet]] = None
    for alias, outlet in known_outlets().items():
        if len(alias) < 3 and not _ACRONYM.match(alias):
            continue
        if re.search(r"(?<![\w&])" + re.escape(alias) + r"(?![\w&])", text):
            if best is None or len(alias) > best[0]:
                best = (len(alias), outlet)
    return best[1] if best else None


def _agency_from_tag(tag: str) -> Optional[str]:
    tag = tag.strip()
    known = canonical_outlet(tag)
    if known:
        return known.name
    if _ACRONYM.match(tag) or (_AGENCY_WORDS.search(tag) and len(tag.split()) <= 5):
        return tag  # an agency the table does not know, in an agency's place
    return None


def wire_dateline(paragraph: str) -> Optional[SourceCue]:
    match = _WIRE_DATELINE.match(paragraph[:200])
    if not match:
        return None
    if match.group("release"):  # "DENVER, May 2, 2024 /PRNewswire/ --": a press release
        known = canonical_outlet(match.group("release").split("-")[0])
        agency = known.name if known else None
    else:
        agency = _agency_from_tag(match.group("tag"))
    return SourceCue(agency, "wire dateline", match.group(0).strip()) if agency else None


def copyright_line(paragraph: str) -> Optional[SourceCue]:
    """An outlet from a short line that opens with ©/Copyright, or names its owner before
    "All rights reserved" (a caption's "© Reuters" at the end of a sentence is a photo
    credit and does not open the line)."""
    if len(paragraph.split()) > 30:
        return None
    match = _COPYRIGHT.match(paragraph) or _RIGHTS_RESERVED.match(paragraph)
    if not match:
        return None
    name = _COMPANY_TAIL.sub("", match.group("name")).strip(" ,.-–—")
    known = _outlet_in(name)
    if known:
        return SourceCue(known.name, "copyright line", paragraph.strip())
    if 0 < len(name.split()) <= 6 and not re.search(r"\d", name) and name[:1].isupper():
        return SourceCue(name, "copyright line", paragraph.strip())
    return None


def closing_credit(paragraph: str) -> Optional[SourceCue]:
    """A wire agency's credit closing the story; only known agencies count here, since a last
    word in brackets is otherwise too often something else."""
    if _CAPTION_MARKS.search(paragraph[-60:]):
        return None
    match = _CLOSING_CREDIT.search(paragraph)
    if not match:
        return None
    known = canonical_outlet(match.group("tag"))
    if known is None or known.kind != "wire":
        return None
    return SourceCue(known.name, "closing credit", paragraph.strip()[-80:])


def credit_line(paragraph: str) -> Optional[SourceCue]:
    """A line that is only a wire agency's name ("Reuters", "— AFP", "(ANI)") under the
    headline or photo: the agency credited for the story."""
    match = _CREDIT_LINE.match(paragraph)
    if not match:
        return None
    known = canonical_outlet(match.group("name"))
    if known is None or known.kind != "wire":
        return None
    return SourceCue(known.name, "credit line", paragraph.strip())


def title_suffix(title: str) -> Optional[SourceCue]:
    match = _TITLE_SUFFIX.search(title)
    if not match:
        return None
    known = canonical_outlet(match.group("name"))
    return SourceCue(known.name, "title suffix", title) if known else None


def byline_outlet(paragraph: str) -> Optional[SourceCue]:
    """"by ANA LIMA, SENIOR REPORTER · Mail Online": a known outlet
    right after the separator that closes a byline."""
    match = _BYLINE_OUTLET.match(paragraph[:200])
    if not match:
        return None
    rest = match.group("rest")
    for alias, outlet in sorted(known_outlets().items(), key=lambda kv: -len(kv[0])):
        if len(alias) > 3 and rest.startswith(alias):
            return SourceCue(outlet.name, "byline", paragraph[:match.end("sep") + len(alias)].strip())
    return None


def identify_outlet(title: Optional[str], paragraphs: Sequence[str], body: Sequence[int],
                    bylines: Sequence[int] = ()) -> Optional[SourceCue]:
    """The outlet an article's text names as its source, strongest cue first.

    Args:
        title: the headline as read.
        paragraphs: every paragraph's text (furniture included: copyright lines live there).
        body: indices of the story's own paragraphs, in order.
        bylines: indices of the paragraphs read as bylines.
    """
    searches = ((wire_dateline, body[:4]), (byline_outlet, sorted([*bylines, *body[:3]])),
                # credit lines often sit among the furniture under the headline and photo
                (credit_line, sorted({*bylines, *body[:4], *range(1, min(8, len(paragraphs)))})),
                (copyright_line, range(len(paragraphs))), (closing_credit, body[-2:]))
    for find, indices in searches:
        for index in indices:
            found = find(paragraphs[index])
            if found:
                return replace(found, paragraph=index)
    return title_suffix(title) if title else None
