"""What the models read of a message: the author's own words, and what a forward carries."""

from __future__ import annotations

import pytest

from followline.classify import features, phrases
from followline.classify.decide import Decision, not_job
from followline.classify.features import (
    forwarded_text,
    kind_feature_set,
    kind_features,
    own_text,
    spam_feature_set,
    spam_features,
)
from followline.classify.model import Scores
from followline.line.types import EmployerKind

CHAIN = """vince ,
i have left a message for bruce about the password .
trish
vince j kaminski
06 / 16 / 2000 10 : 16 am
to : patricia tlapek / hou / ect @ ect
cc :
subject : re : followup
trish ,
i could not access his site .
vince
- - - - - - - - - forwarded by patricia tlapek / hou / ect on 06 / 12 / 2000 03 : 57 pm - - - -
barcharts @ aol . com on 06 / 09 / 2000 10 : 01 : 59 am
to : patricia . tlapek @ enron . com
cc :
subject : followup
good morning ,
i enjoyed visiting you yesterday afternoon to discuss the opportunity at enron .
bruce
"""

QUOTING_REPLY = """no problem , i know hr can slow the process down .
marshall
> - - - - - original message - - - - -
> from : vince kaminski
> sent : friday , april 06 , 2001 5 : 50 pm
> to : marshall brown
> subject : re : interviews
>
> marshall , sorry for a delay in responding to you .
> my hr people were asked to get in touch with you re the candidates .
"""


def test_own_text_is_the_newest_message_of_a_chain():
    assert own_text(CHAIN) == "vince ,\ni have left a message for bruce about the password .\ntrish"


LOTUS_REPLY = """kent ,
thanks a lot . look forward to meeting you on campus .
vince
" kent garrett " on 11 / 05 / 2000 01 : 06 : 21 pm
please respond to kent @ cmu . edu
to : vince j kaminski
cc :
subject : your visit to carnegie mellon
vince :
i would like to personally thank you for spending the day with us .
kent
"""


def test_own_text_stops_at_a_lotus_notes_header_with_the_date_beside_the_name():
    assert own_text(LOTUS_REPLY) == (
        "kent ,\nthanks a lot . look forward to meeting you on campus .\nvince"
    )
    assert forwarded_text(LOTUS_REPLY).startswith("vince :\ni would like to personally thank")
    # a date in a sentence is no header
    text = "hello ,\nwe met on 11 / 05 / 2000 10 : 00 am .\nto : do list follows"
    assert own_text(text) == text


def test_a_forward_carries_the_deepest_message_not_the_replies_above_it():
    carried = forwarded_text(CHAIN)
    assert carried.startswith("good morning ,\ni enjoyed visiting you yesterday afternoon")
    assert "could not access" not in carried


def test_a_quoting_reply_carries_the_quoted_message_without_its_marks():
    carried = forwarded_text(QUOTING_REPLY)
    assert carried.startswith("marshall , sorry for a delay in responding to you .")
    assert ">" not in carried


def test_a_message_that_forwards_nothing_carries_nothing():
    assert forwarded_text("thank you for meeting with me on friday .\nann") == ""
    # a quoted block with almost no words of its own is not a message
    assert (
        forwarded_text("see below\n- - - - - original message - - - - -\nsubject : x\nok\n") == ""
    )


# The cheap paths the product reads messages by: each must give exactly what the slow path
# (the training's) gives.
EXAMPLES = [
    ("Re: Fwd: analyst role", "Any news on my application? I'm still keen. Thanks, Ann"),
    ("", "Hi Ann,\nwe regret to inform you that the position has been filled.\nBob"),
    ("Interview", "We have decided to move forward with another candidate."),
    ("Offer", "We are delighted to offer you the role. The offer letter follows."),
    ("next steps", "Could you send your transcript? We'd like to schedule an interview."),
    ("CLICK HERE NOW!!", "Dear friend, make money fast: click here. 100% free, no obligation."),
    ("Σύσκεψη", "Θα ήθελα να κανονίσουμε μια συνάντηση. ΣΑΣ ευχαριστώ. résumé attached"),
    ("", ""),
    ("2 x 3", "call me at 10:30 on 12/03, or 555-1234 — thank you for the interview!" * 40),
]


@pytest.mark.parametrize(("subject", "text"), EXAMPLES)
def test_the_feature_sets_are_the_training_features(subject, text):
    found = phrases.phrase_hits(text, subject)
    assert kind_feature_set(text, subject, hits=found.kinds, employer=found.employer) == set(
        kind_features(text, subject)
    )
    signs = phrases.spam_signs(text, subject)
    assert spam_feature_set(text, subject, signs=signs) == set(spam_features(text, subject))
    # the last texts' words are remembered, under the text stripped of spaces (a short text
    # with spaces around it reads as itself; a long one is cut two characters earlier)
    padded = f"  {text}\n"
    assert spam_feature_set(padded, subject, signs=signs) == set(spam_features(padded, subject))


@pytest.mark.parametrize(("subject", "text"), EXAMPLES)
def test_phrase_hits_are_the_kind_and_employer_phrases(subject, text):
    best, kinds = phrases.kind_hits(text, subject)
    assert phrases.phrase_hits(text, subject) == (
        best,
        kinds,
        phrases.employer_phrases(text, subject),
    )


