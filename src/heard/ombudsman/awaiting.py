"""What the Ombudsman asks of the Complaints Manager, for the home page's queue: replies to
enquiries not yet sent, soonest due first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Window

from heard.compiled import CompiledOnce
from heard.complaints.queue import GROUP_LIMIT, ManagerItem
from heard.ombudsman.models import OmbudsmanCase

# Compiled once per process (decision 037): the Complaints Manager's home page reads it on
# every visit. The count is a window over every open enquiry, taken before the list is cut.
WAITING = CompiledOnce(
    lambda: (
        OmbudsmanCase.objects.filter(replied_on=None)
        .order_by("reply_due_on", "id")
        .annotate(total=Window(Count("pk")))
        .values("complaint_id", "complaint__reference", "reply_due_on", "total")[:GROUP_LIMIT]
    )
)


def _due(reference: str, due_on: date) -> str:
    return f"{reference} (due {due_on:%-d %B %Y})"


def replies_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    waiting = WAITING.rows()
    yield ManagerItem(
        "Replies to the Ombudsman",
        "Enquiries the council has not yet answered, soonest due first.",
        [
            (
                row["complaint_id"],
                f"{row['complaint__reference']} (due {row['reply_due_on']:%-d %B %Y})",
            )
            for row in waiting
        ],
        waiting[0]["total"] if waiting else 0,
        order=50,
    )
