"""Findings, reports, adjudication and recommendations for Stage 2."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import Finding as FindingOutcome

User = settings.AUTH_USER_MODEL


class Finding(models.Model):
    """The Investigating Officer's one finding on one complaint point (rule 25)."""

    point = models.OneToOneField(ComplaintPoint, on_delete=models.CASCADE, related_name="finding")
    outcome = models.CharField(max_length=20, choices=FindingOutcome.choices)
    reasons = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    # The adjudicator's decision on this finding (rule 28).
    adjudication_accepted = models.BooleanField(null=True, blank=True)
    adjudication_reasons = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.get_outcome_display()


class InvestigationReport(models.Model):
    """The Investigating Officer's report: draft, fact-checked, then final."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="investigation_report"
    )
    summary = models.TextField(blank=True)
    final_on = models.DateField(null=True, blank=True)
    fact_check_sent_on = models.DateField(null=True, blank=True)
    fact_check_returned_on = models.DateField(null=True, blank=True)
    fact_check_comments = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Investigating Officer's report on {self.complaint_id}"


class IndependentPersonReport(models.Model):
    """The Independent Person's report: a view on each finding and on the investigation."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="ip_report")
    investigation_fair_and_complete = models.BooleanField()
    concerns = models.TextField(
        blank=True, help_text="Why the investigation was unfair or incomplete, if it was."
    )
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Independent Person's report on {self.complaint_id}"


class IndependentPersonView(models.Model):
    """The Independent Person's agreement or disagreement with one finding (rule 26)."""

    point = models.OneToOneField(ComplaintPoint, on_delete=models.CASCADE, related_name="ip_view")
    agrees = models.BooleanField()
    comments = models.TextField(blank=True)

    def __str__(self) -> str:
        return "Agrees" if self.agrees else "Disagrees"


class Recommendation(models.Model):
    """A recommendation made at a stage, and the council's decision on it."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="recommendations"
    )
    stage = models.PositiveSmallIntegerField(default=2)
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    accepted = models.BooleanField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["stage", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "stage", "number"], name="one_recommendation_number"
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"


class Action(models.Model):
    """What the council will do about an accepted recommendation, by whom and when."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done, awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="action"
    )
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    evidence = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner}, due {self.due_on})"
