from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from followline.line import CandidateKind, Channel
from followline.mail import contactstore
from followline.mail.contactstore import ContactStore, Entry

AT = datetime(2026, 11, 2, 10, 0, tzinfo=timezone(timedelta(hours=-6)))


def test_contacts_come_back_per_candidate_in_order_with_their_letters(monkeypatch):
    monkeypatch.setattr(contactstore, "BATCH", 3)  # several flushes on the way
    with ContactStore() as store:
        for i in range(10):
            who = i % 2
            entry = Entry(AT + timedelta(hours=i), Channel.EMAIL, CandidateKind.STATUS_INQUIRY)
            entry.message = i
            store.add(who, entry, text_key=i - i % 4)
            if i % 4 == 0:
                store.add_text(who, i, f"letter {i}")
        call = Entry(AT, Channel.PHONE, CandidateKind.OTHER, voicemail=False, call=3)
        store.add(1, call)
        groups = dict(store.grouped())
    assert list(groups) == [0, 1]
    even, odd = groups[0], groups[1]
    assert [e.message for e in even] == [0, 2, 4, 6, 8]
    assert [e.text for e in even] == ["letter 0", "letter 0", "letter 4", "letter 4", "letter 8"]
    assert even[0].at == AT and even[0].at.utcoffset() == timedelta(hours=-6)
    assert even[0].channel is Channel.EMAIL and even[0].kind is CandidateKind.STATUS_INQUIRY
    assert [e.message for e in odd] == [1, 3, 5, 7, 9, None]
    assert odd[0].text is None  # its first copy's letter was filed under candidate 0
    assert odd[-1] == Entry(AT, Channel.PHONE, CandidateKind.OTHER, None, False, None, 3, None)


def test_the_temporary_database_is_deleted_on_close():
    store = ContactStore()
    store.add(0, Entry(datetime.now(UTC), Channel.EMAIL, CandidateKind.OTHER))
    folder = Path(store._directory.name)
    assert (folder / "contacts.sqlite3").exists()
    store.close()
    assert not folder.exists()
