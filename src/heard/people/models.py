"""The user model.

Heard has its own user model from the first migration because staff roles and appointments
hang off it; swapping Django's default user later is a painful migration.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Anyone who signs in: council staff and external independent officers alike."""

    organisation = models.CharField(
        max_length=200, blank=True, help_text="For external officers: the provider they work for."
    )
    job_title = models.CharField(max_length=200, blank=True)
    team = models.CharField(max_length=200, blank=True, help_text="Council team or service.")
    # Independence under reg 2 of the 2006 Regulations turns on these two facts.
    is_council_member_or_officer = models.BooleanField(
        default=True,
        help_text="A member or officer of this council. Untick for external contractors.",
    )
    left_council_on = models.DateField(
        null=True, blank=True, help_text="For former council staff: the date they left."
    )

    class Meta:
        db_table = "people_user"

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name, self.username)


def person_name(first_name: str | None, last_name: str | None, username: str | None) -> str:
    """How Heard names a person: full name, else user name. Pages that read people as plain
    values (the queue, the timeline, the officer filter) call it with the columns, so a name
    reads the same everywhere without making a User for each."""
    return f"{first_name or ''} {last_name or ''}".strip() or username or ""


class Theme(models.Model):
    """A managed list of topics: the themes of complaint points and the skills of officers.

    One list serves both so that "this complaint is about fostering placements" and "this
    officer knows fostering" can be matched when suggesting whom to appoint (decision 011).
    """

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    active = models.BooleanField(default=True, help_text="Untick to stop offering it.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# A DBS check expiring within this many days is flagged on the roster and in suggestions.
DBS_WARNING_DAYS = 60


class IndependentOfficer(models.Model):
    """A person on the roster of independent officers commissioned from a provider.

    The roles they may hold are their groups (Investigating Officer, Independent Person, panel
    member, panel chair); their provider is ``User.organisation`` and any former council
    employment is ``User.left_council_on``.
    """

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="roster_entry")
    phone = models.CharField(max_length=50, blank=True)
    address = models.TextField(blank=True)
    skills = models.ManyToManyField(
        Theme, blank=True, related_name="skilled_officers", help_text="Specialist knowledge."
    )
    dbs_checked_on = models.DateField(null=True, blank=True, help_text="Date of the DBS check.")
    dbs_expires_on = models.DateField(
        null=True, blank=True, help_text="The date the DBS check must be renewed by."
    )
    max_concurrent_cases = models.PositiveSmallIntegerField(
        default=3, help_text="The most complaints they will take on at once."
    )
    hourly_rate = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="Agreed rate, in pounds."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return str(self.person)

    def dbs_in_date(self, on: date) -> bool:
        return self.dbs_expires_on is not None and self.dbs_expires_on >= on


class Unavailability(models.Model):
    """A period when an independent officer cannot take on or progress a complaint."""

    officer = models.ForeignKey(
        IndependentOfficer, on_delete=models.CASCADE, related_name="unavailable_periods"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="unavailability_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} unavailable {self.starts_on} to {self.ends_on}"
