"""Letters from Stage 1, local resolution: the extension and the response."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from heard.documents.case_data import words
from heard.documents.catalogue import Letter, register_letter, to_complainants

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent
    from heard.complaints.models import Complaint


def _extension_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The date the reply was due before, which the case no longer holds (the step moved it),
    and the reason as the step recorded it, so the letter can word each reason its own way."""
    before = event.details.get("from")
    stage1 = base.get("stage1") or {}
    return {
        "extension": {
            "reason": event.details.get("reason", ""),
            "previous_due_on": words(date.fromisoformat(before)) if before else "",
            # Rule 9: 20 working days is as far as Stage 1 may ever go.
            "at_the_limit": bool(stage1) and stage1.get("due_on_iso") == stage1.get("cap_on_iso"),
        }
    }


register_letter(
    Letter(
        key="stage1_extension",
        title="We need more time to reply to your complaint",
        rule="Rule 9: Stage 1 extended once, with a reason and a letter",
        on=("complaint.extend_stage1",),
        to=to_complainants,
        more_data=_extension_data,
    )
)

register_letter(
    Letter(
        key="stage1_response",
        title="Our response to your complaint",
        rule="Rule 10: the Stage 1 response, with how and by when to ask for Stage 2",
        on=("complaint.record_stage1_response",),
        to=to_complainants,
    )
)
