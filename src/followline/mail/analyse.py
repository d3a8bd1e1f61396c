"""Everything triage learns from one message on its own: parse, strip, classify, sketch.

This is the per-message half of the pipeline (the other half, grouping per candidate and
collapsing duplicates, needs all messages seen so far). It is a pure function of the raw
bytes, so it can run in worker processes (:func:`analyse_many`).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from itertools import islice
from typing import NamedTuple

from rensa import RMinHash

from followline.classify import NOT_JOB, UNSURE, Classification, Side, classify
from followline.classify.features import quote_start
from followline.mail import dedupe
from followline.mail.addresses import normalise_address, phones_in_text
from followline.mail.parse import ParsedMessage, parse_message
from followline.mail.reply import REPLY_CAP, StrippedReply, strip_reply, unquoted
from followline.mail.sources import RawMessage

_FORWARD_PREFIXES = ("fwd:", "fw:", "tr:", "wg:")
_SHORT_WORDS = 20
BODY_KEEP = 1000


class Analysed(NamedTuple):
    """One message, read and judged on its own (no duplicate or candidate yet).

    A named tuple: it crosses from the worker processes to the main one for every message,
    and named tuples pickle about three times faster than dataclasses.
    """

    location: str
    size: int
    message_id: str | None = None
    from_display: str = ""
    from_name: str = ""
    candidate: str = ""
    date: datetime | None = None
    subject: str = ""
    body: str = ""  # stripped of quotes and signature, at most BODY_KEEP characters
    classification: Classification | None = None
    phones: tuple[str, ...] = ()
    sketch: RMinHash | None = None  # see dedupe.sketch
    problems: tuple[str, ...] = ()
    error: str | None = None
    from_addr: str = ""  # the address as written
    in_reply_to: str = ""
    references: tuple[str, ...] = ()
    fingerprint: str = ""  # see parse.fingerprint: the key the web app files it under
    text: str = ""  # the whole text as parsed, only when asked for (``keep_text``)


def _dedupe_text(body: str, full_text: str, subject: str) -> str:
    """What duplicate detection compares: the new text, or the whole of a bare forward."""
    if subject.lower().startswith(_FORWARD_PREFIXES) and len(body.split()) < _SHORT_WORDS:
        return "\n".join(
            line for line in full_text.splitlines() if not line.lstrip().startswith(">")
        )
    return body


def _own_and_top(text: str) -> tuple[str, str | None]:
    """What is classified, and what the reply parser is to read (``None``: the whole body).

    The first is the text above the first quoted block (Outlook-style top posting; where it
    starts: :func:`~followline.classify.features.quote_start`), or, when nothing is above
    it (bottom posting, the quote already dropped with its ``>``), the text below. The
    second is that text above, already cut: the parser reads what was classified, and the
    reply stripper's own cut finds no header left in it."""
    header = quote_start(text)
    if header is None:
        return text.strip(), text
    above = text[: header.start()].strip()
    if above:
        return above, text[: header.start()]
    return text[header.end() :].strip(), None


def read(
    parsed: ParsedMessage, side: Side = Side.CANDIDATE, *, job_mail: bool = False
) -> tuple[Classification, StrippedReply]:
    """Classify a parsed message (spam on its whole text, its kind on its own words) and
    strip it.

    Cheap path: the kind is read from the text above the first quoted block
    (:func:`_own_and_top`; the classifier cuts forwards and ``>`` lines itself), and the
    reply parser (about 0.2 ms per KB), which also finds the signature and its phone
    numbers, runs only for a message that is a follow-up of some kind: spam, mail that is
    no job mail, ``other`` and unsure readings keep the text above the quote as their body.
    """
    whole = unquoted(parsed.text[:REPLY_CAP])
    above, top = _own_and_top(whole)
    classification = classify(
        above,
        parsed.subject,
        side=side,
        html_only=parsed.html_only,
        spam_text=whole,
        sender=f"{parsed.from_name} <{parsed.from_addr}>",
        job_mail=job_mail,
    )
    if classification.spam or classification.label in _NO_FOLLOW_UP:
        return classification, StrippedReply(above, "")
    return classification, strip_reply(parsed.text if top is None else top)


