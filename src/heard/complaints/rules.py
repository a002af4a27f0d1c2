"""Derived facts about a complaint that several parts of Heard ask about."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta

from heard.complaints.models import Complaint


def is_out_of_time(complaint: Complaint) -> bool:
    """Rule 5: the earliest matter complained about is more than 12 months before receipt."""
    if complaint.earliest_event_on is None:
        return False
    return complaint.earliest_event_on < complaint.received_on - relativedelta(months=12)