def test_the_found_employer_phrases():
    found = phrases.phrase_hits(" ".join(text for _, text in EXAMPLES[1:5])).employer
    assert found == {
        EmployerKind.REJECTION: "regret to inform",
        EmployerKind.OFFER: "delighted to offer you",
        EmployerKind.INVITATION: "schedule an interview",
        EmployerKind.REQUEST: "could you send",
    }
    # an alternative matched inside a word is no phrase ("undecided to proceed with")
    assert not phrases.employer_phrases("undecided to proceed with other candidates")


def test_alternatives_gate_a_pattern_by_whole_words():
    assert phrases._alternative_gates("(?:decided|chosen|opted) to") == ("deci", "chos", "opte")
    # a short word is a gate only where a space ends it (a whole word of the text)
    assert phrases._alternative_gates("(?:not|no longer) (?:be )?") == ("not", "no")
    assert phrases._alternative_gates("(?:set up|book)x") == ("set", "book")
    assert phrases._alternative_gates("(?:can|would)x") == ()
    assert phrases._alternative_gates("ha(?:ve|s) (?:a|any) decision") == ()


def test_mail_the_job_model_rejects_is_not_job_without_the_kind_model():
    job = Scores((("not_job", 0.8), ("job", 0.2)), (("lunch", 1.0),))
    assert not_job(job, None) == Decision(
        "not_job", "not_job", 0.8, by_rule=False, job_evidence=True
    )
    assert not_job(job, "thank_you") is None  # a phrase rule makes it job mail
    assert not_job(None, None) is None  # job mail by context
    assert not_job(Scores((("job", 0.6), ("not_job", 0.4)), ()), None) is None


# What a quick check skips must be what the expressions would not have found anyway.
QUOTES = [
    CHAIN,
    QUOTING_REPLY,
    "Sure, Tuesday works.\n\nOn Mon, 3 Jun 2002, Ann Lee wrote:\n> Does Tuesday suit you?",
    "see below\nFrom: Ann Lee\nSent: Monday\nSubject: hello\n\nhi",
    "fyi\nann lee\n06 / 16 / 2000 10 : 16 am\nto : bob smith\ncc :\nsubject : notes\nhello",
    "ok\nann lee on 06 / 16 / 2000 10 : 16 : 03 am\nto : bob smith\nsubject : notes\nhello",
    "fyi\n---------- Forwarded message ----------\nhello there",
    "No quote here: the 1/2 price offer is from our shop.",
    "Plain thanks for the interview!",
]


@pytest.mark.parametrize("text", QUOTES)
def test_the_quick_quote_search_finds_what_the_whole_expression_finds(text):
    quick, whole = features.quote_start(text), features._QUOTE_START.search(text)
    assert (quick and quick.span()) == (whole and whole.span())


def test_plain_mail_is_not_searched_for_quotes():
    worth = features._worth_searching
    assert worth("Plain thanks for the interview from Monday!") == (False, False)
    assert worth("ok\nFROM : Ann\nto: Bob") == (True, False)
    assert worth("ann lee on 06 / 16 / 2000 10 : 16 am\nto : bob") == (False, True)
    assert worth("the 1/2 price offer") == (False, False)  # a slash, no Notes date
    assert worth("ſee the original") == (True, True)  # not ASCII: always searched


def test_the_earlier_header_wins_whichever_half_finds_it():
    notes_first = "ok\nann lee on 06/16/2000 10:16 am\nto: bob\n\nFrom: Carl\nSent: Monday\n"
    plain_first = "ok\nFrom: Carl\nSent: Monday\n\nann lee on 06/16/2000 10:16 am\nto: bob\n"
    for text in (notes_first, plain_first):
        assert features.quote_start(text).span() == features._QUOTE_START.search(text).span()
    assert own_text(notes_first) == own_text(plain_first) == "ok"


def test_what_every_match_of_a_pattern_holds():
    assert phrases._required("haven'?t heard (?:back|anything)") == ("haven", "t heard ")
    assert phrases._required("next steps? in the") == ("next step", " in the")
    assert phrases._required("bulk e-?mail") == ("bulk e", "mail")
    assert phrases._required(r"opt[- ]?(?:out|in)\b") == ("opt",)
    assert phrases._required("(?:decided|chosen) to") == (" to",)
    assert phrases._required("ab{2,3}c[x(]d") == ("a", "c", "d")  # counts and classes
    assert phrases._required(r"\$\d{2,3}") == ()
    assert phrases._required("thanks|thank you") == ()  # an alternative at the top level
    assert phrases._required("(?:a|b)c|d") == ()
    assert phrases._required("x[]a]y") == ()  # "]" first in a class: not read
    assert phrases._KIND_MATCHER._ungated[2].required == " decision"  # the longest run


PHRASE_TEXTS = [
    *EXAMPLES,
    ("Re: status", "I haven't heard back; any news on the next steps in the hiring process?"),
    ("You've WON", "Opt-out of bulk e-mail: you have won $1,000,000! Profits, 50% off [...]"),
    ("offer", "We would like to offer you the role; please send your ID. Regret to say no."),
]


@pytest.mark.parametrize(("subject", "text"), PHRASE_TEXTS)
def test_the_literals_change_no_phrase_found(subject, text, monkeypatch):
    quick = (phrases.phrase_hits(text, subject), phrases.spam_signs(text, subject))
    for matcher in (phrases._KIND_MATCHER, phrases._SPAM_MATCHER, phrases._EMPLOYER_MATCHER):
        for entry in [*matcher._ungated, *(e for es in matcher._by_gate.values() for e in es)]:
            monkeypatch.setattr(entry, "required", "")
    assert quick == (phrases.phrase_hits(text, subject), phrases.spam_signs(text, subject))
