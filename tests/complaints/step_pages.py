"""Helpers for testing workflow step pages through the Django test client.

A step page is /cases/<id>/<event-with-dashes>/. The checks every step needs:

* ``submit_ok``: a valid POST redirects to the case and writes the event;
* ``submit_refused``: a bad POST answers 200 with the message beside the box (the GOV.UK
  error message with that field's id) and in the error summary, and leaves the case exactly
  as it was (every row of the case re-read from the database, and no new case event);
* ``forbidden``: a persona who can see the case but may not do this gets 403.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from heard.audit.models import CaseEvent
from heard.complaints.access import complaints_visible_to
from heard.complaints.models import Complaint
from heard.people.models import User
from tests.complaints.helpers import case_state


def step_url(complaint: Complaint, event: str) -> str:
    return reverse("complaints:step", args=[complaint.pk, event.replace("_", "-")])


def day(name: str, value: date) -> dict[str, str]:
    """The three boxes of a GOV.UK date input."""
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def as_user(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def get_step(client: Client, user: User, complaint: Complaint, event: str) -> Any:
    return as_user(client, user).get(step_url(complaint, event))


def post_step(
    client: Client, user: User, complaint: Complaint, event: str, data: dict[str, Any]
) -> Any:
    return as_user(client, user).post(step_url(complaint, event), data)


def text(fragment: str) -> str:
    """What a reader sees: tags and entities gone, whitespace squeezed."""
    body = re.sub(r"<[^>]+>", " ", fragment)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def page_text(response: Any) -> str:
    return text(response.content.decode())


def main_text(response: Any) -> str:
    """The words of the page's <main> only: no navigation, banner or footer."""
    html = response.content.decode()
    start = html.index("<main")
    return text(html[start : html.index("</main>", start)])


def error_beside(response: Any, anchor: str) -> str:
    """The GOV.UK error message shown for the box whose id is ``anchor``."""
    page = response.content.decode()
    found = re.search(
        rf'<p class="govuk-error-message" id="{re.escape(anchor)}_error">(.*?)</p>', page, re.S
    )
    assert found, f"no error message beside {anchor}"
    return text(found.group(1))


def error_summary(response: Any) -> str:
    page = response.content.decode()
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "no error summary"
    return text(found.group(0))


def submit_ok(
    client: Client, user: User, complaint: Complaint, event: str, data: dict[str, Any]
) -> CaseEvent:
    """Post a valid answer: the page goes back to the case and the event is written."""
    before = CaseEvent.objects.filter(complaint_id=complaint.pk).count()
    response = post_step(client, user, complaint, event, data)
    if response.status_code != 302:
        raise AssertionError(
            f"expected a redirect, got {response.status_code}: {page_text(response)[:2000]}"
        )
    # Back to the case, or, when this step ended the person's part, to their own cases
    # (ADR 022): the case page would now answer 404 for them.
    still_sees = complaints_visible_to(user).filter(pk=complaint.pk).exists()
    back = (
        reverse("complaints:detail", args=[complaint.pk])
        if still_sees
        else reverse("complaints:mine")
    )
    assert response["Location"] == back
    events = CaseEvent.objects.filter(complaint_id=complaint.pk).order_by("id")
    # One event for the step, after any for appointments whose work it ended (ADR 022).
    new = [e.name for e in events[before:]]
    assert [n for n in new if not n.startswith("appointment.")] == [f"complaint.{event}"], new
    last = events.last()
    assert last is not None and last.name == f"complaint.{event}"
    assert last.by_id == user.pk
    complaint.refresh_from_db()
    return last


def submit_refused(
    client: Client,
    user: User,
    complaint: Complaint,
    event: str,
    data: dict[str, Any],
    message: str,
    *,
    beside: str = "form",
) -> Any:
    """Post a bad answer: 200, ``message`` beside the box with id ``beside`` (``form`` for a
    refusal that belongs to no one box) and in the summary, and nothing changed."""
    before = case_state(complaint.pk)
    response = post_step(client, user, complaint, event, data)
    assert response.status_code == 200, page_text(response)[:2000]
    assert message in error_beside(response, beside), error_beside(response, beside)
    assert message in error_summary(response)
    after = case_state(complaint.pk)
    assert after["events"] == before["events"], "a refused step wrote a case event"
    assert after == before, "a refused step changed the case"
    return response


def forbidden(
    client: Client, user: User, complaint: Complaint, event: str, data: dict[str, Any]
) -> None:
    """A persona who sees the case but may not take this step: 403 to look and to post."""
    before = case_state(complaint.pk)
    assert get_step(client, user, complaint, event).status_code == 403
    assert post_step(client, user, complaint, event, data).status_code == 403
    assert case_state(complaint.pk) == before


def hidden(
    client: Client, user: User, complaint: Complaint, event: str, data: dict[str, Any]
) -> None:
    """A persona with no role on the case: 404 as if it did not exist, and nothing changed."""
    before = case_state(complaint.pk)
    assert get_step(client, user, complaint, event).status_code == 404
    assert post_step(client, user, complaint, event, data).status_code == 404
    assert case_state(complaint.pk) == before
