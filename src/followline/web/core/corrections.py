"""The kinds people corrected, as the training examples ``followline kinds train`` reads."""

from __future__ import annotations

from typing import Any, BinaryIO

import orjson
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone

from followline.web.core import wording
from followline.web.core.models import ContactRow, KindCorrection


def correct(request: HttpRequest, contact: ContactRow, timeline: Any) -> HttpResponse:
    """The posted kind for a contact the classifier read: set it, keep the correction,
    re-judge ``timeline`` (its application or candidate) and say what changed."""
    label = request.POST.get("label", "")
    try:
        contact.correct_kind(label, request.user)
    except ValueError:
        return HttpResponseBadRequest("unknown kind")
    judgement = timeline.rejudge(timezone.now())
    messages.success(
        request,
        f"Kind corrected: “{wording.label_words(label)}”. Standing now: {judgement.standing}.",
    )
    return redirect(timeline)


def export_jsonl(out: BinaryIO) -> int:
    """Every correction as one JSON object a line (side, label, subject, text); the count."""
    count = 0
    for correction in KindCorrection.objects.order_by("id").iterator():
        record = {
            "side": correction.side,
            "label": correction.label,
            "subject": correction.subject,
            "text": correction.text,
        }
        out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count
