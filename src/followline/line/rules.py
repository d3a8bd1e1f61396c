"""The rules of the line: ids, and the words of the source each one rests on.

Quotes are verbatim from the seed (``shared/seed/000_cbd1dd16ae55370c.txt``), its spelling
kept; where a rule rests on the design rather than on a recruiter's words, ``source`` says so.
"""

from __future__ import annotations

from followline.line.types import Reason

ELIZABETH = "Elizabeth (recruiter), CareerBuilder Hiring Site, 2010"
MARIE = "Marie (small-business employer), CareerBuilder Hiring Site, 2010"
DESIGN = "followline design"

ONE_THANK_YOU = Reason("one-thank-you", "One expression of gratitude will do.", MARIE)
THANK_YOU_FIRST = Reason(
    "thank-you-first",
    "The first, should be a short email thanking the recruiter for their time.",
    ELIZABETH,
)
THANK_YOU_LATE = Reason(
    "thank-you-timing",
    "A thank-you is best sent within 24 hours of the interview (TopResume, 2017).",
    DESIGN,
)
STATUS_AFTER_WEEK = Reason(
    "status-inquiry-timing",
    "If you don't hear back from the recruiter, I think it is kosher to send an email one week"
    " after the interview inquiring about the status of your application.",
    ELIZABETH,
)
STATUS_AFTER_STATED = Reason(
    "status-inquiry-timing",
    "We tell candiates if interested we call within X amount of time (don't call us, we'll call"
    " you).",
    MARIE,
)
ONE_STATUS_INQUIRY = Reason(
    "one-status-inquiry",
    "In my opinion, there should be a two-email follow-up system.",
    ELIZABETH,
)
BUDGET_TWO = Reason(
    "follow-up-budget",
    "However, more than one seems desparate, more than two, harrassment.",
    MARIE,
)
BUDGET_ONE = Reason("follow-up-budget", "No more than one, please.", MARIE)
WITHIN_BUDGET = Reason(
    "follow-up-budget",
    "If they did in fact impress, a follow-up may seal the deal if someone who did equally well"
    " in their interview does not follow-up.",
    MARIE,
)
CALLS_COUNT = Reason(
    "calls-count",
    "Oh, and it is 2010, and most recruiters do have caller ID.",
    ELIZABETH,
)
PREFER_EMAIL = Reason(
    "prefer-email",
    "I personally do not like phone calls as a follow-up.",
    ELIZABETH,
)
CALL_BURST = Reason(
    "call-burst",
    "So, when you call ten times in a row, but don't leave a voice mail, we still know that it"
    " is you.",
    ELIZABETH,
)
DUPLICATE = Reason(
    "duplicate-letter",
    "we are too busy doing our jobs to sort through duplicate follow-up letters.",
    MARIE,
)
REPLY = Reason(
    "reply-does-not-count",
    "Answering the employer's own request is not a follow-up.",
    DESIGN,
)
REPLY_WITHOUT_REQUEST = Reason(
    "reply-without-request",
    "Answering the employer's own request is not a follow-up; there was no employer message"
    " to answer yet, so this one counts as a follow-up.",
    DESIGN,
)
PROCESS_ENDED = Reason(
    "process-ended",
    "Besides, we typically have our minds made up after the interview process and follow-up"
    " will not sway us one way or the other.",
    MARIE,
)
EMPLOYER_UPDATE = Reason(
    "employer-update",
    "An update answers the candidate and allows one new status inquiry after its stated timeline.",
    DESIGN,
)
EMPLOYER_REQUEST = Reason(
    "employer-request",
    "The employer asked for something: answering it does not count, and no clock moves.",
    DESIGN,
)
EMPLOYER_INVITATION = Reason(
    "employer-invitation",
    "An invitation leads to the next interview, which starts a new cycle.",
    DESIGN,
)
EMPLOYER_FINAL = Reason(
    "process-ended",
    "An offer or a rejection ends the process: nothing more to follow up.",
    DESIGN,
)
NO_MILESTONE = Reason(
    "no-milestone",
    "The most important part of the interview process is understanding the company's time"
    " frame for when the position should be filled.",
    ELIZABETH,
)
INTERVIEW_SCHEDULED = Reason(
    "interview-scheduled",
    "An interview is coming up: follow up after it, not before.",
    DESIGN,
)
