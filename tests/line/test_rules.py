"""One test per rule of the line, each citing the seed sentence it encodes.

Seed: shared/seed/000_cbd1dd16ae55370c.txt (CareerBuilder Hiring Site, 2010).
The interview in every test is Mon 2 Nov 2026 10:00 America/Chicago unless said otherwise.
"""

from __future__ import annotations

from datetime import datetime

from followline.classify import infer_candidate_kind
from followline.line import Action
from tests.line.helpers import call, email, employer, rules_of, run, verdicts

# --- Rule 1: one thank-you per interview --------------------------------------------------


def test_first_thank_you_same_day_is_appropriate() -> None:
    # Elizabeth: "The first, should be a short email thanking the recruiter for their time."
    result = run([email("2026-11-02T15:00:00", "thank_you")])
    assert verdicts(result) == ["appropriate"]
    assert rules_of(result, 0) == ["thank-you-first"]
    assert result.contacts[0].warnings == ()


def test_second_thank_you_is_excessive() -> None:
    # Marie: "One expression of gratitude will do."
    result = run(
        [email("2026-11-02T15:00:00", "thank_you"), email("2026-11-03T09:00:00", "thank_you")]
    )
    assert verdicts(result) == ["appropriate", "excessive"]
    assert rules_of(result, 1)[0] == "one-thank-you"
    assert result.contacts[1].reasons[0].says == "One expression of gratitude will do."


def test_thank_you_after_24_hours_warns_but_is_allowed() -> None:
    # Design: thank-you advised within 24 h (TopResume 2017); "soon after it (same day to 2 days)".
    result = run([email("2026-11-03T16:00:00", "thank_you")])
    assert verdicts(result) == ["appropriate"]
    assert [w.rule for w in result.contacts[0].warnings] == ["thank-you-timing"]


def test_new_interview_welcomes_a_new_thank_you() -> None:
    # Design rule 7: an invitation leads to the next interview, which starts a new cycle.
    milestones = [
        {"type": "interview", "at": "2026-11-02T10:00:00"},
        {"type": "interview", "at": "2026-11-09T10:00:00"},
    ]
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            employer("2026-11-04T09:00:00", "invitation"),
            email("2026-11-09T15:00:00", "thank_you"),
        ],
        milestones=milestones,
    )
    assert verdicts(result) == ["appropriate", None, "appropriate"]


# --- Rule 2: one status inquiry, not before the stated date or a week ----------------------


def test_status_inquiry_one_week_after_interview_is_appropriate() -> None:
    # Elizabeth: "I think it is kosher to send an email one week after the interview
    # inquiring about the status of your application."
    result = run([email("2026-11-09T10:00:00", "status_inquiry")])
    assert verdicts(result) == ["appropriate"]
    assert rules_of(result, 0) == ["status-inquiry-timing"]


def test_status_inquiry_before_a_week_is_premature_and_counts() -> None:
    result = run(
        [
            email("2026-11-06T10:00:00", "status_inquiry"),
            email("2026-11-07T10:00:00", "other"),
            email("2026-11-08T10:00:00", "other"),
        ]
    )
    assert verdicts(result)[0] == "premature"
    # it still counts: the third follow-up is over the budget of two
    assert verdicts(result)[2] == "excessive"


def test_status_inquiry_respects_stated_decision_date() -> None:
    # Marie: "We tell candiates if interested we call within X amount of time".
    milestones = [{"type": "interview", "at": "2026-11-02T10:00:00", "decision_within_days": 10}]
    early = run([email("2026-11-10T10:00:00", "status_inquiry")], milestones=milestones)
    on_time = run([email("2026-11-12T10:00:00", "status_inquiry")], milestones=milestones)
    assert verdicts(early) == ["premature"]
    assert "we call within X amount of time" in early.contacts[0].reasons[0].says
    assert verdicts(on_time) == ["appropriate"]


def test_second_status_inquiry_is_excessive() -> None:
    # Elizabeth: "In my opinion, there should be a two-email follow-up system."
    result = run(
        [
            email("2026-11-09T11:00:00", "status_inquiry"),
            email("2026-11-12T11:00:00", "status_inquiry"),
        ]
    )
    assert verdicts(result) == ["appropriate", "excessive"]
    assert "one-status-inquiry" in rules_of(result, 1)


# --- Rule 3: the budget --------------------------------------------------------------------


