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


class SearchRecord(models.Model):
    """Someone searched: who, when, exactly what they typed (as searched) and which cases the
    results showed them, even when none were (decision 025).

    Each case shown also gets an ``AccessRecord`` (its path is the search's address), so "who
    has read about this complaint?" keeps one answer. This row is what the access records
    cannot hold: a search that showed nothing, the whole query, and how many matched.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    query = models.TextField()
    # The complaints' ids, as plain numbers like ``complaint_id`` elsewhere in this app.
    shown = models.JSONField(default=list, blank=True)
    # How many this person could see matched (``shown`` holds at most a page of them).
    matched = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.by} searched at {self.at:%Y-%m-%d %H:%M}"


class TextVersion(models.Model):
    """A stored free text that an action replaced: what it said before, what it says now, who
    changed it and when, and the event that did it.

    Findings, reasons and notes are evidence: the Ombudsman may ask what an officer first wrote
    and who changed it. Rows are only ever added (by ``audit.versions.keep_versions`` inside the
    action's transaction), never updated or deleted. Like ``CaseEvent`` it names the complaint
    and the changed row by number and label, so this app depends on no other.
    """

    complaint_id = models.BigIntegerField(db_index=True)
    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="text_versions")
    model = models.CharField(max_length=100)  # "decisions.finding"
    object_id = models.BigIntegerField()
    field = models.CharField(max_length=100)
    label = models.CharField(max_length=200)  # "Finding on point 2: reasons", for people
    before = models.TextField()
    after = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["complaint_id", "model", "object_id", "field"])]

    def __str__(self) -> str:
        return f"{self.label} changed at {self.at:%Y-%m-%d %H:%M}"


class UsedSubmission(models.Model):
    """A form submission that has been acted on, by its one-time token.

    The unique token is what stops a double click or a browser retry from running an action
    twice: the second insert waits for the first transaction and then fails (see
    ``audit.once``). ``then`` is where the first submission went, so the second goes there too.
    """

    token = models.CharField(max_length=64, unique=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    then = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"submission {self.token} at {self.at:%Y-%m-%d %H:%M}"
