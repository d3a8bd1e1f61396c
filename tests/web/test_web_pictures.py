"""The pictures: a timeline per application (window shaded, verdicts coloured, text
escaped) and the employer charts (promises kept vs lapsed, inbound by kind)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from followline.web.core import line_adapter
from followline.web.core.svg import svg as svg_doc
from followline.web.core.svg import text
from followline.web.core.timeline_chart import timeline_svg
from followline.web.employers.charts import (
    inbound_chart,
    inbound_summary,
    promise_outcomes,
    promises_chart,
    promises_summary,
)
from followline.web.employers.models import Candidate, CandidateContact

from .conftest import add_candidate

pytestmark = pytest.mark.django_db


def _row(**kw):
    base = {
        "party": "candidate",
        "channel": "email",
        "kind": "",
        "text": "",
        "voicemail": None,
        "decision_within_days": None,
        "rounds": None,
        "start_date": None,
    }
    return SimpleNamespace(**{**base, **kw})


def _svg(contacts, now):
    interview = _row(type="interview", at=now - timedelta(days=10))
    policy = line_adapter.policy_of("two-email")
    judgement = line_adapter.judge_rows([interview], contacts, policy, now)
    return str(timeline_svg([interview], contacts, judgement, now, "UTC"))


def test_timeline_shades_the_allowed_window():
    now = timezone.now()
    svg = _svg([_row(at=now - timedelta(days=9, hours=20), kind="thank_you")], now)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'class="dot v-appropriate"' in svg
    assert 'class="window"' in svg and "status inquiry welcome" in svg
    assert re.search(r'class="due( overdue)?"', svg)


def test_timeline_colours_verdicts():
    now = timezone.now()
    svg = _svg(
        [
            _row(at=now - timedelta(days=9, hours=20), kind="thank_you"),
            _row(at=now - timedelta(days=9), kind="thank_you"),
        ],
        now,
    )
    assert 'class="dot v-appropriate"' in svg and 'class="dot v-excessive"' in svg
    assert "One expression of gratitude will do." in svg  # the seed's words as a tooltip
    assert 'class="window"' not in svg  # budget spent: nothing is welcome


def test_svg_text_is_escaped():
    assert text(1, 2, "<b>&</b>") == '<text x="1.0" y="2.0">&lt;b&gt;&amp;&lt;/b&gt;</text>'
    assert 'aria-label="&quot;x&quot;"' in str(svg_doc(10, 10, [], '"x"'))


def test_promises_kept_and_lapsed(opening):
    now = timezone.now()
    kept = add_candidate(opening, "Kept", 10, now)  # promise due 3 days ago ...
    CandidateContact.objects.create(
        candidate=kept, party="employer", kind="update", at=now - timedelta(days=4), channel="email"
    )  # ... kept
    lapsed = add_candidate(opening, "Lapsed", 10, now)  # no word since: lapsed

    def refetch(pk):
        return Candidate.objects.for_judging().get(pk=pk)

    assert [ok for _, ok in promise_outcomes(refetch(kept.pk), now)] == [True]
    assert [ok for _, ok in promise_outcomes(refetch(lapsed.pk), now)] == [False]
    svg = str(promises_chart(opening.team, now, 8))
    assert "1 kept, 1 lapsed" in svg


def test_promises_follow_a_new_row_at_once(opening):
    """The promise as it stood is remembered per process (charts._promise_made); a row
    written afterwards is part of a new timeline, so the chart moves at once."""
    now = timezone.now()
    candidate = add_candidate(opening, "Late", 10, now)
    assert "0 kept, 1 lapsed" in str(promises_chart(opening.team, now, 8))
    CandidateContact.objects.create(
        candidate=candidate,
        party="employer",
        kind="update",
        at=now - timedelta(days=4),
        channel="email",
    )
    assert "1 kept, 0 lapsed" in str(promises_chart(opening.team, now, 8))


def test_inbound_by_kind_counts_calls_and_inferred_kinds(opening):
    now = timezone.now()
    cand = add_candidate(opening, "Caller", 3, now)
    for h in (1, 2):
        CandidateContact.objects.create(
            candidate=cand, party="candidate", channel="phone", at=now - timedelta(hours=h)
        )
    CandidateContact.objects.create(
        candidate=cand,
        party="candidate",
        channel="email",
        at=now,
        text="Is there any update on the decision yet?",
    )
    svg = str(inbound_chart(CandidateContact.objects.filter(party="candidate")))
    assert "Phone calls: 2" in svg and "Status inquiries: 1" in svg


def test_charts_have_a_summary_and_a_table_and_say_when_empty(client, teammate, team, opening):
    client.force_login(teammate)
    html = client.get(f"/teams/{team.slug}/").text
    assert "No promise has fallen due in these 9 weeks yet" in html
    assert "No inbound follow-ups in these 8 weeks" in html
    assert html.count("The numbers as a table") == 2
    now = timezone.now()
    add_candidate(opening, "Maria Lopez", 10, now, contacts=2)
    html = client.get(f"/teams/{team.slug}/").text
    assert "2 inbound follow-ups in 8 weeks; the most: thank-yous (2)." in html
    assert "In 9 weeks, 0 promises kept and 1 lapsed; most lapsed in the week of " in html
    assert promises_summary([(now, 1, 0), (now, 0, 0)]) == (
        "In 2 weeks, 1 promise kept and 0 lapsed."
    )
    assert inbound_summary(Counter()).startswith("No inbound")


def test_the_promises_chart_names_its_weeks_in_the_sites_one_day_format():
    """Its bars, its summary and its table say ``Mon 2 Nov`` (the table's ``D j M``), never
    ``02 Nov``."""
    monday = datetime(2026, 11, 2, 0, 0, tzinfo=ZoneInfo("America/Chicago"))
    data = [(monday, 1, 0), (monday + timedelta(weeks=1), 0, 2)]
    svg = str(promises_chart(None, monday, 2, data))
    assert "Week of Mon 2 Nov: 1 kept, 0 lapsed" in svg
    assert "Week of Mon 9 Nov: 0 kept, 2 lapsed" in svg
    assert "09 Nov" not in svg
    assert promises_summary(data).endswith("most lapsed in the week of Mon 9 Nov.")


def test_timeline_tooltips_mark_the_sources_misspellings_sic():
    """A dot's tooltip quotes the rule's words as the page's table does: ``desparate [sic]``."""
    now = timezone.now()
    svg = _svg([_row(at=now - timedelta(days=9 - d), kind="status_inquiry") for d in range(3)], now)
    assert 'class="dot v-excessive"' in svg or 'class="dot v-harassing"' in svg
    assert "desparate [sic]" in svg
    assert "desparate," not in svg