def test_two_email_budget_third_excessive_fourth_harassing() -> None:
    # Marie: "However, more than one seems desparate, more than two, harrassment."
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            email("2026-11-09T11:00:00", "status_inquiry"),
            email("2026-11-12T11:00:00", "other"),
            email("2026-11-14T11:00:00", "other"),
            email("2026-11-16T11:00:00", "other"),
        ]
    )
    assert verdicts(result) == ["appropriate", "appropriate", "excessive", "harassing", "harassing"]
    assert rules_of(result, 2)[0] == "follow-up-budget"
    assert result.standing.value == "harassing"


def test_one_and_done_second_excessive_third_harassing() -> None:
    # Marie: "No more than one, please."
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            email("2026-11-09T11:00:00", "status_inquiry"),
            email("2026-11-12T11:00:00", "other"),
        ],
        policy="one-and-done",
    )
    assert verdicts(result) == ["appropriate", "excessive", "harassing"]
    assert result.contacts[1].reasons[0].says == "No more than one, please."


# --- Rule 4: calls -------------------------------------------------------------------------


def test_calls_count_as_follow_ups_even_without_voicemail() -> None:
    # Elizabeth: "most recruiters do have caller ID. So, when you call ten times in a row,
    # but don't leave a voice mail, we still know that it is you."
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            call("2026-11-09T11:00:00", voicemail=False),
            call("2026-11-13T11:00:00", voicemail=False),
        ]
    )
    assert verdicts(result) == ["appropriate", "appropriate", "excessive"]
    assert "calls-count" in rules_of(result, 1)


def test_every_call_warns_email_is_preferred() -> None:
    # Elizabeth: "I personally do not like phone calls as a follow-up."
    result = run([call("2026-11-09T11:00:00", voicemail=True)])
    assert [w.rule for w in result.contacts[0].warnings] == ["prefer-email"]


def test_three_calls_within_24_hours_are_harassing() -> None:
    result = run(
        [
            call("2026-11-10T09:00:00"),
            call("2026-11-10T13:00:00"),
            call("2026-11-11T08:59:00"),
        ],
        policy={"extends": "two-email", "budget": 10},
    )
    assert verdicts(result) == ["appropriate", "appropriate", "harassing"]
    assert rules_of(result, 2)[0] == "call-burst"


def test_three_calls_spread_over_more_than_24_hours_are_not_a_burst() -> None:
    result = run(
        [call("2026-11-10T09:00:00"), call("2026-11-10T13:00:00"), call("2026-11-11T09:00:00")],
        policy={"extends": "two-email", "budget": 10},
    )
    assert verdicts(result) == ["appropriate", "appropriate", "appropriate"]


# --- Rule 5: duplicate letters -------------------------------------------------------------


def test_repeated_letter_is_excessive() -> None:
    # Marie: "we are too busy doing our jobs to sort through duplicate follow-up letters."
    text = "Dear Ms Lee, I am writing to ask about the status of my application for the role."
    edited = text.replace("Dear Ms Lee,", "Dear Ms. Lee,")
    result = run(
        [
            email("2026-11-09T11:00:00", "other", text),
            email("2026-11-10T11:00:00", "other", edited),
        ],
        policy={"extends": "two-email", "budget": 10},
    )
    assert verdicts(result) == ["appropriate", "excessive"]
    assert result.contacts[1].reasons[0].rule == "duplicate-letter"
    assert result.contacts[1].reasons[0].detail == "repeats contact #0"


def test_different_letters_are_not_duplicates() -> None:
    result = run(
        [
            email(
                "2026-11-09T11:00:00", "other", "I wanted to share the portfolio link we discussed."
            ),
            email(
                "2026-11-10T11:00:00", "other", "Could you tell me who else is on the hiring panel?"
            ),
        ],
        policy={"extends": "two-email", "budget": 10},
    )
    assert verdicts(result) == ["appropriate", "appropriate"]


# --- Rule 6: replies do not count ----------------------------------------------------------


def test_reply_to_employer_request_does_not_count() -> None:
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            employer("2026-11-03T09:00:00", "request", text="Please send two references."),
            email("2026-11-03T10:00:00", "reply"),
            email("2026-11-09T11:00:00", "status_inquiry"),
        ]
    )
    assert verdicts(result) == ["appropriate", None, "appropriate", "appropriate"]
    assert result.contacts[2].counts is False
    assert rules_of(result, 2) == ["reply-does-not-count"]


