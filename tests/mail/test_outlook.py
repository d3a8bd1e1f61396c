"""Outlook's .msg files, read for real: the two samples in ../shared/corpora/outlook-msg/
(read from there, never committed), damaged copies of them, and folders mixing formats."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from followline.mail.outlook import NotMail, outlook_to_rfc822
from followline.mail.pipeline import triage
from followline.mail.sources import iter_source, source_size

from .conftest import letter, mbox

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "corpora" / "outlook-msg"
UNICODE = SAMPLES / "unicode.msg"
STRANGE_DATE = SAMPLES / "strangeDate.msg"
NOW = ["--now", "2026-11-07T12:00:00-06:00"]


@pytest.fixture(scope="module", autouse=True)
def _samples() -> None:
    if not UNICODE.is_file() or not STRANGE_DATE.is_file():
        pytest.fail(f"the Outlook samples are missing under {SAMPLES}")


def _records(sources, options):
    return list(triage([str(s) for s in sources], options))


def _of_type(records, kind):
    return [r for r in records if r["type"] == kind]


def test_a_sent_message_triages_with_its_sender_subject_and_date(options):
    records = _records([UNICODE], options)
    [message] = _of_type(records, "message")
    assert message["source"] == str(UNICODE)
    assert message["from"] == "Brian Zhou <brizhou@gmail.com>"
    assert message["candidate"] == "brizhou@gmail.com"
    assert message["subject"] == "Test for TIF files"
    assert message["date"] == "2013-11-18T08:26:24+00:00"
    assert (
        message["message_id"]
        == "<CADtJ4eNjQSkGcBtVteCiTF+YFG89+AcHxK3QZ=-Mt48xygkvdQ@mail.gmail.com>"
    )
    assert _of_type(records, "summary")[0]["errors"] == 0


def test_an_unsent_draft_is_one_message_with_its_subject_and_its_gaps_said(options):
    # strangeDate.msg is a draft: it has a recipient, subject and body, but no sender and
    # no sent time (only the file's creation time), so nothing is made up for them.
    records = _records([STRANGE_DATE], options)
    [message] = _of_type(records, "message")
    assert message["subject"] == "MSG Test File"
    assert message["from"] == "" and message["date"] is None
    assert "no sender address" in message["problems"]
    assert b"X-Unsent: 1" in outlook_to_rfc822(STRANGE_DATE)


def test_the_body_and_non_ascii_text_survive_the_conversion():
    data = outlook_to_rfc822(UNICODE.read_bytes())  # bytes in, bytes out: no file written
    assert b"This is a test email to experiment with the MS Outlook MSG Extractor" in data


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "damaged Outlook .msg file"),
        (lambda data: b"\x00" * 8 + data[8:], "wrong magic"),
        (lambda data: b"JUNKJUNK" + data[8:], "wrong magic"),
    ],
    ids=["truncated", "zeroed-magic", "overwritten-magic"],
)
@pytest.mark.parametrize("sample", [UNICODE, STRANGE_DATE], ids=lambda p: p.name)
def test_a_damaged_copy_is_one_error_naming_the_file(tmp_path, options, sample, damage, reason):
    broken = tmp_path / f"broken-{sample.name}"
    broken.write_bytes(damage(sample.read_bytes()))
    records = _records([broken], options)
    assert [r["type"] for r in records] == ["error", "summary"]
    assert records[0]["source"] == str(broken)
    assert reason in records[0]["error"]
    assert records[1]["errors"] == records[1]["messages"] == 1
    with pytest.raises(NotMail, match=reason):
        outlook_to_rfc822(broken)


def test_files_that_are_not_mail_are_reported_each_and_good_mail_still_read(tmp_path, options):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "1.eml").write_bytes(letter("ann@x.example", "Any update on my application?"))
    (folder / "2.txt").write_bytes(letter("bob@x.example", "Thank you for the interview."))
    (folder / "photo.eml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "blob").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (folder / "empty.eml").write_bytes(b"")
    records = _records([folder], options)
    errors = {Path(r["source"]).name: r["error"] for r in _of_type(records, "error")}
    assert errors == {
        "blob": "not mail: binary data, no header lines",
        "empty.eml": "not mail: an empty file",
        "photo.eml": "not mail: a PNG image",
    }
    senders = [r["candidate"] for r in _of_type(records, "message")]
    assert senders == ["ann@x.example", "bob@x.example"]


def _assert_every_message_triaged(records) -> None:
    """The mixed folder's five messages (two in the mbox, the .eml, both .msg), no error."""
    subjects = sorted(r["subject"] for r in _of_type(records, "message"))
    assert subjects == [
        "Follow-up",
        "Follow-up",
        "Follow-up",
        "MSG Test File",
        "Test for TIF files",
    ]
    assert _of_type(records, "summary")[0]["errors"] == 0


