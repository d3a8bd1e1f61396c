from followline.mail.reply import strip_reply


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
