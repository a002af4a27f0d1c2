"""Stage 1, Stage 2 and Stage 3 of a complaint: their dates, decisions and stored due dates.

Every date the Ombudsman or an FOI request asks about is a field here (domain.md rule 16).
Due dates are stored by the actions that start or extend a stage, with the rule behind them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from heard.complaints.models.choices import RECEIVED_HOW, BreachKind, Channel
from heard.complaints.models.complaint import Complaint

User = settings.AUTH_USER_MODEL


class Stage1(models.Model):
    """Local resolution: a response within 10 working days, once extendable to 20."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="stage1")
    started_on = models.DateField()
    due_on = models.DateField()
    cap_on = models.DateField(help_text="The latest any extension may reach (20 working days).")
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("complex", "The complaint is complex"),
            ("advocate", "An advocate is being arranged"),
        ],
    )
    extension_detail = models.TextField(blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    resolved = models.BooleanField(null=True, blank=True)
    terms_of_resolution = models.TextField(blank=True)
    response_summary = models.TextField(blank=True)
    stage2_request_by = models.DateField(
        null=True, blank=True, help_text="Advisory: 20 working days after the response."
    )

    class Meta:
        # The dashboard (decision 031): responses sent in the last 12 months, judged against
        # the due date, and the complaints whose extended Stage 1 still runs; the index holds
        # every column both read, so neither reads the table.
        indexes = [models.Index(fields=["response_sent_on", "extended_on", "due_on", "complaint"])]

    def __str__(self) -> str:
        return f"Stage 1 of {self.complaint_id}"


class Stage2(models.Model):
    """The formal investigation, ending with the adjudication letter."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="stage2")
    requested_on = models.DateField()
    request_channel = models.CharField(max_length=20, choices=Channel.choices)
    request_details = models.TextField(blank=True)
    request_was_late = models.BooleanField(default=False)
    late_request_reasons = models.TextField(blank=True)
    late_request_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    accepted_on = models.DateField(null=True, blank=True)
    refused_on = models.DateField(null=True, blank=True)
    refusal_reasons = models.TextField(blank=True)
    refusal_signed_off_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The clock: start_on follows HEARD_STAGE2_START; the request-date pair is always kept
    # because that is what the Ombudsman measures (Decisions for Heard 3).
    start_basis = models.CharField(max_length=30, default="request_date")
    start_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    cap_on = models.DateField(null=True, blank=True)
    request_due_on = models.DateField(null=True, blank=True)
    request_cap_on = models.DateField(null=True, blank=True)
    extended_on = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)

    io_appointed_on = models.DateField(null=True, blank=True)
    ip_appointed_on = models.DateField(null=True, blank=True)
    first_contact_on = models.DateField(
        null=True, blank=True, help_text="The IO's or IP's first contact with the complainant."
    )
    statement_due_on = models.DateField(null=True, blank=True)
    statement_agreed_on = models.DateField(null=True, blank=True)
    investigation_started_on = models.DateField(null=True, blank=True)
    records_access_granted_on = models.DateField(null=True, blank=True)
    report_date = models.DateField(null=True, blank=True)
    adjudication_date = models.DateField(null=True, blank=True)
    adjudication_letter_sent_on = models.DateField(null=True, blank=True)
    stage3_request_by = models.DateField(null=True, blank=True)

    closed_for_non_engagement_on = models.DateField(null=True, blank=True)
    non_engagement_reasons = models.TextField(blank=True)
    reopened_on = models.DateField(null=True, blank=True)
    reopen_reasons = models.TextField(blank=True)

    class Meta:
        # The dashboard (decision 031): letters sent in the last 12 months, judged against
        # the request's two limits, and the complaints whose extended Stage 2 still runs (no
        # letter yet); the index holds every column both read, so neither reads the table.
        indexes = [
            models.Index(
                fields=[
                    "adjudication_letter_sent_on",
                    "extended_on",
                    "complaint",
                    "request_due_on",
                    "request_cap_on",
                ]
            ),
            # The learning log (decision 036): the newest Stage 2 recommendations, read from
            # the adjudication date down rather than sorting every one.
            models.Index(fields=["adjudication_date"], name="stage2_adjudication_date"),
        ]

    def __str__(self) -> str:
        return f"Stage 2 of {self.complaint_id}"

    @property
    def is_complete(self) -> bool:
        """Complete only when the adjudication letter is sent (rule 29)."""
        return self.adjudication_letter_sent_on is not None

    @property
    def completed_within(self) -> str:
        """Timeliness judged on the adjudication letter date: standard, extended or late."""
        if self.adjudication_letter_sent_on is None or self.request_due_on is None:
            return ""
        sent = self.adjudication_letter_sent_on
        if sent <= self.request_due_on:
            return "within 25 working days"
        if self.request_cap_on is not None and sent <= self.request_cap_on:
            return "within the 65-working-day limit"
        return "late"


class CopySent(models.Model):
    """A copy of the complaint (or the relevant part) sent to someone involved in it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="copies_sent")
    recipient = models.CharField(max_length=200)
    part = models.CharField(max_length=300, help_text="The whole complaint, or which part.")
    sent_on = models.DateField()
    method = models.CharField(max_length=20, choices=Channel.choices)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"Copy to {self.recipient} on {self.sent_on}"


class Stage3(models.Model):
    """The review panel: request, panel meeting, panel report and the council's response.

    Each of the three deadlines (30, 5 and 15 working days) is stored when the step before it
    happens; missing one needs a ``Breach`` with a reason and a letter (Decisions for Heard 4).
    """

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="stage3")
    requested_on = models.DateField(help_text="The date the council received the request.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    what_remains = models.TextField(
        blank=True, help_text="What the complainant says is still unresolved."
    )
    request_by = models.DateField(
        null=True, blank=True, help_text="The advisory date: 20 working days after Stage 2."
    )
    request_was_late = models.BooleanField(default=False)
    late_decision_reasons = models.TextField(blank=True)

    accepted_on = models.DateField(null=True, blank=True)
    refused_on = models.DateField(null=True, blank=True)
    refusal_reasons = models.TextField(blank=True)
    refusal_signed_off_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_letter_sent_on = models.DateField(null=True, blank=True)

    panel_due_on = models.DateField(
        null=True, blank=True, help_text="The panel must meet by this date (30 working days)."
    )
    meeting_on = models.DateField(null=True, blank=True)
    meeting_place = models.CharField(max_length=300, blank=True)
    complainant_availability = models.TextField(
        blank=True, help_text="The dates the complainant said they could attend."
    )
    met_on = models.DateField(null=True, blank=True)
    report_due_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    response_sent_on = models.DateField(null=True, blank=True)
    ip_participation = models.TextField(
        blank=True,
        help_text="How the Stage 2 Independent Person took part in considering the report.",
    )
    ombudsman_information_given = models.BooleanField(default=False)

    class Meta:
        # The dashboard (decision 031): responses sent in the last 12 months.
        indexes = [models.Index(fields=["response_sent_on"])]

    def __str__(self) -> str:
        return f"Stage 3 of {self.complaint_id}"

    @property
    def received_how(self) -> str:
        """How the request came in, worded to follow the date it was received on."""
        return RECEIVED_HOW.get(self.channel, self.get_channel_display().lower())


class Breach(models.Model):
    """A statutory deadline missed, with the reason and the letter telling the complainant."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="breaches")
    kind = models.CharField(max_length=30, choices=BreachKind.choices)
    due_on = models.DateField()
    happened_on = models.DateField(help_text="The date it happened (or is now planned).")
    reason = models.TextField()
    letter_sent_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
