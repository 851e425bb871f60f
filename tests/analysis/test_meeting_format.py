"""How the event took place, read from the title and lead (cases written for the project)."""
import pytest

from viewer.analysis.meeting_format import IN_PERSON, REMOTE, meeting_format
from viewer.ingest.loading import build_article


@pytest.mark.parametrize("lead, expected", [
    ("The two presidents spoke by telephone on Thursday about trade.", REMOTE),
    ("Ministers held a video call late on Monday to discuss grain exports.", REMOTE),
    ("The leaders met virtually for two hours, officials said.", REMOTE),
    ("The prime ministers shook hands before their talks began.", IN_PERSON),
    ("The two met on the sidelines of the regional summit on Saturday.", IN_PERSON),
    ("The chancellor held talks in Nairobi with the president on Friday.", IN_PERSON),
    ("On March 3, in Oslo, the two foreign ministers held their first meeting.", IN_PERSON),
    # both kinds of cue: the lead tells of a meeting and recalls an earlier call
    ("The leaders met in Quito today, following their telephone call in May.", None),
    # neither
    ("The statement stressed cooperation on energy and public health.", None),
])
def test_meeting_format_from_the_lead(lead, expected):
    article = build_article("case.txt", "Leaders discuss ties\n\n" + lead + "\n\nA later paragraph.")
    assert meeting_format(article) == expected
