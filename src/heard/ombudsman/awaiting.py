"""What the Ombudsman asks of the Complaints Manager, for the home page's queue: replies to
enquiries not yet sent, soonest due first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from heard.complaints.queue import GROUP_LIMIT, ManagerItem
from heard.ombudsman.models import OmbudsmanCase


def replies_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    open_enquiries = OmbudsmanCase.objects.filter(replied_on=None)
    waiting = open_enquiries.order_by("reply_due_on", "id").values_list(
        "complaint_id", "complaint__reference", "reply_due_on"
    )[:GROUP_LIMIT]
    yield ManagerItem(
        "Replies to the Ombudsman",
        "Enquiries the council has not yet answered, soonest due first.",
        [(pk, f"{ref} (due {due:%-d %B %Y})") for pk, ref, due in waiting],
        open_enquiries.count(),
        order=50,
    )
