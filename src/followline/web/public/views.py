"""Public pages, no log-in: a candidate's private status page (an unguessable link) and an
opening's published follow-up line. Unknown tokens are a plain 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from followline.line import describe_policy
from followline.web.core import wording
from followline.web.employers.models import Candidate, Opening


def status(request: HttpRequest, token: str) -> HttpResponse:
    candidate = get_object_or_404(
        Candidate.objects.for_judging(),
        status_token=token,
    )
    now = timezone.now()
    opening = candidate.opening
    judgement = candidate.judge(now)
    updates = [c for c in candidate.contacts.all() if c.party == "employer"]
    due = judgement.employer.due
    response = render(
        request,
        "public/status.html",
        {
            "candidate": candidate,
            "opening": opening,
            "team": opening.team,
            "judgement": judgement,
            "now": now,
            "latest": updates[-1] if updates else None,
            "due_words": wording.day_for(due, opening.timezone, wording.viewer()) if due else None,
            "next_sentence": wording.public_next(judgement.next, now, opening.timezone),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def policy(request: HttpRequest, slug: str) -> HttpResponse:
    opening = get_object_or_404(Opening.objects.select_related("team"), public_slug=slug)
    line = opening.line_policy()
    return render(
        request,
        "public/policy.html",
        {
            "opening": opening,
            "team": opening.team,
            "policy": line,
            "sentences": describe_policy(line)[1:],
        },
    )
