from datetime import UTC, datetime, timedelta, timezone

import pytest

from followline.mail.csvinputs import CsvError, read_calls, read_interviews

CHICAGO = timezone(timedelta(hours=-6))


def test_calls(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text(
        "Time,Number,Duration,Voicemail\n"
        "2026-11-03T09:14:00-06:00,(312) 555-0142,0:41,no\n"
        "2026-11-03 10:00,+1 312 555 0142,75,yes\n"
    )
    calls = list(read_calls(path, UTC, "US"))
    assert [c.number for c in calls] == ["+13125550142", "+13125550142"]
    assert [c.duration_s for c in calls] == [41, 75]
    assert [c.voicemail for c in calls] == [False, True]
    assert calls[0].at == datetime(2026, 11, 3, 9, 14, tzinfo=CHICAGO)
    assert calls[1].at == datetime(2026, 11, 3, 10, 0, tzinfo=UTC)
    assert calls[1].line == 3


def test_bad_rows_name_file_and_line(tmp_path):
    path = tmp_path / "calls.csv"
    path.write_text("time,number,duration,voicemail\n2026-11-03T09:14:00Z,555,1,maybe\n")
    with pytest.raises(CsvError, match=r"calls.csv:2: voicemail"):
        list(read_calls(path, UTC, "US"))
    path.write_text("time,number,duration,voicemail\nlast tuesday,555,1,no\n")
    with pytest.raises(CsvError, match=r"calls.csv:2: not an ISO 8601 time"):
        list(read_calls(path, UTC, "US"))


def test_interviews(tmp_path):
    path = tmp_path / "interviews.csv"
    path.write_text(
        "candidate,interview,decision_within_days,phone,applied\n"
        "Ann Lee <Ann.Lee+x@Example.com>,2026-11-02T10:00:00-06:00,10,312-555-0142,2026-10-20\n"
        "bob@example.com,2026-11-04T15:00:00-06:00,,,\n"
    )
    ann, bob = read_interviews(path, UTC, "US")
    assert ann.candidate == "ann.lee@example.com"
    assert ann.decision_within_days == 10 and ann.phone == "+13125550142"
    assert ann.applied == datetime(2026, 10, 20, tzinfo=UTC)
    assert bob.decision_within_days is None and bob.phone is None
    path.write_text("candidate,interview\nnot-an-address,2026-11-02T10:00:00Z\n")
    with pytest.raises(CsvError, match="email address"):
        read_interviews(path, UTC, "US")
