"""Sets of cases that a figure counts and the case list filters by, one definition each.

The dashboard (``reporting``) shows how many cases are open at a stage, have an extended
deadline running, wait on the complainant or are with the Ombudsman, and each figure links
to the case list filtered to exactly those cases. If the count and the filter each wrote
their own condition they would drift apart, so both read the ones here (decision 031).

This module is plain Python in ``complaints``, below every app that uses it. The Ombudsman's
cases belong to an app above ``complaints``: they are reached through the reverse relation's
name, a string, as ``case_queryset()`` already does (decision 016), never by an import.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from heard.complaints.deadlines import STAGE2_RUNNING
from heard.complaints.models import Complaint, RunningDeadline, Stage1, Stage2
from heard.complaints.models.choices import ENDED_STATUSES, Status

# Every status not ended, named rather than "not ended" so an index on status can seek each.
OPEN_STATUSES = tuple(s for s in Status if s not in ENDED_STATUSES)


def open_q() -> Q:
    """Not ended: the same statuses ``Complaint.is_open`` reads."""
    return Q(status__in=OPEN_STATUSES)


def extended_q() -> Q:
    """A stage's timescale was extended and that stage is still running: a Stage 1 response
    not yet sent, or a Stage 2 adjudication letter not yet sent. Stage 3 has no extension;
    a missed Stage 3 deadline is a breach instead. These are the conditions under which
    ``complaints.deadlines`` lists the stage's response as a running deadline.

    The stages are read as subqueries on their (date sent, extended_on) indexes, which hold
    few rows with nothing sent yet, rather than joined to every complaint."""
    stage1 = Stage1.objects.filter(response_sent_on__isnull=True, extended_on__isnull=False)
    stage2 = Stage2.objects.filter(
        adjudication_letter_sent_on__isnull=True, extended_on__isnull=False
    )
    return Q(status=Status.STAGE1_OPEN, pk__in=stage1.values("complaint_id")) | Q(
        status__in=STAGE2_RUNNING, pk__in=stage2.values("complaint_id")
    )


def extended_parts() -> tuple[QuerySet[Stage1], QuerySet[Stage2]]:
    """``extended_q``'s cases as two disjoint sets of stage rows, to count: their sizes add up
    to its count (a complaint has one row of each stage and cannot be open at Stage 1 and
    running at Stage 2 at once).

    Counted as ``extended_q``, PostgreSQL tested every complaint against both subqueries
    (24 ms at 100,000). Each part here reads the few extended stage rows with nothing sent,
    from their index, and keeps those whose complaint is in the stage's statuses (a set
    read from the status index): 4 ms on PostgreSQL, 8 ms on SQLite. Joined to the
    complaint instead, SQLite read every complaint in those statuses first (30 ms)."""
    stage1 = Stage1.objects.filter(
        response_sent_on__isnull=True,
        extended_on__isnull=False,
        complaint_id__in=Complaint.objects.filter(status=Status.STAGE1_OPEN).values("pk"),
    )
    stage2 = Stage2.objects.filter(
        adjudication_letter_sent_on__isnull=True,
        extended_on__isnull=False,
        complaint_id__in=Complaint.objects.filter(status__in=STAGE2_RUNNING).values("pk"),
    )
    return stage1, stage2


def waiting_on_q(role: str) -> Q:
    """A deadline running on the case waits on ``role`` (a ``WaitsOn`` value). The stored
    running deadlines are read through their (waits_role, due_on) index."""
    waiting = RunningDeadline.objects.filter(waits_role=role).values("complaint_id")
    return Q(pk__in=waiting)


def ombudsman_cases_model() -> Any:
    """The Ombudsman's case model, found through the relation ``ombudsman`` adds to
    ``Complaint`` (a name, not an import: ``ombudsman`` sits above ``complaints``)."""
    return Complaint._meta.get_field("ombudsman_cases").related_model


def ombudsman_running_q() -> Q:
    """Of the Ombudsman's cases: an enquiry or investigation with no final decision yet."""
    return Q(final_decision_on__isnull=True)


def with_ombudsman_q() -> Q:
    """Of complaints: the Ombudsman has an enquiry or investigation running into it. Read as
    the few complaint ids with one running, rather than a probe for every complaint."""
    running = ombudsman_cases_model().objects.filter(ombudsman_running_q())
    return Q(pk__in=running.values("complaint_id"))
