"""The Statement of Complaint and Desired Outcomes: numbered points, versioned, then agreed."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models.choices import Route
from heard.complaints.models.complaint import Complaint

User = settings.AUTH_USER_MODEL


class ComplaintPoint(models.Model):
    """One numbered point of the complaint, with what the complainant wants done about it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="points")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    desired_outcomes = models.TextField()
    route = models.CharField(max_length=30, choices=Route.choices, default=Route.STATUTORY)
    # Added after the statement was agreed: only by an exceptional Complaints Manager decision.
    added_exceptionally = models.BooleanField(default=False)
    exception_reasons = models.TextField(blank=True)
    exception_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the point is about, from the managed list, for learning across cases.
    themes = models.ManyToManyField("people.Theme", blank=True, related_name="points")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_number_per_point")
        ]

    def __str__(self) -> str:
        return f"Point {self.number}"


class StatementVersion(models.Model):
    """Each saved version of the statement, as it stood; the latest is the current one.

    ``number`` doubles as the optimistic-concurrency token: a save names the version it was
    based on, and is refused if another save got in first.
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="statement_versions"
    )
    number = models.PositiveIntegerField()
    points = models.JSONField(help_text="The points as saved: number, text, outcomes, route.")
    saved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    agreed_on = models.DateField(null=True, blank=True)
    agreed_how = models.CharField(max_length=200, blank=True)
    agreement_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="one_statement_version")
        ]

    def __str__(self) -> str:
        return f"Statement version {self.number}"
