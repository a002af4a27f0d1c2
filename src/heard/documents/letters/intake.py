"""Letters from intake: before Stage 1 starts, or beside it.

Each decision taken before a complaint is looked into (who may use the procedure, whether an
old complaint is still considered, whether proceedings hold it up, whether an advocate helps)
is one the person must hear of in writing, with the reasons recorded for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heard.complaints.models import Complainant, Deferral
from heard.documents.case_data import words
from heard.documents.catalogue import Letter, Recipient, register_letter, to_complainants

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent
    from heard.complaints.models import Complaint


register_letter(
    Letter(
        key="acknowledgement",
        title="We have received your complaint",
        rule="Rule 12: acknowledge the complaint within the local target",
        on=("complaint.acknowledge",),
    )
)


# -- Rule 3: a "no" to sufficient interest ------------------------------------------------


def _decided_complainant(event: CaseEvent) -> Complainant | None:
    """The person the decision is about (the event names them by their record's id)."""
    return Complainant.objects.filter(
        pk=event.details.get("complainant"), complaint_id=event.complaint_id
    ).first()


def _no_sufficient_interest(data: dict[str, Any], event: CaseEvent) -> bool:
    """Only a "no" needs a letter (rule 3): a "yes" simply lets the complaint go ahead."""
    return event.details.get("has_interest") is False


def _to_decided_complainant(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """The one person decided about: the other complainants' standing has not changed."""
    person = _decided_complainant(event)
    if person is None:
        return []
    return [
        Recipient(name=person.name, role="complainant", address=person.address, email=person.email)
    ]


def _sufficient_interest_data(
    complaint: Complaint, event: CaseEvent, base: dict[str, Any]
) -> dict[str, Any]:
    """What was recorded with the decision: the child's views, and whether the child was
    told. The case data has the outcome but not these."""
    person = _decided_complainant(event)
    if person is None:
        return {"decision": None}
    return {
        "decision": {
            "decided_on": words(person.sufficient_interest_decided_on),
            "child_views_sought": bool(person.sufficient_interest_child_views_sought),
            "child_views_considered": bool(person.sufficient_interest_child_views_considered),
            "child_notified": bool(person.sufficient_interest_child_notified),
        }
    }


register_letter(
    Letter(
        key="sufficient_interest_refused",
        title="Our decision about your complaint",
        rule="Rule 3: tell the person when they are found not to have a sufficient interest",
        on=("complaint.record_sufficient_interest",),
        to=_to_decided_complainant,
        when=_no_sufficient_interest,
        more_data=_sufficient_interest_data,
    )
)


# -- Rule 5: a complaint made more than 12 months later -------------------------------------


def _considered(data: dict[str, Any], event: CaseEvent) -> bool:
    return event.details.get("decision") == "accepted"


register_letter(
    Letter(
        key="out_of_time_considered",
        title="We will look into your complaint",
        rule="Rule 5: a complaint made more than 12 months later, considered",
        on=("complaint.decide_out_of_time",),
        to=to_complainants,
        when=_considered,
    )
)

register_letter(
    Letter(
        key="out_of_time_refused",
        title="We cannot look into your complaint",
        rule="Rule 5: a complaint made more than 12 months later, refused with both reasons",
        on=("complaint.refuse_out_of_time",),
        to=to_complainants,
    )
)


# -- Rule 6: deferred or excluded because of proceedings ----------------------------------


def _deferral_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The deferral this step recorded. The case data lists every open one; a second notice
    must describe only the new one."""
    deferral = Deferral.objects.filter(
        pk=event.details.get("deferral"), complaint_id=complaint.pk
    ).first()
    if deferral is None:
        return {"deferral": None}
    return {
        "deferral": {
            "proceedings": deferral.get_proceedings_display(),
            "detail": deferral.proceedings_detail,
            "parts_affected": deferral.parts_affected,
            "reason": deferral.reason,
            "excluded": deferral.excluded,
            "review_on": words(deferral.review_on),
            "notice_sent_on": words(deferral.notice_sent_on),
        }
    }


register_letter(
    Letter(
        key="deferral_notice",
        title="Your complaint and other proceedings",
        rule="Rule 6: written notice of a deferral or exclusion because of proceedings",
        on=("complaint.record_deferral",),
        to=to_complainants,
        more_data=_deferral_data,
    )
)


# -- Rule 7: the offer of an advocate ---------------------------------------------------------

# Those the law says must be offered help to complain (s.26A Children Act 1989): a child
# complaining, or a care leaver. Anyone else is told what an advocate could do for the child.
_YOUNG_PEOPLE = ("child", "care_leaver")


def _advocacy_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
    """The answer to the offer, and whether a complainant is the young person themselves."""
    return {
        "advocacy": {
            "response": complaint.advocacy_response,
            "offered_on": words(complaint.advocacy_offered_on),
            "young_person": any(
                c.relationship in _YOUNG_PEOPLE for c in complaint.complainants.all()
            ),
        }
    }


register_letter(
    Letter(
        key="advocacy_offer",
        title="Help from an advocate",
        rule="Rule 7: offer an advocate, and confirm who the advocate is",
        on=("complaint.record_advocacy",),
        to=to_complainants,
        more_data=_advocacy_data,
    )
)
