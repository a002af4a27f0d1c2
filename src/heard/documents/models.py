"""Letters and reports: the templates they are written from, and each document Heard drafted.

A document is drafted by a step (the acknowledgement when the complaint is acknowledged), may be
edited by complaints staff while it is a draft, and is frozen when it is sent or made final:
from then on its text, the case data it was made from and the template version are kept as
they were, with who sent it, how and to whom (decision 038).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models import Complaint

User = settings.AUTH_USER_MODEL


class LetterTemplate(models.Model):
    """One version of the template of a letter or report (``key`` names it in the catalogue).

    A new version is saved each time an administrator changes it; documents keep the version
    they were drafted from. Version 1 of each is the text Heard ships (``saved_by`` empty).
    """

    key = models.CharField(max_length=60)
    version = models.PositiveIntegerField()
    body = models.TextField(help_text="Markdown with Jinja2 placeholders, run in a sandbox.")
    note = models.CharField(max_length=300, blank=True, help_text="What changed and why.")
    saved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="one_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"


class Document(models.Model):
    """One letter or report for one case, from draft to sent (or final, for a report)."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"
        SENT = "sent", "Sent"

    class SentHow(models.TextChoices):
        POST = "post", "By post"
        EMAIL = "email", "By email"
        HAND = "hand", "By hand"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="documents")
    key = models.CharField(max_length=60, help_text="Which letter or report, from the catalogue.")
    title = models.CharField(max_length=200)
    recipient = models.CharField(max_length=300, blank=True)
    recipient_role = models.CharField(max_length=60, blank=True)
    address = models.TextField(blank=True)
    email = models.CharField(max_length=254, blank=True)
    # Who gets a copy (the advocate, whenever one is appointed): names as they are printed.
    copies = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # The exact text (Markdown), as drafted or as staff edited it; frozen once sent or final.
    body = models.TextField()
    edited = models.BooleanField(default=False)
    # The case data the text was made from, exactly as the template saw it.
    data = models.JSONField(default=dict)
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    # The case event whose step drafted it (``audit.CaseEvent``; a number, as events are kept
    # apart from case records).
    made_by_event = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised by every save of the text: an edit made from an older copy is refused, not
    # written over a colleague's (decision 021).
    revision = models.PositiveIntegerField(default=1)
    sent_on = models.DateField(null=True, blank=True)
    sent_how = models.CharField(max_length=10, choices=SentHow.choices, blank=True)
    sent_to = models.CharField(max_length=400, blank=True)
    sent_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "key"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_state_display().lower()})"

    @property
    def is_frozen(self) -> bool:
        return self.state != self.State.DRAFT


class DocumentFile(models.Model):
    """A sent or final document's PDF or Word file, made once after commit by the worker and
    kept byte for byte, so what was sent can always be shown again exactly."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=10, choices=Format.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "format"], name="one_file_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}.{self.format}"


class ReportNarrative(models.Model):
    """One part of a report that its writer types rather than Heard assembling it: the
    Investigating Officer's introduction, the analysis of point 3, the conclusion.

    The rest of a report is the case's own records (the agreed statement, the findings, the
    interviews); these parts are the writer's words about them, kept here so the report can
    be made again from the latest records until it is final (``documents.narratives``).
    ``revision`` is raised by every save: a save made from an older copy is refused, not
    written over a colleague's (decision 021).
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="report_narratives"
    )
    report = models.CharField(max_length=60, help_text="Which report, from the catalogue.")
    # "introduction", "point:3:analysis", "conclusion": the parts ``narratives`` lists.
    part = models.CharField(max_length=60)
    text = models.TextField(blank=True, help_text="Markdown, as the writer typed it.")
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "report", "part"], name="one_narrative_part"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.part} (revision {self.revision})"
