"""Work done after commit by ``heard worker`` (Django's tasks API, database backend).

A sent letter's PDF and Word files are made once, from its frozen text, and kept byte for
byte. Making them is the slow part of a letter (WeasyPrint lays out every page), so the person
sending it is not kept waiting, and a failure is retried by running the task again, never lost
with the send. Until the files exist, the document's download renders them on the spot from
the same frozen text, so nothing waits on the worker to be readable.
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django_tasks import task

from heard.documents.formats import to_docx, to_pdf
from heard.documents.models import Document, DocumentFile
from heard.documents.sending import page_for

MAKERS = {DocumentFile.Format.PDF: to_pdf, DocumentFile.Format.DOCX: to_docx}


@task()
def make_files(document_id: int) -> list[str]:
    """Make and keep the PDF and Word files of a frozen document; returns the formats made."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None or not document.is_frozen:
        return []
    have = set(document.files.values_list("format", flat=True))
    page = page_for(document)
    made = []
    for file_format, maker in MAKERS.items():
        if file_format in have:
            continue
        content = maker(page)
        try:
            with transaction.atomic():
                DocumentFile.objects.create(
                    document=document,
                    format=file_format,
                    content=content,
                    sha256=hashlib.sha256(content).hexdigest(),
                )
        except IntegrityError:
            continue  # another worker made it first
        made.append(str(file_format))
    return made
