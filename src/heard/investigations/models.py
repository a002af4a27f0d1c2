"""What an investigation gathers and arranges."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models import Complaint
from heard.complaints.models.choices import Channel

User = settings.AUTH_USER_MODEL


class RecordsConsent(models.Model):
    """Consent to Access Records, or the other lawful basis the council relies on (rule 23)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="records_consents"
    )
    signed_on = models.DateField(null=True, blank=True)
    signed_by = models.CharField(max_length=200, blank=True)
    scope = models.TextField(blank=True, help_text="Which records the consent covers.")
    other_lawful_basis = models.TextField(
        blank=True,
        help_text="Instead of consent, e.g. UK GDPR Article 6(1)(c): a legal obligation.",
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Consent signed by {self.signed_by}" if self.signed_on else "Other lawful basis"


class ContactAttempt(models.Model):
    """An opportunity given to the complainant to engage with the investigation (rule 24)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", "They engaged"
        UNANSWERED = "unanswered", "No reply or did not attend"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    made_on = models.DateField()
    method = models.CharField(max_length=20, choices=Channel.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.made_on}: {self.get_outcome_display()}"


class PlanItem(models.Model):
    """The investigation plan: someone to interview, or a file needed."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Person to interview"
        FILE = "file", "File or record needed"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=300)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.description


class Room(models.Model):
    """An interview room the complaints team can book (a managed list)."""

    name = models.CharField(max_length=100, unique=True)
    location = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interview(models.Model):
    """An interview booked for the investigation, its notes and their agreement."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="interviews")
    interviewee = models.CharField(max_length=200)
    interviewee_user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="interviews"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="interviews")
    attendees = models.TextField(help_text="Who will be there besides the interviewee.")
    notified_on = models.DateField(
        null=True, blank=True, help_text="When the interviewee was told they must attend."
    )
    what_is_expected = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    notes_agreed_on = models.DateField(null=True, blank=True)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["room", "starts_at"])]

    def __str__(self) -> str:
        return f"Interview with {self.interviewee}"


class RecordsRequest(models.Model):
    """A request to staff for information or documents (Complaints Manager's duty)."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="records_requests"
    )
    requested_from = models.CharField(max_length=200)
    description = models.TextField()
    requested_on = models.DateField()
    due_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Records from {self.requested_from}"
