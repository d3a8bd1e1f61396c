"""The kinds people corrected, as the training examples ``followline kinds train`` reads."""

from __future__ import annotations

from typing import BinaryIO

import orjson

from followline.web.core.models import KindCorrection


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
