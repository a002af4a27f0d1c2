"""What an investigation asks of the Complaints Manager, for the home page's queue: a decision
on closing for non-engagement once the complainant has missed two chances (rule 24)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, QuerySet

from heard.complaints.models import Complaint
from heard.complaints.models.choices import Status
from heard.complaints.queue import ManagerItem, case_item, listed_cases
from heard.investigations.models import ContactAttempt

UNANSWERED = ContactAttempt.Outcome.UNANSWERED


def _not_engaging() -> QuerySet[Complaint]:
    # Grouped over the unanswered attempts, which are few, rather than over every
    # investigation with its attempts joined on.
    twice = (
        ContactAttempt.objects.filter(
            outcome=UNANSWERED, complaint__status=Status.STAGE2_INVESTIGATION
        )
        .values("complaint_id")
        .annotate(unanswered=Count("pk"))
        .filter(unanswered__gte=2)
        .values("complaint_id")
    )
    return Complaint.objects.filter(pk__in=twice)


# Compiled once per process (decision 037): the manager's home page reads it on every visit.
NOT_ENGAGING = listed_cases(_not_engaging)


def non_engagement_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    yield case_item(
        "Investigations where the complainant has not engaged",
        "Two or more contact attempts went unanswered: decide whether to close for "
        "non-engagement, with reasons, or keep trying.",
        NOT_ENGAGING,
        order=40,
    )
