"""Running an import job: read the file through :mod:`followline.web.imports`, thread the
messages and calls onto the opening's candidates, then judge each touched candidate."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from followline.web import imports
from followline.web.core.models import Channel, Party
from followline.web.employers import judging
from followline.web.employers.models import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    ImportJob,
)
from followline.web.employers.models.imports import ImportKind, ImportState

PROGRESS_EVERY = 25


class NothingRead(ValueError):
    """The file held nothing the import could read (an image, an empty or foreign file)."""


def run(job_id: int) -> ImportJob:
    job = ImportJob.objects.select_related("opening").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING)
    touched: set[int] = set()

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ImportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        path = Path(job.upload.path)
        if job.kind == ImportKind.CALLS:
            _calls(job, path, progress, touched)
        else:
            _messages(job, path, progress, touched)
        if job.contacts_added == 0 and job.messages == job.unreadable:
            raise NothingRead(_nothing_read(job))
        now = timezone.now()
        for cid in touched:
            judging.refresh(judging.refetch(cid), now)
        job.state = ImportState.DONE
    except (OSError, ValueError, KeyError, UnicodeError) as exc:  # CsvError is a ValueError
        reason = str(exc) if isinstance(exc, NothingRead) else f"{type(exc).__name__}: {exc}"
        job.state, job.error = ImportState.FAILED, reason
    job.done = ImportJob.objects.values_list("done", flat=True).get(pk=job.pk)
    job.total = max(job.total, job.done)
    job.finished_at = timezone.now()
    job.save()
    return job


def _nothing_read(job: ImportJob) -> str:
    if job.kind == ImportKind.CALLS:
        expected = "a call log: a CSV file with a time and a phone number on each row"
    else:
        expected = "a mailbox: an mbox file (one file holding many messages) or a single .eml"
    found = (
        f"none of its {job.messages} entries could be read"
        if job.messages
        else "it holds nothing that could be read"
    )
    return f"{job.filename}: {found}. Nothing was imported. Expected {expected}."


def _messages(job: ImportJob, path: Path, progress, touched: set[int]) -> None:
    by_email = {imports.address_key(c.email): c for c in job.opening.candidates.exclude(email="")}
    contact_of: dict[int, CandidateContact] = {}  # message number -> its contact
    for message in imports.read_mailbox(path, progress):
        job.messages += 1
        if message.error or message.at is None or not message.sender:
            job.unreadable += 1
            continue
        candidate = by_email.get(message.sender)
        if candidate is None:
            if message.spam:
                job.spam += 1
                continue
            # a new sender: their first message is their application (it starts the promise)
            candidate = Candidate.objects.create(
                opening=job.opening,
                name=message.name[:200],
                email=message.sender,
                phone=message.phones[0] if message.phones else "",
            )
            CandidateMilestone.objects.create(candidate=candidate, type="applied", at=message.at)
            by_email[message.sender] = candidate
            job.candidates_added += 1
        with transaction.atomic():
            contact_of[message.number] = CandidateContact.objects.create(
                candidate=candidate,
                at=message.at,
                party=Party.CANDIDATE,
                channel=Channel.EMAIL,
                kind=message.kind,
                subject=message.subject[:300],
                text=message.text,
                sender=message.sender,
                spam=message.spam,
                import_job=job,
                duplicate_of=contact_of.get(message.duplicate_of or 0),
            )
        job.spam += message.spam
        job.duplicates += message.duplicate_of is not None
        job.contacts_added += 1
        touched.add(candidate.pk)


def _calls(job: ImportJob, path: Path, progress, touched: set[int]) -> None:
    by_phone = {imports.phone_key(c.phone): c for c in job.opening.candidates.exclude(phone="")}
    for call in imports.read_calls(path, progress):
        job.messages += 1
        key = imports.phone_key(call.number)
        candidate = by_phone.get(key)
        if candidate is None:
            candidate = Candidate.objects.create(
                opening=job.opening, name=f"Caller {call.number}", phone=call.number
            )
            by_phone[key] = candidate
            job.candidates_added += 1
        CandidateContact.objects.create(
            candidate=candidate,
            at=call.at,
            party=Party.CANDIDATE,
            channel=Channel.PHONE,
            voicemail=call.voicemail,
            sender=call.number,
            import_job=job,
        )
        job.contacts_added += 1
        touched.add(candidate.pk)
