"""Résumés kept with an application: an upload with a size limit and a type check, stored
through Django's default storage under a random name, downloadable only by its owner.

Why uploads (and not only a link): the issue asks for the résumé sent with each
application, and people keep several versions; a link to a file elsewhere breaks or leaks.
The risks of keeping files are met here:

* **size**: at most ``FOLLOWLINE_RESUME_MAX_BYTES`` (default 5 MB), said in the form;
* **type**: PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or plain text, checked by
  the file's first bytes *and* its name, so a page or a script renamed ``cv.pdf`` is refused;
* **storage**: a random file name under ``resumes/<owner id>/`` in the storage (never the
  uploaded name, which is kept only as a label), outside anything the site serves;
* **download**: only through the owner's view (``/applications/<id>/resume/``; anyone else
  gets a 404), always as an attachment with a fixed content type, so a browser never
  renders it as a page (and ``nosniff`` is on for every response).
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat

from followline.web.applications.models import Application

# extension -> (content type, accepted first bytes); text is checked on its own (below)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    ".rtf": ("application/rtf", (b"{\\rtf",)),
    ".txt": ("text/plain; charset=utf-8", ()),
}
ACCEPT = ",".join(TYPES)


def max_bytes() -> int:
    return int(settings.FOLLOWLINE_RESUME_MAX_BYTES)


def content_type(name: str) -> str:
    return TYPES.get(PurePath(name).suffix.lower(), ("application/octet-stream", ()))[0]


def check(upload: UploadedFile) -> UploadedFile:
    """The upload if it is a résumé we keep; else a ValidationError saying why."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise forms.ValidationError(
            f"The file is {filesizeformat(upload.size)}; a résumé may be up to "
            f"{filesizeformat(limit)}."
        )
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in TYPES:
        raise forms.ValidationError(
            "Give a PDF, Word (.docx, .doc), OpenDocument (.odt), RTF or text (.txt) file."
        )
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    _, magic = TYPES[suffix]
    if magic and not head.startswith(magic):
        raise forms.ValidationError(
            f"This file is not a real {suffix} file: its content says other."
        )
    if not magic and (b"\x00" in head or not _is_text(head)):
        raise forms.ValidationError("This .txt file is not plain text.")
    return upload


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the 4 KB boundary is still text
        return exc.start >= len(head) - 3
    return True


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The résumé kept with one of my applications, as an attachment (anyone else: 404)."""
    app = get_object_or_404(Application, pk=pk, owner=request.user)
    if not app.resume:
        raise Http404("no résumé kept with this application")
    try:
        handle = app.resume.open("rb")
    except FileNotFoundError:
        raise Http404("the résumé file is missing") from None
    name = app.resume_name or PurePath(app.resume.name).name
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Type"] = content_type(app.resume.name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
