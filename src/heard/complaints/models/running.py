"""Every deadline running on a complaint, one row each, for the work queue.

``Complaint.due_on`` holds only the earliest deadline, which is enough to sort and filter a
list of cases, but a work queue lists deadlines, not cases: a case with its acknowledgement and
a records request both due this week is two rows of work, often for different people. Working
every source out per case would cost several queries per open case on each view of the home
page, so ``complaints.deadlines.refresh_due`` stores them here in the same transaction as every
change, and the queue reads one indexed table (decision 029).
"""

from __future__ import annotations

from django.db import models

from heard.complaints.models.complaint import Complaint


class WaitsOn(models.TextChoices):
    """Whose move it is, in the terms the queue filters by. An appointment role's value is
    used as it is, so an officer's own deadlines are those waiting on their role."""

    COUNCIL = "council", "Complaints team"
    COMPLAINANT = "complainant", "Complainant"
    STAFF = "staff", "Council staff"
    SERVICE = "service", "Service"
    STAGE1_RESPONDER = "stage1_responder", "Stage 1 responder"
    INVESTIGATING_OFFICER = "investigating_officer", "Investigating Officer"
    INDEPENDENT_PERSON = "independent_person", "Independent Person"
    ADJUDICATOR = "adjudicator", "Adjudicating officer"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    PANEL = "panel", "Panel"
    OMBUDSMAN = "ombudsman", "Ombudsman"


class RunningDeadline(models.Model):
    """One running deadline of one complaint, as its source described it last time the
    complaint changed (or the calendar did)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="running_deadlines"
    )
    key = models.CharField(max_length=100)
    label = models.CharField(max_length=200)
    due_on = models.DateField()
    waits_on = models.CharField(max_length=200, blank=True)
    waits_role = models.CharField(max_length=40, blank=True, choices=WaitsOn.choices)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "key"], name="one_running_deadline_per_key"
            )
        ]
        indexes = [
            models.Index(fields=["due_on", "id"]),
            models.Index(fields=["waits_role", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} due {self.due_on:%-d %B %Y}"
