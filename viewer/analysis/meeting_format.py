"""How the event a story reports took place: remotely (a phone or video call) or in person.

Two reports of the same leaders a year apart can read alike ("guardrails", "Taiwan",
"competition"); one telling of a video call and the other of a handshake on the sidelines
of a summit are not of one event. Read from the title and lead only, where the story says
what happened; a lead that tells of both ("met in Lima ... follows their April telephone
call") says nothing either way.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Article
from .dates import lead_spans

__all__ = ["REMOTE", "IN_PERSON", "meeting_format"]

REMOTE = "remote"
IN_PERSON = "in person"

_REMOTE_CUES = re.compile(
    r"\b(?:phone(?:d)?|telephone|video(?:\s*(?:call|link|conference))?|videoconference|"
    r"virtual(?:ly)?|teleconference|online\s+(?:summit|meeting|talks))\b", re.I)
_IN_PERSON_CUES = re.compile(
    r"\b(?:in[- ]person|face[- ]to[- ]face|sidelines|on\s+the\s+margins|shook\s+hands|handshake|"
    r"hosted|state\s+visit|arrived\s+in|met\s+in|meeting\s+in|talks\s+in|summit\s+in)\b", re.I)
# A meeting placed somewhere: "held talks ... in Osaka", "On May 2, in Peru, the president held".
_MEETING_PLACED = re.compile(
    r"\b(?:met|meet|meeting|talks|held)\b[^.;]{0,60}?\bin\s+(?:the\s+)?[A-Z][a-z]+"
    r"|\bin\s+[A-Z][a-z]+,[^.;]{0,50}?\b(?:met|meeting|held)\b")


def meeting_format(article: Article) -> Optional[str]:
    """``REMOTE`` or ``IN_PERSON`` when the lead's cues all point one way, else None."""
    lead = " ".join(article.text[start:end] for start, end in lead_spans(article))
    remote = bool(_REMOTE_CUES.search(lead))
    in_person = bool(_IN_PERSON_CUES.search(lead) or _MEETING_PLACED.search(lead))
    if remote == in_person:
        return None
    return REMOTE if remote else IN_PERSON
