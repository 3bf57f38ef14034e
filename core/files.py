"""Serving a stored file after the caller's view has checked its scope: streamed
from this host's disk (FileSystemStorage), or, on object storage, a redirect to a
link the bucket signs for a short while (MEDIA_STORAGE_URL's `expire`, 60 s) that
names the download's file name and type. The objects themselves stay private: the
link is only ever handed out here, never a public MEDIA_URL."""

import mimetypes

from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.http import content_disposition_header


def on_disk(storage) -> bool:
    return isinstance(storage, FileSystemStorage)


def stored_file_response(
    stored: FieldFile, *, filename: str, content_type: str | None = None
):
    """The file as a download; 404 when the field is empty."""
    if not stored:
        raise Http404
    content_type = (
        content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    if on_disk(stored.storage):
        return FileResponse(
            stored.open("rb"),
            content_type=content_type,
            as_attachment=True,
            filename=filename,
        )
    url = stored.storage.url(
        stored.name,
        parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        },
    )
    response = HttpResponseRedirect(url)
    # The signed link is the caller's alone: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    return response
