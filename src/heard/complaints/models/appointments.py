"""Appointments: a person in one role on one complaint, with the independence record."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models.choices import AppointmentRole
from heard.complaints.models.complaint import Complaint
from heard.complaints.wording import standing

User = settings.AUTH_USER_MODEL


class Appointment(models.Model):
    """One person, one role, one complaint. A person never holds two roles on a complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="appointments")
    person = models.ForeignKey(User, on_delete=models.PROTECT, related_name="appointments")
    role = models.CharField(max_length=30, choices=AppointmentRole.choices)
    appointed_on = models.DateField()
    appointed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    conflict_declaration = models.TextField(
        blank=True, help_text="Any prior dealings with the complainant, child or staff involved."
    )
    attested_not_council = models.BooleanField(
        default=False, help_text="Not a member or officer of the council."
    )
    attested_not_spouse = models.BooleanField(
        default=False, help_text="Not the spouse or civil partner of a member or officer."
    )
    former_staff_warning_acknowledged = models.BooleanField(default=False)
    ended_on = models.DateField(null=True, blank=True)
    # True when the appointment ended because its role's work ended (ADR 022), not because
    # someone was replaced or stood down: only such an appointment resumes when the work does
    # (a reopened investigation, a Stage 3 request).
    ended_with_work = models.BooleanField(default=False)

    class Meta:
        ordering = ["appointed_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "person"], name="one_role_per_person")
        ]
        indexes = [
            models.Index(fields=["person", "role"]),
            # Caseloads (people.suggestions.caseloads) start from the open complaints and read
            # their appointments' person and end date from this index alone, without the rows.
            models.Index(fields=["complaint", "person", "ended_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.get_role_display()}"

    @property
    def standing(self) -> str:
        """ "Current" or "Ended 3 May 2026": an end date column reading "Not ended" made
        readers stop and work out what it meant."""
        return standing(self.ended_on)


class TimeEntry(models.Model):
    """Time spent and the fee charged on one appointment, for the provider's monthly invoice."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="time_entries"
    )
    worked_on = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    fee = models.DecimalField(max_digits=8, decimal_places=2, help_text="In pounds.")
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["worked_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="time_entry_hours"),
            models.CheckConstraint(condition=models.Q(fee__gte=0), name="time_entry_fee"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.worked_on}"
