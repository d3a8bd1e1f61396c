from followline.mail.analyse import analyse
from followline.mail.reply import strip_reply
from followline.mail.sources import RawMessage

from .conftest import letter


def test_quoted_reply_and_signature_are_stripped():
    stripped = strip_reply(
        "Any news on my application?\n\nBest regards,\nAnn Lee\n(312) 555-0142\n\n"
        "On Mon, Nov 2, 2026 at 10:00 AM Bob <bob@acme.example> wrote:\n"
        "> Thanks for coming in today. We decide within 10 days.\n"
    )
    assert stripped.body == "Any news on my application?"
    assert "Ann Lee" in stripped.signature and "555-0142" in stripped.signature


def test_outlook_style_quote_is_cut():
    stripped = strip_reply(
        "Following up on my application for the analyst role.\n\n"
        "-----Original Message-----\nFrom: Bob\nSent: Monday\nTo: Ann\nSubject: Interview\n\n"
        "We will be in touch.\n"
    )
    assert stripped.body == "Following up on my application for the analyst role."


def test_bottom_quotes_without_header_are_dropped():
    assert strip_reply("> old text\n> more\nNew text here.").body == "New text here."


def test_empty_text():
    assert strip_reply("  \n").body == ""


def test_lotus_notes_quote_is_cut_like_the_classifier_cuts_it():
    # The library knows no Lotus Notes header (the name and date on one line, "To:" under
    # it); the body shown and compared for duplicates would carry the quoted letter.
    stripped = strip_reply(
        "Thanks, I look forward to meeting you on campus.\n\nKent\n\n"
        '"Ann Lee" <ann@uni.example> on 11/05/2000 01:06:21 PM\n'
        "To: kent@acme.example\ncc:\nSubject: thank you\n\n"
        "Dear Kent, thank you for the interview yesterday. I enjoyed meeting the team.\n"
    )
    assert stripped.body == "Thanks, I look forward to meeting you on campus.\n\nKent"


def test_triage_keeps_no_lotus_notes_quote_in_a_body_whatever_the_kind():
    # A follow-up lost the quote to the library but kept its "Bob Hill on ..." line; any
    # other reading (here: no job mail) kept the whole quoted letter as its body.
    quote = (
        '\n\n"Bob Hill" <bob@acme.example> on 11/02/2026 10:00:00 AM\n'
        "To: ann.lee@example.com\ncc:\nSubject: Interview\n\n"
        "Dear Ann, thank you for coming in on Monday; please send two references.\n"
    )
    for own in ("Thank you, I look forward to hearing from you.", "Lunch on Friday?"):
        raw = RawMessage("inbox.mbox#1", letter("Ann Lee <ann@example.com>", own + quote))
        assert analyse(raw).body == own