_NO_FOLLOW_UP = frozenset({NOT_JOB, UNSURE, "other"})


def analyse(
    raw: RawMessage, region: str = "US", *, keep_text: bool = False, job_mail: bool = False
) -> Analysed:
    """Read one raw message; a message that cannot be read comes back with ``error``.

    ``keep_text`` keeps the whole parsed text too (the web app stores it; triage, which
    sends every result across processes, does not). ``job_mail``: a message that is not
    spam is job mail by context, its kind read without the job model (triage: every sender
    but a spammer is judged as a candidate)."""
    size = raw.size
    if raw.error is not None:  # a file that is not mail (sources says why)
        return Analysed(raw.location, size, error=raw.error)
    try:
        parsed = parse_message(raw.data)
        classification, stripped = read(parsed, job_mail=job_mail)
        phones = () if classification.spam else tuple(phones_in_text(stripped.signature, region))
        # Spam is never judged, so it is not checked for duplicates either.
        values = (
            None
            if classification.spam
            else dedupe.sketch(_dedupe_text(stripped.body, parsed.text, parsed.subject))
        )
    except Exception as exc:  # any failure is this message's alone: reported, never fatal
        return Analysed(raw.location, size, error=f"{type(exc).__name__}: {exc}")
    problems = parsed.problems
    if raw.truncated:
        problems += (f"{raw.truncated} bytes of attachment data not kept",)
    display = parsed.from_addr
    if parsed.from_name:
        display = f"{parsed.from_name} <{parsed.from_addr}>"
    return Analysed(
        location=raw.location,
        size=size,
        message_id=parsed.message_id,
        from_display=display,
        from_name=parsed.from_name,
        candidate=normalise_address(parsed.from_addr) if parsed.from_addr else "",
        date=parsed.date,
        subject=parsed.subject,
        body="" if classification.spam else stripped.body[:BODY_KEEP],
        classification=classification,
        phones=phones,
        sketch=values,
        problems=problems,
        from_addr=parsed.from_addr,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        fingerprint=parsed.fingerprint,
        text=parsed.text if keep_text else "",
    )


def _analyse_batch(
    batch: list[tuple[str, bytes, int, str | None]], region: str, job_mail: bool
) -> list[Analysed]:
    # Raw messages travel as plain tuples: they pickle about three times faster.
    return [analyse(RawMessage(*raw), region, job_mail=job_mail) for raw in batch]


def analyse_many(
    raws: Iterable[RawMessage],
    region: str = "US",
    workers: int = 1,
    batch: int = 64,
    *,
    job_mail: bool = False,
) -> Iterator[Analysed]:
    """Analyse messages in input order, in ``workers`` processes when more than one
    (``job_mail``: see :func:`analyse`).

    Messages go to the workers in batches, with at most ``2 * workers + 1`` batches under
    way, so reading never runs ahead of the analysis by more than a few hundred messages.
    Closing the iterator early (a reader that stopped) cancels the batches not yet started
    and waits only for the ones running. (``concurrent.futures`` rather than
    ``multiprocessing.Pool``: ``Pool.terminate`` with tasks still queued could hang.)
    """
    if workers <= 1:
        for raw in raws:
            yield analyse(raw, region, job_mail=job_mail)
        return
    pending: deque[Future[list[Analysed]]] = deque()
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        iterator = iter(raws)
        while chunk := list(islice(iterator, batch)):
            plain = [(raw.location, raw.data, raw.truncated, raw.error) for raw in chunk]
            pending.append(executor.submit(_analyse_batch, plain, region, job_mail))
            if len(pending) > 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
