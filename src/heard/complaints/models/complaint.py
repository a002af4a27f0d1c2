"""The complaint: what was received, how it was classified, and where it stands."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from heard.complaints.models.choices import (
    ENDED_STATUSES,
    RECEIVED_HOW,
    Channel,
    Format,
    Proceedings,
    Route,
    SpecifiedFunction,
    Stage,
    Status,
)

User = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    """One set of representations, from receipt to the end of the procedure.

    Changed only through ``complaints.actions``. ``due_on`` and ``due_label`` are the earliest
    deadline running on the case, whichever app owns it (``complaints.deadlines``), stored
    after every change (never computed in templates) so lists can sort and filter on it.
    """

    reference = models.CharField(max_length=20, unique=True)
    received_on = models.DateField(help_text="The date the council received the complaint.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    summary = models.TextField(help_text="What the complaint is about, in plain words.")
    team = models.CharField(max_length=200, blank=True, help_text="The team complained about.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The complaints officer who looks after the case day to day (set when it is recorded,
    # changed only by the Complaints Manager through ``assign_handler``). NULL only for cases
    # recorded before handlers existed: "My cases" and the queue's "mine" then leave them out.
    handler = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_complaints",
        help_text="The complaints officer handling the case.",
    )

    # Classification (domain.md rules 1 and 2).
    route = models.CharField(max_length=30, choices=Route.choices, blank=True)
    route_reason = models.TextField(blank=True)
    route_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    route_decided_on = models.DateField(null=True, blank=True)
    specified_function = models.CharField(
        max_length=20, choices=SpecifiedFunction.choices, blank=True
    )

    # Out-of-time check (rule 5).
    earliest_event_on = models.DateField(
        null=True, blank=True, help_text="When the earliest matter complained about happened."
    )
    out_of_time_decision = models.CharField(
        max_length=10, blank=True, choices=[("accepted", "Considered"), ("refused", "Refused")]
    )
    out_of_time_why_not_earlier = models.TextField(blank=True)
    out_of_time_fair_consideration = models.TextField(blank=True)
    out_of_time_decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    out_of_time_decided_on = models.DateField(null=True, blank=True)

    # Advocacy (rule 7).
    advocacy_offered_on = models.DateField(null=True, blank=True)
    advocacy_response = models.CharField(
        max_length=20,
        blank=True,
        choices=[
            ("accepted", "Accepted"),
            ("declined", "Declined"),
            ("awaiting", "Awaiting reply"),
        ],
    )
    advocate_name = models.CharField(max_length=200, blank=True)
    advocate_organisation = models.CharField(max_length=200, blank=True)
    advocate_contact = models.CharField(max_length=300, blank=True)

    # How the complainant wants to hear from us.
    preferred_format = models.CharField(
        max_length=20, choices=Format.choices, default=Format.STANDARD
    )
    language = models.CharField(max_length=100, default="English")
    adjustments = models.TextField(blank=True, help_text="Any reasonable adjustments needed.")

    acknowledgement_due_on = models.DateField()
    acknowledged_on = models.DateField(null=True, blank=True)

    stage = models.PositiveSmallIntegerField(choices=Stage.choices, default=Stage.ONE)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.INTAKE)
    due_on = models.DateField(
        null=True, blank=True, help_text="The earliest deadline running on the case."
    )
    # Which deadline ``due_on`` is, for each list row. NULL means "never worked out" (a
    # complaint from before every deadline fed the lists); "" means nothing is running.
    # NULL is kept apart from "" on purpose, so those complaints can be found and filled in.
    due_label = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    closed_on = models.DateField(null=True, blank=True)
    # Archiving is separate from status: an archived complaint keeps the status it ended in,
    # and any later change (an Ombudsman enquiry, a Stage 3 request) takes it out of the
    # archive again. It is refused while an accepted action is open (rule 38).
    archived_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["due_on", "id"]),
            models.Index(fields=["stage", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
            # Reports count complaints received in a period, by route; the learning log filters
            # by team.
            models.Index(fields=["received_on", "route"]),
            models.Index(fields=["team"]),
            # "My cases" and the queue's "mine" read a handler's cases by due date.
            models.Index(fields=["handler", "due_on"]),
            # The manager's queue lists the oldest requests in one status (Stage 2 or 3 to
            # accept or refuse): this reads them in order instead of walking every complaint
            # by date of receipt to find the few in that status.
            models.Index(fields=["status", "received_on", "id"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def received_how(self) -> str:
        """How it came in, worded to follow the date it was received on."""
        return RECEIVED_HOW.get(self.channel, self.get_channel_display().lower())

    @property
    def is_statutory(self) -> bool:
        return self.route == Route.STATUTORY

    @property
    def is_open(self) -> bool:
        return self.status not in ENDED_STATUSES

    def is_overdue(self, today: date) -> bool:
        """A running deadline has passed. ``due_on`` is only set while one runs, and an
        agreed action or an Ombudsman reply may run after the procedure has ended."""
        return self.due_on is not None and today > self.due_on


class Deferral(models.Model):
    """Consideration deferred or parts excluded because of proceedings (reg 8, rule 6)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="deferrals")
    proceedings = models.CharField(
        max_length=20,
        choices=Proceedings.choices,
    )
    proceedings_detail = models.CharField(
        max_length=300, help_text="Name the specific proceedings, e.g. court and case number."
    )
    parts_affected = models.TextField(help_text="Which parts of the complaint are affected.")
    reason = models.TextField()
    excluded = models.BooleanField(
        default=False, help_text="Excluded altogether rather than deferred until they end."
    )
    notice_sent_on = models.DateField(help_text="When the complainant was told in writing.")
    review_on = models.DateField(help_text="When to look at this again.")
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_proceedings_display()}: {self.proceedings_detail}"
