"""What an investigation asks of the Complaints Manager, for the home page's queue: a decision
on closing for non-engagement once the complainant has missed two chances (rule 24)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q

from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.complaints.queue import ManagerItem, case_item
from heard.investigations.models import ContactAttempt

UNANSWERED = ContactAttempt.Outcome.UNANSWERED


def non_engagement_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    cases = Complaint.objects.filter(status=Status.STAGE2_INVESTIGATION).annotate(
        unanswered=Count("contact_attempts", filter=Q(contact_attempts__outcome=UNANSWERED))
    )
    yield case_item(
        "Investigations where the complainant has not engaged",
        "Two or more contact attempts went unanswered: decide whether to close for "
        "non-engagement, with reasons, or keep trying.",
        cases.filter(unanswered__gte=2),
        order=40,
    )
