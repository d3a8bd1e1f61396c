"""Real, messy mail from third parties: nothing crashes, nothing is dropped."""

from difflib import SequenceMatcher
from pathlib import Path

import pytest

from followline.mail.analyse import analyse
from followline.mail.parse import parse_message, parse_with_stdlib
from followline.mail.pipeline import triage
from followline.mail.sources import RawMessage, iter_source, write_mbox


def _analyse_all(files: list[Path]) -> list:
    results = []
    for path in files:
        raws = list(iter_source(str(path))) or [RawMessage(str(path), b"")]
        results.extend(analyse(raw) for raw in raws)
    return results


def test_mail_parser_sdist_test_mails(corpora):
    files = sorted((corpora / "mail-parser" / "tests" / "mails").iterdir())
    assert len(files) >= 20
    results = _analyse_all(files)
    assert [r.error for r in results if r.error] == []
    assert len(results) >= len(files)
    assert sum(1 for r in results if r.from_display) >= len(files) - 3


def test_cpython_test_email_data(corpora):
    files = sorted(p for p in (corpora / "cpython-email").iterdir() if p.name.startswith("msg_"))
    assert len(files) >= 40
    results = _analyse_all(files)
    assert [r.error for r in results if r.error] == []


@pytest.mark.slow
def test_whole_spamassassin_corpus_triages(corpora, options, tmp_path):
    files = sorted((corpora / "spam-assassin" / "data").glob("*/*.txt"))
    assert len(files) == 6046
    box = tmp_path / "spamassassin.mbox"
    with open(box, "wb") as out:
        write_mbox((path.read_bytes() for path in files), out)
    counts: dict[str, int] = {}
    for record in triage([str(box)], options):
        counts[record["type"]] = counts.get(record["type"], 0) + 1
        if record["type"] == "summary":
            summary = record
    assert counts.get("error", 0) == 0
    # One SpamAssassin message has an unquoted "From " line after a blank line in its body:
    # as an mbox (mboxo) that is two messages, for the standard library too.
    assert counts["message"] == summary["messages"] == 6047
    assert summary["spam"] > 1000 and summary["candidates"] > 100


@pytest.mark.slow
def test_fast_parser_agrees_with_the_standard_library_on_real_mail(corpora):
    """parse_message takes fast-mail-parser's answer for clean mail and the standard
    library's otherwise: on the SpamAssassin corpus both must read the same sender, date
    and text, apart from the charset repairs the fast parser does better (a declared
    ISO-8859-1 body in Windows-1252, undeclared GB2312) and whitespace."""
    files = sorted((corpora / "spam-assassin" / "data").glob("*/*.txt"))
    fast_answers = other_sender = other_text = 0
    for path in files:
        data = path.read_bytes()
        fast, std = parse_message(data), parse_with_stdlib(data)
        fast_answers += fast.problems == ()
        assert fast.date == std.date, path
        other_sender += fast.from_addr != std.from_addr  # 8-bit bytes in the address
        a, b = " ".join(fast.text.split()), " ".join(std.text.split())
        other_text += a != b and SequenceMatcher(None, a, b, autojunk=False).quick_ratio() < 0.97
    assert fast_answers > 0.9 * len(files)  # the fast path is the common one
    assert other_sender < 0.005 * len(files)
    assert other_text < 0.01 * len(files)
