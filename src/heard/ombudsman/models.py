"""The Local Government and Social Care Ombudsman's enquiries, decisions and remedies.

A complainant may go to the Ombudsman at any point, so these records hang off a complaint in
any status. Each remedy the Ombudsman asks for becomes a ``decisions.Action`` with the
Ombudsman's compliance date as its due date (rule 39), so it is tracked, shown when overdue
and blocks archiving like any other action.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models import Complaint
from heard.decisions.models import Action

User = settings.AUTH_USER_MODEL


class OmbudsmanCase(models.Model):
    """One enquiry or investigation by the Ombudsman into a complaint."""

    class Kind(models.TextChoices):
        ENQUIRY = "enquiry", "Enquiry (assessment)"
        INVESTIGATION = "investigation", "Investigation"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="ombudsman_cases"
    )
    reference = models.CharField(max_length=30, help_text="The Ombudsman's reference.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    received_on = models.DateField(help_text="When the council heard from the Ombudsman.")
    reply_due_on = models.DateField(help_text="The Ombudsman's deadline for the council's reply.")
    replied_on = models.DateField(null=True, blank=True)
    draft_decision_on = models.DateField(null=True, blank=True)
    final_decision_on = models.DateField(null=True, blank=True)
    fault_found = models.BooleanField(null=True, blank=True)
    decision_summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="one_ombudsman_reference")
        ]

    def __str__(self) -> str:
        return f"Ombudsman {self.reference}"


class Remedy(models.Model):
    """Something the Ombudsman asked the council to do, carried by an action (rule 39)."""

    class Kind(models.TextChoices):
        APOLOGY = "apology", "Apology"
        PAYMENT = "payment", "Payment"
        COMPLETE_STAGE = "complete_stage", "Complete a stage of the procedure"
        SERVICE_IMPROVEMENT = "service_improvement", "Service improvement"
        OTHER = "other", "Something else"

    case = models.ForeignKey(OmbudsmanCase, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField()
    amount = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="For a payment, in pounds."
    )
    compliance_due_on = models.DateField(help_text="The Ombudsman's date for doing it.")
    evidence_sent_on = models.DateField(
        null=True, blank=True, help_text="When the council sent the Ombudsman its evidence."
    )
    action = models.OneToOneField(Action, on_delete=models.PROTECT, related_name="remedy")

    class Meta:
        ordering = ["compliance_due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="payment") | models.Q(amount__gt=0),
                name="payment_remedy_has_amount",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