def test_reply_with_nothing_to_answer_counts() -> None:
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            email("2026-11-03T10:00:00", "reply"),
            email("2026-11-04T10:00:00", "other"),
        ]
    )
    assert result.contacts[1].counts is True
    assert verdicts(result)[2] == "excessive"


# --- Rule 7: employer contacts -------------------------------------------------------------


def test_update_allows_one_new_status_inquiry_after_its_window() -> None:
    result = run(
        [
            email("2026-11-02T15:00:00", "thank_you"),
            email("2026-11-09T11:00:00", "status_inquiry"),
            employer("2026-11-10T09:00:00", "update", decision_within_days=5),
            email("2026-11-13T09:00:00", "status_inquiry"),
            email("2026-11-16T09:00:00", "status_inquiry"),
        ]
    )
    assert verdicts(result) == ["appropriate", "appropriate", None, "premature", "excessive"]


def test_update_reopens_the_next_step() -> None:
    contacts = [
        email("2026-11-02T15:00:00", "thank_you"),
        email("2026-11-09T11:00:00", "status_inquiry"),
    ]
    before = run(contacts, now="2026-11-10T08:00:00")
    assert before.next.action is Action.NONE
    after = run(
        [*contacts, employer("2026-11-10T09:00:00", "update", decision_within_days=5)],
        now="2026-11-10T10:00:00",
    )
    assert after.next.action is Action.STATUS_INQUIRY
    assert after.next.not_before.isoformat() == "2026-11-15T09:00:00-06:00"


def test_request_moves_no_clock() -> None:
    result = run(
        [employer("2026-11-05T09:00:00", "request"), email("2026-11-06T09:00:00", "status_inquiry")]
    )
    assert verdicts(result) == [None, "premature"]


def test_offer_and_rejection_end_the_process() -> None:
    # Marie: "we typically have our minds made up after the interview process and follow-up
    # will not sway us one way or the other."
    for kind in ("offer", "rejection"):
        result = run(
            [employer("2026-11-05T09:00:00", kind), email("2026-11-12T09:00:00", "status_inquiry")],
            now="2026-11-13T09:00:00",
        )
        assert verdicts(result) == [None, "excessive"]
        assert result.next.action is Action.NONE
        assert result.employer.closed and not result.employer.overdue


def test_invitation_waits_for_the_next_interview() -> None:
    result = run([employer("2026-11-04T09:00:00", "invitation")], now="2026-11-20T09:00:00")
    assert result.next.action is Action.NONE
    assert result.next.reason.rule == "employer-invitation"


# --- Rule 8: the employer's promise --------------------------------------------------------


def test_promise_due_from_stated_days_and_overdue_after() -> None:
    milestones = [{"type": "interview", "at": "2026-11-02T10:00:00", "decision_within_days": 10}]
    before = run([], milestones=milestones, now="2026-11-12T09:59:00")
    after = run([], milestones=milestones, now="2026-11-12T10:00:00")
    assert before.employer.due.isoformat() == "2026-11-12T10:00:00-06:00"
    assert not before.employer.overdue
    assert after.employer.overdue


def test_promise_defaults_to_policy_window() -> None:
    result = run([], now="2026-11-10T09:00:00")
    assert result.employer.due.isoformat() == "2026-11-09T10:00:00-06:00"
    assert result.employer.overdue


def test_any_employer_contact_after_the_promise_keeps_it() -> None:
    result = run([employer("2026-11-11T09:00:00", "request")], now="2026-11-20T09:00:00")
    assert not result.employer.overdue


def test_update_sets_a_new_promise() -> None:
    result = run(
        [employer("2026-11-08T09:00:00", "update", decision_within_days=3)],
        now="2026-11-11T09:00:00",
    )
    assert result.employer.due.isoformat() == "2026-11-11T09:00:00-06:00"
    assert result.employer.overdue


# --- The next step -------------------------------------------------------------------------


def test_next_is_thank_you_right_after_the_interview() -> None:
    result = run([], now="2026-11-02T12:00:00")
    assert result.next.action is Action.THANK_YOU
    assert result.next.channel.value == "email"


def test_next_is_status_inquiry_after_thank_you() -> None:
    result = run([email("2026-11-02T15:00:00", "thank_you")], now="2026-11-03T12:00:00")
    assert result.next.action is Action.STATUS_INQUIRY
    assert result.next.not_before.isoformat() == "2026-11-09T10:00:00-06:00"


