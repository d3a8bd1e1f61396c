"""Strip quoted replies and signatures before classification, with ``mail-parser-reply``.

The library cuts a body at reply headers ("On Mon, Ann wrote:", Outlook's "From: ...
Sent: ..." blocks, "-----Original Message-----", in several languages) and finds the
signature ("-- ", "Best regards", "Sent from my iPhone") of the newest reply. Lines that
are still quoted with ``>`` after that (bottom-posting without a header) are dropped here.
Two cheap paths keep this fast (the library's patterns cost about 0.2 ms per KB): only the
first :data:`REPLY_CAP` characters are looked at (a follow-up letter is short, and the
newest reply comes first), and the library is not called at all when the text has none of
the markers its patterns need (:data:`_MARKERS`, a superset of them): then there is nothing
for it to cut. The text is first cut at the first quote the classifier knows
(:func:`~followline.classify.features.above_quote`), so that the body shown and compared
for duplicates is the same own text that was classified.

Example::

    stripped = strip_reply("Any news?\\n\\nBest regards,\\nAnn\\n\\nOn Mon, Bob wrote:\\n> Hi")
    stripped.body       # 'Any news?'
    stripped.signature  # 'Best regards,\\nAnn'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailparser_reply import EmailReplyParser

from followline.classify.features import above_quote

REPLY_CAP = 3000
# English reply headers and signatures (the classifier's phrases are English too).
_PARSER = EmailReplyParser(languages=["en"])
_MARKERS = re.compile(
    r"wrote:|original message|[_-]{32}|^[ \t>*]*(?:from|sent|to|subject|date|cc|organization):"
    r"|^[ \t>]*(?:[-_]{2}[ \t]*$|- ?\w)|regards|thanks,|thank you,|best,|all the best"
    r"|sent from my|get outlook|caution:|disclaimer|warning:|confidential|privileged|private"
    r"|sensitive|important",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class StrippedReply:
    body: str
    signature: str


def unquoted(text: str) -> str:
    if ">" not in text:
        return text
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def strip_reply(text: str) -> StrippedReply:
    """The newest reply of a body, without quoted text and without its signature."""
    text = above_quote(text[:REPLY_CAP])
    if not text.strip():
        return StrippedReply("", "")
    if not _MARKERS.search(text):
        return StrippedReply(unquoted(text).strip(), "")
    message = _PARSER.read(text)
    if not message.replies:
        return StrippedReply(unquoted(text).strip(), "")
    newest = message.replies[0]
    return StrippedReply(unquoted(newest.body).strip(), newest.signatures)
