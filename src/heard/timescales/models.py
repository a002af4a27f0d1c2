"""Bank holidays as data, and the record of every change to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BankHoliday(models.Model):
    """A day that is not a working day in England and Wales, besides weekends.

    Seeded from the ``holidays`` package for 2010 to 2035 when the database is set up; an
    administrator adds one-off days (a state funeral, a jubilee) in the admin.
    """

    class Source(models.TextChoices):
        PACKAGE = "package", "Maintained bank holiday list"
        ADMINISTRATOR = "administrator", "Added by an administrator"

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ADMINISTRATOR)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%-d %B %Y})"


class CalendarChange(models.Model):
    """Append-only: who changed the working-day calendar, when, and what."""

    class Action(models.TextChoices):
        ADDED = "added", "Added"
        CHANGED = "changed", "Changed"
        REMOVED = "removed", "Removed"

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    date = models.DateField()
    name = models.CharField(max_length=200)
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        who = self.by or "system"
        return f"{self.get_action_display()} {self.date} {self.name} by {who}"
