"""The promise keeper: teams hear whom they owe an update; candidates are not left waiting.

For every candidate of every opening, :func:`followline.line.judge` says whether the
employer's promise has lapsed (``employer.overdue``). Then:

* the team gets a digest, "You owe 3 candidates an update", listing every owed candidate;
  a digest goes out when at least one lapse is new (one per lapsed promise, ever);
* where the opening allows it, the candidate gets a courteous automatic update (the
  ``employer_update`` draft, the team's own template if it has one), once per lapsed
  promise, and it is logged as the employer's update so the promise restarts.

Idempotent: each lapse is a :class:`~followline.web.outbox.models.Notification` key
(``promise:<application>:<due>``); running twice queues nothing twice. Each digest is also
a notice in the app for every member of the team.

Due dates in the digest are the opening's (its zone's), in the site's one format and
always with the zone named (``Thu 26 Nov 10:00 (Chicago time)``): the members who read it
may be anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from followline.compose import render_draft
from followline.web.core import wording
from followline.web.notices.models import Kind
from followline.web.notices.notify import notify
from followline.web.oauth.models import needing_reconnect
from followline.web.outbox.enqueue import enqueue_draft
from followline.web.outbox.notify import notify_once
from followline.web.outbox.plans import EmployerPlan
from followline.web.outbox.templates_store import DatabaseTemplateStore


@dataclass
class KeeperResult:
    owed: int = 0
    digests: int = 0
    updates: int = 0


def keep_promises(plans: Iterable[EmployerPlan], now: datetime) -> KeeperResult:
    result = KeeperResult()
    owed: dict[int, list[tuple[EmployerPlan, datetime]]] = defaultdict(list)
    for plan in plans:
        promise = plan.judge(now).employer
        if not promise.overdue or promise.due is None:
            continue
        result.owed += 1
        owed[plan.team_id].append((plan, promise.due))
        if plan.auto_update and plan.candidate_email and _auto_update(plan, promise.due, now):
            result.updates += 1
    for items in owed.values():
        if _digest(items):
            result.digests += 1
    return result


def _key(plan: EmployerPlan, due: datetime) -> str:
    return f"promise:{plan.key}:{due.isoformat()}"


def _digest(items: list[tuple[EmployerPlan, datetime]]) -> bool:
    first = items[0][0]
    if not first.team_emails:
        return False
    context = {
        "team_name": first.team_name,
        "mailboxes": [
            {"address": g.address, "problem": g.problem, "url": first.mail_url}
            for g in needing_reconnect(team_id=first.team_id)
        ],
        "items": [
            {
                "candidate_name": p.candidate_name,
                "role": p.role,
                "due": wording.when_for(due, p.timezone, None),
                "url": p.url,
            }
            for p, due in items
        ],
    }

    def send(fresh: list[str], dedupe_key: str):
        draft = render_draft(
            "promise_digest", context, store=DatabaseTemplateStore(), team_id=first.team_id
        )
        message = enqueue_draft(
            draft, list(first.team_emails), dedupe_key=dedupe_key, ref=f"team:{first.team_id}"
        )
        n = len(items)
        for user_id in first.team_user_ids:
            notify(
                user_id,
                Kind.DIGEST,
                f"{first.team_name} owes {n} candidate{'s' if n != 1 else ''} an update: "
                "the list was e-mailed to the team.",
                url=first.updates_path,
                key=f"{dedupe_key}:{user_id}",
            )
        return message

    keys = [f"digest:{_key(plan, due)}" for plan, due in items]
    return notify_once(keys, send) is not None


def _auto_update(plan: EmployerPlan, due: datetime, now: datetime) -> bool:
    context = {
        "candidate_name": plan.candidate_name,
        "company": plan.company,
        "role": plan.role,
        "decision_date": "",
        "note": "",
        "status_url": plan.status_url,
        "team_name": plan.team_name,
    }

    def send(fresh: list[str], dedupe_key: str):
        draft = render_draft(
            "employer_update", context, store=DatabaseTemplateStore(), team_id=plan.team_id
        )
        message = enqueue_draft(draft, plan.candidate_email, dedupe_key=dedupe_key, ref=plan.key)
        if plan.record_update is not None:
            plan.record_update(now)  # same transaction: the contact exists iff the mail does
        return message

    return notify_once([f"update:{_key(plan, due)}"], send) is not None
