"""Candidate reminders: on the day a follow-up becomes appropriate, one e-mail.

For each application :func:`followline.line.judge` gives the next step. When it is a
thank-you or a status inquiry whose ``not_before`` has come, the candidate gets a reminder
— all of a candidate's newly due steps in one digest mail. Nothing once the employer has
answered with an end (offer, rejection) or the budget is spent: the judge then says
``none``. When the employer writes and the plan moves, the new step has a new date and
so a new key: one reminder per (application, action, date), ever. Each reminder item is
also a notice in the app ("Reminder e-mailed: ..."), made in the same transaction.

Times in the mail are the application's (its zone's), said as everywhere on the site
(``Tue 10 Nov 10:00``), with the zone named when it is not the person's own.

A digest also names the user's mailboxes that need reconnecting (their OAuth2 grant was
revoked or expired), with the link to the Mail page: that is how a broken connection is
heard of even by someone who never opens the Mail page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from followline.compose import render_draft
from followline.line import Action
from followline.web.core import wording
from followline.web.core.links import absolute_url
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify
from followline.web.oauth.models import needing_reconnect
from followline.web.outbox.enqueue import enqueue_draft
from followline.web.outbox.notify import notify_once
from followline.web.outbox.plans import CandidatePlan
from followline.web.outbox.templates_store import DatabaseTemplateStore

_ACTION_WORDS = {Action.THANK_YOU: "a thank-you", Action.STATUS_INQUIRY: "a status inquiry"}


Due = tuple[CandidatePlan, str, str, str]  # plan, action words, since (words), key


def due_reminders(plans: Iterable[CandidatePlan], now: datetime) -> dict[int, list[Due]]:
    """user id -> [(plan, action words, since when in words, notification key)] for steps
    that are due now."""
    due: dict[int, list[Due]] = defaultdict(list)
    for plan in plans:
        step = plan.judge(now).next
        if step.action == Action.NONE or (step.not_before and step.not_before > now):
            continue
        when = step.not_before.isoformat() if step.not_before else "now"
        since = step.not_before or now
        words = wording.when_for(since, plan.timezone, plan.owner_zone or None)
        key = f"reminder:{plan.key}:{step.action}:{when}"
        due[plan.user_id].append((plan, _ACTION_WORDS[step.action], words, key))
    return due


def send_reminders(plans: Iterable[CandidatePlan], now: datetime) -> int:
    """Queue the reminder digests; returns how many mails were queued."""
    queued = 0
    for user_id, items in due_reminders(plans, now).items():
        first = items[0][0]
        if not first.email:
            continue
        by_key = {key: (plan, words, since) for plan, words, since, key in items}

        def send(fresh: list[str], dedupe_key: str, *, first=first, by_key=by_key, user_id=user_id):
            context = {
                "candidate_name": first.name,
                "mailboxes": [
                    {"address": g.address, "problem": g.problem, "url": absolute_url("/mail/")}
                    for g in needing_reconnect(owner_id=user_id)
                ],
                "items": [
                    {
                        "company": by_key[k][0].company,
                        "role": by_key[k][0].role,
                        "action": by_key[k][1],
                        "since": by_key[k][2],
                        "url": by_key[k][0].url,
                    }
                    for k in fresh
                ],
            }
            draft = render_draft(
                "candidate_reminder", context, store=DatabaseTemplateStore(), user_id=user_id
            )
            message = enqueue_draft(
                draft, first.email, dedupe_key=dedupe_key, ref=f"user:{user_id}"
            )
            for k in fresh:
                plan, words, since = by_key[k]
                notify(
                    user_id,
                    Kind.REMINDER,
                    f"Reminder e-mailed: {words} to {plan.company} ({plan.role}) is welcome "
                    f"since {since}.",
                    url=plan.path,
                    key=k,
                )
            return message

        if notify_once(list(by_key), send) is not None:
            queued += 1
    return queued