def test_next_skips_a_missed_thank_you_window() -> None:
    result = run([], now="2026-11-06T12:00:00")
    assert result.next.action is Action.STATUS_INQUIRY


def test_next_is_none_when_budget_is_spent() -> None:
    result = run(
        [email("2026-11-02T15:00:00", "thank_you"), email("2026-11-09T11:00:00", "status_inquiry")]
    )
    assert result.next.action is Action.NONE
    assert result.next.reason.rule == "follow-up-budget"


def test_no_milestone_means_nothing_to_plan() -> None:
    result = run([email("2026-11-02T15:00:00", "other")], milestones=[])
    assert result.next.action is Action.NONE
    assert result.employer.due is None


def test_application_cycle_allows_an_inquiry_after_a_week() -> None:
    result = run(
        [], milestones=[{"type": "applied", "at": "2026-11-02T10:00:00"}], now="2026-11-03T09:00:00"
    )
    assert result.next.action is Action.STATUS_INQUIRY
    assert result.next.not_before.isoformat() == "2026-11-09T10:00:00-06:00"


# --- Kind inference ------------------------------------------------------------------------


def test_kind_is_inferred_from_text_when_absent() -> None:
    result = run(
        [
            email("2026-11-02T15:00:00", text="Thank you for your time today!"),
            email("2026-11-09T15:00:00", text="Is there any update on my application?"),
            email("2026-11-10T15:00:00"),
        ]
    )
    kinds = [(c.kind.value, c.kind_inferred) for c in result.contacts]
    assert kinds == [("thank_you", True), ("status_inquiry", True), ("other", True)]


# --- Time zones and business days ----------------------------------------------------------


def test_week_wait_keeps_wall_clock_across_dst_change() -> None:
    # Chicago leaves DST on Sun 1 Nov 2026: an interview on Fri 30 Oct 10:00 CDT (-05:00)
    # allows an inquiry from Fri 6 Nov 10:00 CST (-06:00), 7 days and 1 hour later.
    result = run(
        [],
        milestones=[{"type": "interview", "at": "2026-10-30T10:00:00"}],
        now="2026-10-31T09:00:00",
    )
    assert result.next.action is Action.THANK_YOU
    later = run(
        [email("2026-10-30T15:00:00", "thank_you")],
        milestones=[{"type": "interview", "at": "2026-10-30T10:00:00"}],
        now="2026-10-31T09:00:00",
    )
    assert later.next.not_before.isoformat() == "2026-11-06T10:00:00-06:00"


def test_business_days_skip_weekends_and_holidays() -> None:
    from followline.holiday_calendar import calendar_for
    from followline.line import judge, load_timeline

    data = {
        "timezone": "America/New_York",
        "policy": {
            "extends": "two-email",
            "status_wait_days": 5,
            "business_days": True,
            "holidays_country": "US",
        },
        # Mon 23 Nov 2026; Thanksgiving is Thu 26 Nov
        "milestones": [{"type": "interview", "at": "2026-11-23T10:00:00"}],
        "contacts": [{"at": "2026-11-23T12:00:00", "kind": "thank_you"}],
    }
    parsed = load_timeline(data)
    now = datetime.fromisoformat("2026-11-24T09:00:00-05:00")
    result = judge(
        parsed.timeline,
        parsed.policy,
        now,
        calendar=calendar_for(parsed.policy),
        infer_kind=infer_candidate_kind,
    )
    # 5 business days: Tue 24, Wed 25, Fri 27, Mon 30, Tue 1 Dec
    assert result.next.not_before.isoformat() == "2026-12-01T10:00:00-05:00"


def test_scheduled_interview_means_wait_for_it() -> None:
    milestones = [
        {"type": "applied", "at": "2026-10-20T10:00:00"},
        {"type": "interview", "at": "2026-11-10T10:00:00"},
    ]
    result = run([], milestones=milestones, now="2026-11-03T09:00:00")
    assert result.next.action is Action.NONE
    assert result.next.reason.rule == "interview-scheduled"
    assert result.next.not_before.isoformat() == "2026-11-10T10:00:00-06:00"


def test_contacts_after_now_are_judged_but_do_not_move_the_plan() -> None:
    result = run([email("2026-11-02T16:00:00", "thank_you")], now="2026-11-02T12:00:00")
    assert verdicts(result) == ["appropriate"]
    assert result.next.action is Action.THANK_YOU
