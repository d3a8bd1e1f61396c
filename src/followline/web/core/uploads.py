"""Uploads have a size limit (``FOLLOWLINE_IMPORT_MAX_BYTES``, default 50 MB): past it the
upload handler stops keeping the file and marks the request (``request.upload_too_large``),
so the form can say so; nothing of an oversized file is written to disk or kept in memory.
(``followline serve`` also tells waitress to refuse bodies much larger than the limit.)"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def max_upload_bytes() -> int:
    return int(getattr(settings, "FOLLOWLINE_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


class LimitedUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: skips any file larger than the limit."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            if self.request is not None:
                self.request.upload_too_large = True
            raise SkipFile(f"{self.file_name} is larger than the upload limit")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file
