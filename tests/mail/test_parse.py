from datetime import UTC, datetime, timedelta, timezone

from followline.mail.parse import decode_bytes, fingerprint, parse_message, parse_with_stdlib


def test_plain_message_with_encoded_headers():
    parsed = parse_message(
        b"From: =?utf-8?q?Ren=C3=A9e_L=C3=A9vy?= <Renee.Levy+jobs@Example.com>\n"
        b"Subject: =?iso-8859-1?q?Merci_pour_l=27entretien?=\n"
        b"Date: Tue, 03 Nov 2026 09:30:00 +0100\nMessage-ID: <abc@x>\n\nThank you!\n"
    )
    assert parsed.from_name == "Renée Lévy"
    assert parsed.from_addr == "Renee.Levy+jobs@Example.com"
    assert parsed.subject == "Merci pour l'entretien"
    assert parsed.date == datetime(2026, 11, 3, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert parsed.message_id == "<abc@x>"
    assert parsed.text.strip() == "Thank you!"
    assert not parsed.html_only


def test_broken_and_unknown_charsets_fall_back():
    latin1_declared_utf8 = parse_message(
        b"From: a@x.example\nContent-Type: text/plain; charset=utf-8\n\nCaf\xe9 cr\xe8me\n"
    )
    assert latin1_declared_utf8.text.strip() == "Café crème"
    unknown = parse_message(
        b"From: a@x.example\nContent-Type: text/plain; charset=x-no-such-charset\n\nna\xefve\n"
    )
    assert unknown.text.strip() == "naïve"
    assert decode_bytes(b"\xff\xfe\x00", "utf-8")  # never raises


def test_broken_encoded_word_is_kept_as_written():
    parsed = parse_message(b"From: a@x.example\nSubject: =?bogus-cs?q?Hi=ZZ?=\n\nx\n")
    assert "Hi" in parsed.subject


def test_html_only_body_becomes_text():
    parsed = parse_message(
        b"From: a@x.example\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p{color:red}</style></head><body><p>Any <b>update</b> on my"
        b" application?</p><script>track()</script></body></html>\n"
    )
    assert parsed.html_only
    assert "update" in parsed.text and "track()" not in parsed.text and "color" not in parsed.text


def test_multipart_alternative_prefers_plain_text():
    parsed = parse_message(
        b"From: a@x.example\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/html\n\n<p>HTML version</p>\n"
        b"--b\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
        b"UGxhaW4gdmVyc2lvbg==\n--b--\n"
    )
    assert parsed.text.strip() == "Plain version"
    assert not parsed.html_only


def test_missing_or_malformed_date_and_address():
    received = parse_message(
        b"Received: from mx by x; Wed, 04 Nov 2026 08:00:00 +0000\n"
        b"From: not an address\nDate: yesterday-ish\n\nhello\n"
    )
    assert received.date == datetime(2026, 11, 4, 8, 0, tzinfo=UTC)
    assert "date taken from Received" in received.problems
    nothing = parse_message(b"Subject: no headers to speak of\n\nhello\n")
    assert nothing.date is None and nothing.from_addr == ""
    assert "no usable date" in nothing.problems and "no sender address" in nothing.problems


def test_garbage_does_not_raise():
    for data in (b"", b"\x00\xff" * 100, b"From:\n\n", b"Content-Type: multipart/mixed\n\n--\n"):
        parse_message(data)


def test_threading_headers_and_fingerprint():
    raw = (
        b"From: Ann <ann@example.com>\nSubject: Re: Your interview\n"
        b"Date: Tue, 03 Nov 2026 09:30:00 +0100\nMessage-ID: <reply@x>\n"
        b"In-Reply-To: <sent@y>\nReferences: <first@y>\n <sent@y>\n\nThanks!\n"
    )
    for parsed in (parse_message(raw), parse_with_stdlib(raw)):
        assert parsed.in_reply_to == "<sent@y>"
        assert parsed.references == ("<first@y>", "<sent@y>")
        assert parsed.fingerprint == "<reply@x>"  # the Message-ID when there is one


def test_fingerprint_without_message_id_is_the_same_for_lf_and_crlf_copies():
    lf = b"From: ann@example.com\nSubject: Hello\nDate: Tue, 03 Nov 2026 09:30:00 +0100\n\nOne\ntwo.\n"
    crlf = lf.replace(b"\n", b"\r\n")
    first, second = parse_message(lf), parse_message(crlf)
    assert first.message_id is None and first.fingerprint.startswith("sha256:")
    assert first.fingerprint == second.fingerprint == parse_with_stdlib(lf).fingerprint
    other = parse_message(lf.replace(b"two.", b"three."))
    assert other.fingerprint != first.fingerprint
    assert fingerprint(None, "ANN@example.com", first.date, " Hello ", "One two.") == (
        first.fingerprint
    )
