"""Case events and the access log. Neither is ever updated or deleted by Heard."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CaseEvent(models.Model):
    """One thing that happened to a complaint: the record that compliance is evidenced from.

    ``complaint_id`` is a plain number rather than a foreign key so that this app depends on
    no other; events outlive any tidying of case records.
    """

    complaint_id = models.BigIntegerField(db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acting_as = models.CharField(max_length=40, blank=True)
    name = models.CharField(max_length=60)  # a stable event name, e.g. "stage2.extended"
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300)  # plain English, for the case timeline
    details = models.JSONField(default=dict, blank=True)
    # The date the step happened, when it was not the day it was recorded (``at``): an officer
    # recording on Monday what happened on Friday, or a case brought from another system.
    happened_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.name}"


class AccessRecord(models.Model):
    """Someone read or changed a case's pages: who, which case, which page, when."""

    complaint_id = models.BigIntegerField(db_index=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.by} viewed case {self.complaint_id} at {self.at:%Y-%m-%d %H:%M}"
