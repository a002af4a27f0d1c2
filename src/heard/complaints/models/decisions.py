"""A decision made on a complaint, kept as it was made so it can always be read back.

The procedure asks for many recorded decisions with reasons: refusing Stage 2 or Stage 3,
considering or refusing a complaint made more than 12 months later, a "sufficient interest"
decision, a deferral, an exceptional complaint point, a non-engagement closure, a late request,
an appointment despite an independence warning, an extension or a missed Stage 3 deadline.
Some of these leave their reasons in fields that the next step overwrites or never shows; the
Ombudsman asks for all of them. So every deciding action also writes one ``Decision`` row, in
its own transaction, with the reasons as the questions the procedure asks and the answers
given. The rows are never changed afterwards, and the case page lists them all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.audit.models import CaseEvent
from heard.complaints.models.complaint import Complaint

User = settings.AUTH_USER_MODEL


class DecisionKind(models.TextChoices):
    OUT_OF_TIME = "out_of_time", "Complaint made more than 12 months later"
    SUFFICIENT_INTEREST = "sufficient_interest", "Sufficient interest"
    DEFERRAL = "deferral", "Deferral or exclusion because of proceedings"
    STAGE1_EXTENSION = "stage1_extension", "Stage 1 extension"
    LATE_STAGE2_REQUEST = "late_stage2_request", "Late Stage 2 request"
    STAGE2_REFUSAL = "stage2_refusal", "Stage 2 refusal"
    STAGE2_EXTENSION = "stage2_extension", "Stage 2 extension"
    EXCEPTIONAL_POINT = "exceptional_point", "Complaint point added exceptionally"
    NON_ENGAGEMENT = "non_engagement", "Closure for non-engagement"
    REOPENED = "reopened", "Reopened for exceptional reasons"
    CLOSED = "closed", "Complaint closed"
    INDEPENDENCE_WARNING = "independence_warning", "Appointment despite a warning"
    LATE_STAGE3_REQUEST = "late_stage3_request", "Late Stage 3 request"
    STAGE3_REFUSAL = "stage3_refusal", "Stage 3 refusal"
    STAGE3_DELAY = "stage3_delay", "Stage 3 deadline missed"


class Decision(models.Model):
    """One recorded decision: what was decided, why (question and answer pairs, in order),
    who decided, who signed it off, when, and the date of the letter telling the complainant."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=30, choices=DecisionKind.choices)
    title = models.CharField(max_length=300, help_text="What was decided, in a few words.")
    reasons = models.JSONField(
        default=list, help_text="The reasons as [question, answer] pairs, in the order asked."
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    letter_sent_on = models.DateField(null=True, blank=True)
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        indexes = [models.Index(fields=["complaint", "decided_on", "id"])]

    def __str__(self) -> str:
        return self.title
