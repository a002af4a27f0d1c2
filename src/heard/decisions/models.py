"""Findings, reports and adjudication (Stage 2); the review panel (Stage 3); recommendations
at every stage and the actions that carry them out."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.models.choices import (
    AttendeeCapacity,
    CirculationKind,
    SubmissionSource,
)
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

    class Meta:
        # Findings across cases are read newest first within a span of dates: the repeat-
        # finding warning (12 months) and the learning log's first page.
        indexes = [
            models.Index(fields=["recorded_at"], name="finding_recorded_at"),
            # The learning log's counts (decision 036): the upheld findings, and their points,
            # read from the index alone rather than from every finding and its reasons.
            models.Index(
                fields=["outcome", "adjudication_accepted", "point"], name="finding_upheld"
            ),
        ]

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
    """Something the council has agreed to do, tracked until it is done and signed off.

    An action comes from an accepted recommendation (Stage 1, 2 or 3) or from a remedy the
    Ombudsman asked for (``ombudsman.Remedy.action``). Rule 38: it has an owner, a due date,
    evidence of completion and a sign-off, and a complaint with an action that is not signed
    off cannot be archived.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done, awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"

    recommendation = models.OneToOneField(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="action"
    )
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    evidence = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    completed_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.description} ({self.owner}, due {self.due_on})"

    @property
    def is_open(self) -> bool:
        """Open until signed off: "done" still waits for the Complaints Manager's check."""
        return self.state != self.State.SIGNED_OFF


# -- Stage 3: the review panel (domain.md rules 34 to 37) ------------------------------------


class PanelSubmission(models.Model):
    """A written or oral representation the panel received (reg 19(5); rule 34)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="panel_submissions"
    )
    source = models.CharField(max_length=20, choices=SubmissionSource.choices)
    name = models.CharField(max_length=200, help_text="Who made it.")
    received_on = models.DateField()
    oral = models.BooleanField(default=False, help_text="Made in person at the meeting.")
    summary = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Submission from {self.name}"


class PanelAttendee(models.Model):
    """Someone at the panel meeting (reg 19(6); rule 35)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="panel_attendees"
    )
    name = models.CharField(max_length=200)
    capacity = models.CharField(max_length=30, choices=AttendeeCapacity.choices)
    speaks_for_complainant = models.BooleanField(
        default=False, help_text="Nominated by the complainant to speak for them."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_capacity_display()})"


class PanelReport(models.Model):
    """The panel's written report: representations summarised, recommendations (rule 36)."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="panel_report"
    )
    summary_of_representations = models.TextField()
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Panel report on {self.complaint_id}"


class PanelCirculation(models.Model):
    """One person the panel report went to (reg 20)."""

    report = models.ForeignKey(PanelReport, on_delete=models.CASCADE, related_name="circulation")
    kind = models.CharField(max_length=20, choices=CirculationKind.choices)
    name = models.CharField(max_length=200)
    sent_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"