def test_a_folder_mixing_msg_eml_and_mbox_reads_every_message(tmp_path, options):
    folder = tmp_path / "export"
    (folder / "outlook").mkdir(parents=True)
    (folder / "outlook" / "unicode.msg").write_bytes(UNICODE.read_bytes())
    (folder / "outlook" / "draft.msg").write_bytes(STRANGE_DATE.read_bytes())
    (folder / "one.eml").write_bytes(letter("ann@x.example", "Any update on my application?"))
    (folder / "old.mbox").write_bytes(
        mbox(letter("bob@x.example", "Thank you!"), letter("cy@x.example", "Hello again"))
    )
    raws = list(iter_source(str(folder)))
    assert [Path(r.location.split("@")[0]).name for r in raws] == [
        "old.mbox",
        "old.mbox",
        "one.eml",
        "draft.msg",
        "unicode.msg",
    ]
    assert all(r.error is None for r in raws)
    _assert_every_message_triaged(_records([folder], options))


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_zip_of_a_folder_reads_like_the_folder(tmp_path, options):
    """How a folder of .msg files reaches the import screen, which takes one file."""
    archive = _zip(
        tmp_path / "export.zip",
        {
            "export/outlook/unicode.msg": UNICODE.read_bytes(),
            "export/outlook/draft.msg": STRANGE_DATE.read_bytes(),
            "export/one.eml": letter("ann@x.example", "Any update on my application?"),
            "export/old.mbox": mbox(
                letter("bob@x.example", "Thank you!"), letter("cy@x.example", "Hello again")
            ),
            "__MACOSX/export/._one.eml": b"\0\5\26\7 resource fork",
            "export/.DS_Store": b"\0\0\0\1Bud1",
            "export/photo.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    raws = list(iter_source(str(archive)))
    assert [r.location.split("@")[0] for r in raws] == [
        f"{archive}/export/old.mbox",
        f"{archive}/export/old.mbox",
        f"{archive}/export/one.eml",
        f"{archive}/export/outlook/draft.msg",
        f"{archive}/export/outlook/unicode.msg",
    ]
    assert all(r.error is None for r in raws)
    _assert_every_message_triaged(_records([archive], options))
    assert source_size([str(archive)]) == sum(
        len(data) for data in (UNICODE.read_bytes(), STRANGE_DATE.read_bytes())
    ) + len(letter("ann@x.example", "Any update on my application?")) + len(
        mbox(letter("bob@x.example", "Thank you!"), letter("cy@x.example", "Hello again"))
    )


def test_a_zip_reports_each_bad_member_and_an_archive_without_mail(tmp_path):
    archive = _zip(
        tmp_path / "mixed.zip",
        {
            "broken.msg": UNICODE.read_bytes()[:4096],
            "inner.eml": _zip(tmp_path / "inner.zip", {"a.eml": b"x"}).read_bytes(),
            "good.msg": UNICODE.read_bytes(),
        },
    )
    raws = {Path(r.location).name: r for r in iter_source(str(archive))}
    assert raws["broken.msg"].error.startswith("damaged Outlook .msg file")
    assert raws["inner.eml"].error == "not mail: a ZIP archive (or an Office document)"
    assert raws["good.msg"].error is None and b"Test for TIF files" in raws["good.msg"].data
    # an Office document is a ZIP archive too: said, not read as nothing
    docx = _zip(tmp_path / "cv.docx", {"word/document.xml": b"<w:document/>"})
    [raw] = iter_source(str(docx))
    assert raw.error == "not mail: a ZIP archive with no .eml, .msg or mbox file"
    # a damaged archive (cut short) is one problem, whatever was readable before the cut
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[:-200])
    assert [r.error for r in iter_source(str(cut))][-1]


def test_triage_a_msg_file_on_the_command_line(tmp_path):
    broken = tmp_path / "broken.msg"
    broken.write_bytes(UNICODE.read_bytes()[:4096])
    process = subprocess.run(
        [sys.executable, "-m", "followline", "triage", str(UNICODE), str(broken), "--json", *NOW],
        capture_output=True,
        check=True,
    )
    records = [json.loads(line) for line in process.stdout.splitlines()]
    assert records[0]["type"] == "message" and records[0]["candidate"] == "brizhou@gmail.com"
    assert records[1]["type"] == "error" and records[1]["source"] == str(broken)
    assert records[-1]["errors"] == 1
    assert process.stderr == b""  # extract-msg's warnings stay quiet


def test_classify_reads_msg_files_and_reports_the_broken_one(tmp_path):
    (tmp_path / "good.msg").write_bytes(UNICODE.read_bytes())
    (tmp_path / "bad.msg").write_bytes(b"not an outlook file at all\n")
    process = subprocess.run(
        [sys.executable, "-m", "followline", "classify", str(tmp_path), "--json"],
        capture_output=True,
        check=True,
    )
    lines = {Path(r["location"]).name: r for r in map(json.loads, process.stdout.splitlines())}
    assert "wrong magic" in lines["bad.msg"]["error"]
    assert lines["good.msg"]["from"] == "brizhou@gmail.com"


def test_reading_an_mbox_does_not_load_extract_msg():
    process = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from followline.mail.pipeline import triage;"
            "print('extract_msg' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert process.stdout.strip() == "False"
