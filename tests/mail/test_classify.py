"""The phrase rules (followline.classify.phrases): once the whole classifier, now the learned
models' phrase features and evidence. The learned models are tested in test_kind_model.py."""

import pytest

from followline.classify.phrases import (
    MessageKind,
    classify,
    employer_kind,
    infer_candidate_kind,
    spam_signs,
)
from followline.line import CandidateKind


@pytest.mark.parametrize(
    ("subject", "text", "kind"),
    [
        ("Thank you", "Thank you for taking the time to meet with me yesterday.", "thank_you"),
        ("", "I enjoyed speaking with you about the role.", "thank_you"),
        (
            "Application status",
            "Is there any update on the status of my application?",
            "status_inquiry",
        ),
        ("", "I am following up on my interview last week.", "status_inquiry"),
        ("", "I am available on Tuesday at 2pm; that time works for me.", "scheduling"),
        ("Reschedule", "Could we move our call?", "scheduling"),
        ("", "Attached is my resume for the analyst position.", "application"),
        ("", "I am writing to apply for the position of analyst.", "application"),
        ("", "I would like to withdraw my application; I accepted another offer.", "withdrawal"),
        ("Lunch", "See you at noon.", "other"),
    ],
)
def test_kinds(subject, text, kind):
    result = classify(text, subject)
    assert result.kind == kind
    assert bool(result.evidence) == (kind != "other")


def test_a_withdrawal_outweighs_the_thanks_around_it():
    result = classify(
        "Thank you for the interview. I am withdrawing my application: I have accepted"
        " another position."
    )
    assert result.kind is MessageKind.WITHDRAWAL
    assert any("withdrawing my application" in e for e in result.evidence)


def test_closing_courtesy_does_not_make_a_thank_you():
    result = classify("Any update on my application? Thank you for your time.")
    assert result.kind is MessageKind.STATUS_INQUIRY


def test_spam_with_evidence():
    result = classify(
        "Dear friend, make money fast! Click here to order now. To be removed from our list"
        " reply with REMOVE.",
        "EARN $$$ FROM HOME!!!",
    )
    assert result.spam
    decision = result.evidence[-1]
    assert decision.startswith("spam: score") and "click here" in decision


def test_ordinary_letter_is_not_spam():
    result = classify("Thank you for the interview yesterday; I enjoyed meeting the team.")
    assert not result.spam
    assert spam_signs("Thank you for the interview yesterday.") == []


def test_html_only_counts_toward_spam_but_does_not_decide_it():
    assert not classify("Hello", html_only=True).spam
    assert ("HTML-only body", 1) in spam_signs("Hello", html_only=True)


def test_public_api_kept_for_judge():
    assert classify("Any news?").candidate_kind is CandidateKind.STATUS_INQUIRY
    assert classify("Are you available on Monday for a call?").candidate_kind is CandidateKind.REPLY
    assert infer_candidate_kind(None) is CandidateKind.OTHER
    assert infer_candidate_kind("Thank you for the interview!") is CandidateKind.THANK_YOU


def test_trackback_robot_sender_is_spam_on_its_own():
    question = "How to make a select category on wordpress use a different domain?"
    assert not classify(question, "wow thats great").spam
    result = classify(question, "wow thats great", sender="Trackback <trackback@blog.example>")
    assert result.spam
    assert (
        'trackback/pingback robot sender "Trackback <trackback@blog.example>"'
        in (result.evidence[-1])
    )
    assert classify(question, sender="WordPress Pingbacks <wp@blog.example>").spam


def test_a_person_whose_name_contains_track_is_not_a_robot():
    for sender in ("Tracy Back <tback@example.com>", "Ann <ann.trackbacker@example.com>"):
        assert spam_signs("Any update on my application?", sender=sender) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Phrases start at a word: "an update" is not in "Ximian Updates" nor "an updated".
        ("New Ximian Updates for Red Hat 8 are out.", "other"),
        ("There is an updated rpm on the site.", "other"),
        ("Could you give me an update on the role?", "status_inquiry"),
        # Availability is for a day, a time or a meeting, not "on the web".
        ("The slides are available on the web site.", "other"),
        ("I am available on Tuesday afternoon.", "scheduling"),
        ("I am available for a call any day this week.", "scheduling"),
        # "works for me" is scheduling only after a day or a time.
        ("cvs update works for me now", "other"),
        ("Tuesday at 10am works for me.", "scheduling"),
        # "resume" the verb is no résumé.
        ("The download will resume automatically.", "other"),
        ("Here is my updated resume for the analyst role.", "application"),
        # "no longer available" alone describes a thing; a person says "I am".
        ("That model is no longer available.", "other"),
        ("I am no longer available for the position.", "withdrawal"),
        # A note that opens with thanks, after at most a greeting.
        ("Hi Ann, thanks for the quick reply and the pointers.", "thank_you"),
        ("Thanks for the fix!", "thank_you"),
        ("I would say thanks, but it still fails.", "other"),
    ],
)
def test_phrases_mean_what_they_say(text, kind):
    assert classify(text).kind == kind


@pytest.mark.parametrize(
    ("subject", "text", "kind"),
    [
        ("Your application", "We regret to inform you that the role has been filled.", "rejection"),
        ("", "We have decided to move forward with another candidate.", "rejection"),
        ("", "We will not be moving forward with your application.", "rejection"),
        ("Offer", "We are pleased to offer you the position of Baker.", "offer"),
        ("", "We would like to invite you to a second interview on Monday.", "invitation"),
        ("", "I would like to schedule a phone screen with you this week.", "invitation"),
        ("", "Could you please send two references?", "request"),
        ("Update", "We are still deciding and will write next week.", "update"),
        # A word that often opens bad news is no rejection on its own.
        ("", "Unfortunately I am out on Monday; could we meet on Tuesday instead?", "update"),
        # Bad news that mentions an offer or an interview is still bad news.
        ("", "We regret that we are unable to offer you a second interview.", "rejection"),
    ],
)
def test_employer_kind(subject, text, kind):
    found, evidence = employer_kind(text, subject)
    assert found == kind
    assert evidence.startswith(f"{kind}:")
