import io
import mailbox

from hypothesis import given
from hypothesis import strategies as st

from followline.mail import sources
from followline.mail.sources import iter_mbox_stream, iter_source, write_mbox

from .conftest import letter, mbox


def test_mbox_splits_only_at_from_lines_after_a_blank_line():
    data = mbox(letter("a@x.example", "one\nFrom here on, text"), letter("b@x.example", "two"))
    raws = list(iter_mbox_stream(io.BytesIO(data), "box"))
    assert [r.data.split(b"\n")[0] for r in raws] == [b"From: a@x.example", b"From: b@x.example"]
    assert b"From here on, text" in raws[0].data
    assert raws[0].location == "box@0"
    assert raws[1].location == f"box@{data.index(b'From sender', 1)}"


def test_mbox_split_does_not_depend_on_block_size(monkeypatch):
    data = mbox(*(letter(f"p{i}@x.example", f"body {i}\nFrom nowhere, unquoted") for i in range(5)))
    expected = list(iter_mbox_stream(io.BytesIO(data), "box"))
    for block in (1, 3, 17, 64):
        monkeypatch.setattr(sources, "BLOCK", block)
        assert list(iter_mbox_stream(io.BytesIO(data), "box")) == expected
    assert len(expected) == 5


def test_mbox_agrees_with_the_standard_library(tmp_path):
    data = mbox(*(letter(f"p{i}@x.example", f"Line {i}\r\n") for i in range(4)))
    path = tmp_path / "in.mbox"
    path.write_bytes(data)
    ours = [r.data for r in iter_source(str(path))]
    stdlib = mailbox.mbox(path)
    theirs = [stdlib.get_bytes(key) for key in stdlib.iterkeys()]
    assert [o.rstrip(b"\n") for o in ours] == [t.rstrip(b"\n") for t in theirs]


def test_maildir_eml_dir_single_file_and_stdin(tmp_path):
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add(letter("a@x.example", "in maildir"))
    emls = tmp_path / "export"
    (emls / "sub").mkdir(parents=True)
    (emls / "1.eml").write_bytes(letter("b@x.example", "eml one"))
    (emls / "sub" / "2.eml").write_bytes(letter("c@x.example", "eml two"))
    (emls / "notes.pdf").write_bytes(b"%PDF not a message")
    single = tmp_path / "one.eml"
    single.write_bytes(letter("d@x.example", "single"))
    stdin = io.BytesIO(mbox(letter("e@x.example", "from stdin")))

    def senders(source, **kw):
        return [r.data.split(b"\n")[0].decode() for r in iter_source(source, **kw)]

    assert senders(str(tmp_path / "Maildir")) == ["From: a@x.example"]
    assert senders(str(emls)) == ["From: b@x.example", "From: c@x.example"]
    assert senders(str(single)) == ["From: d@x.example"]
    assert senders("-", stdin=stdin) == ["From: e@x.example"]


def test_huge_attachment_is_never_held_whole(tmp_path):
    line = b"QUJD" * 19 + b"\n"  # 77 bytes of base64
    attachment = line * (40 * 1024 * 1024 // len(line))  # 40 MiB
    message = (
        b"From: ann@x.example\nSubject: CV\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n'
        b"--XX\nContent-Type: text/plain\n\nPlease find attached my resume.\n"
        b"--XX\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
        + attachment
        + b"--XX--\n"
    )
    path = tmp_path / "big.mbox"
    path.write_bytes(mbox(message, letter("bob@x.example", "next one")))
    raws = list(iter_source(str(path)))
    assert len(raws) == 2
    assert len(raws[0].data) <= sources.PART_CAP + 4096
    assert raws[0].truncated >= len(attachment) - sources.PART_CAP
    assert raws[0].data.endswith(b"--XX--\n\n")
    assert b"Please find attached my resume." in raws[0].data


@given(
    st.lists(
        st.binary(max_size=300).filter(
            lambda b: b"\nFrom " not in b and not b.startswith(b"From ")
        ),
        max_size=8,
    ),
    st.sampled_from([1, 7, 64, 1 << 20]),
)
def test_write_mbox_then_split_gives_the_messages_back(messages, block):
    """Any messages without an unquoted "From " line come back as written (trailing newlines
    aside), whatever the block size the splitter reads with."""
    buffer = io.BytesIO()
    write_mbox(messages, buffer)
    original = sources.BLOCK
    sources.BLOCK = block
    try:
        back = [r.data for r in iter_mbox_stream(io.BytesIO(buffer.getvalue()), "p")]
    finally:
        sources.BLOCK = original
    expected = [m.rstrip(b"\n") + b"\n\n" for m in messages]
    # A message that is empty after stripping newlines comes back empty and is dropped.
    assert [b for b in back if b.strip(b"\n")] == [e for e in expected if e.strip(b"\n")]
