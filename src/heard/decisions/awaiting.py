"""What the agreed actions ask of the Complaints Manager, for the home page's queue (rule 38):
actions done and waiting for sign-off, and actions past their date, which escalate to them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse

from heard.complaints.queue import ManagerItem
from heard.decisions.tracking import action_counts


def actions_awaiting_manager(today: date) -> Iterable[ManagerItem]:
    counts = action_counts(today)
    url = reverse("decisions:actions")
    yield ManagerItem(
        "Agreed actions waiting for your sign-off",
        "The owner says each is done: check it and sign it off.",
        [],
        counts["awaiting_sign_off"],
        url=f"{url}?state=done",
        order=60,
    )
    yield ManagerItem(
        "Agreed actions overdue",
        "Each is past the date the service agreed: chase it or agree a new date.",
        [],
        counts["overdue"],
        url=f"{url}?state=overdue",
        order=70,
    )
