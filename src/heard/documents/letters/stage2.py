"""Letters from Stage 2: the investigation by an Investigating Officer and an Independent Person.

The first block (acknowledgement to non-engagement) covers the start of Stage 2, up to the
agreed Statement of Complaint; entries for the investigation's end follow it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings

from heard.complaints.models import CopySent
from heard.complaints.models.choices import RECEIVED_HOW, AppointmentRole
from heard.documents.case_data import name_of, words
from heard.documents.catalogue import Letter, Recipient, register_letter, to_appointee
from heard.documents.models import Document
from heard.investigations.models import ContactAttempt
from heard.timescales.snapshot import current_calendar

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent
    from heard.complaints.models import Complaint

# --- The start of Stage 2: request, appointments, Statement of Complaint, engagement ---------

# How long a complainant is given to answer a letter about a missed contact. The local rule
# (Hertfordshire's, rule 24) gives "two opportunities to engage" without saying how long each
# is; we give the 10 working days the complainant has to agree the Statement, so the two match.
REPLY_WITHIN_WORKING_DAYS = 10


# 1 and 2. The acknowledgement, with the late request's reasons as a paragraph of it (rule 14):
# the complainant learns in one letter that the request was late, that it was accepted anyway
# and why, and what happens next. A separate letter would tell them twice that Stage 2 goes
# ahead, and the first of the two would say nothing about what comes next.


def stage2_clock(complaint: Complaint, event: CaseEvent, data: dict[str, Any]) -> dict[str, Any]:
    """Rule 17 and decision 3: whichever date the council counts Stage 2 from, the letter also
    gives the 65-working-day limit counted from the request, the date the Ombudsman uses."""
    stage2 = complaint.stage2
    return {
        "clock": {
            "from_statement": stage2.start_basis == "statement_agreed_date",
            "request_cap_on": words(stage2.request_cap_on),
        }
    }


register_letter(
    Letter(
        key="stage2_acknowledgement",
        title="We have accepted your request for Stage 2",
        rule=(
            "Rules 16 and 17: Stage 2 accepted, 25 working days and 65 at most "
            "(rule 14: a late request accepted, with the reasons)"
        ),
        on=("complaint.accept_stage2",),
        more_data=stage2_clock,
    )
)


# 3. The refusal (rule 15).


def refusal_sign_off(
    complaint: Complaint, event: CaseEvent, data: dict[str, Any]
) -> dict[str, Any]:
    """Rule 15: the senior manager who signed the refusal off, named in the letter."""
    return {"signed_off_by": name_of(complaint.stage2.refusal_signed_off_by)}


register_letter(
    Letter(
        key="stage2_refusal",
        title="We have not accepted your request for Stage 2",
        rule="Rule 15: a Stage 2 refusal, signed off by a senior manager, with the Ombudsman",
        on=("complaint.refuse_stage2",),
        more_data=refusal_sign_off,
    )
)


# 4. The appointment letters, to the Investigating Officer and to the Independent Person. A
# Stage 2 role replaces its holder (``appointments.appoint``), so the one now appointed in the
# role is the person the step appointed.


def appointed_as(role: str) -> Callable[[dict[str, Any], CaseEvent], bool]:
    """The step appointed someone to ``role`` (the same step appoints every other role)."""

    def when(data: dict[str, Any], event: CaseEvent) -> bool:
        return bool(event.details.get("role") == role)

    return when


def appointment_terms(
    complaint: Complaint, event: CaseEvent, data: dict[str, Any]
) -> dict[str, Any]:
    """The Stage 2 clock (as the acknowledgement gives it), who appointed them (the Complaints
    Manager: no other role may), and how long they may still record time and fees once their
    access ends with the work (decision 022)."""
    manager = event.by
    return {
        **stage2_clock(complaint, event, data),
        "complaints_manager": {
            "name": name_of(manager),
            "email": manager.email if manager else "",
        },
        "fees_access_days": settings.FEES_ACCESS_DAYS,
    }


register_letter(
    Letter(
        key="stage2_io_appointment",
        title="Your appointment as Investigating Officer",
        rule="Rules 16 and 19: the Investigating Officer appointed, with the task and timescales",
        on=("complaint.appoint",),
        to=to_appointee("investigating_officer", "investigating officer"),
        when=appointed_as(AppointmentRole.INVESTIGATING_OFFICER),
        more_data=appointment_terms,
    )
)

register_letter(
    Letter(
        key="stage2_ip_appointment",
        title="Your appointment as Independent Person",
        rule="Rules 16, 19 and 20: the Independent Person appointed, with the task and timescales",
        on=("complaint.appoint",),
        to=to_appointee("independent_person", "independent person"),
        when=appointed_as(AppointmentRole.INDEPENDENT_PERSON),
        more_data=appointment_terms,
    )
)


# 5. A copy of the complaint to someone involved in it (the Complaints Manager's duty in the
# local procedure [1]): the step's record names the person and the part.


def to_copy_recipient(data: dict[str, Any], event: CaseEvent) -> list[Recipient]:
    """The person the step's copy of the complaint went to, with the part they were sent."""
    copy = CopySent.objects.filter(pk=event.details.get("copy")).first()
    if copy is None:
        return []
    return [
        Recipient(
            name=copy.recipient,
            role="person involved",
            data={
                "part": copy.part,
                "sent_on": words(copy.sent_on),
                "sent_how": RECEIVED_HOW.get(copy.method, ""),
            },
        )
    ]


register_letter(
    Letter(
        key="stage2_complaint_copy",
        title="A copy of a complaint that involves you",
        rule="Stage 2: a copy of the complaint, or the part of it, to each person involved",
        on=("complaint.send_copy",),
        to=to_copy_recipient,
    )
)


# 6 and 7. The Statement of Complaint for agreement, drafted each time a version is saved: the
# letter encloses the exact text, so each version needs its own, and the newest draft is the
# one to send (each names its version, and says which sent letter it replaces). The Consent to
# Access Records form goes with the first version only.


def statement_version(
    complaint: Complaint, event: CaseEvent, data: dict[str, Any]
) -> dict[str, Any]:
    """Which version this is, and when an earlier one was sent to the complainant (so the
    letter can say this one replaces it)."""
    earlier = (
        Document.objects.filter(
            complaint_id=complaint.pk, key="stage2_statement", state=Document.State.SENT
        )
        .order_by("-sent_on", "-id")
        .first()
    )
    return {
        "statement": {
            "version": event.details.get("version"),
            "replaces_sent_on": words(earlier.sent_on) if earlier else "",
        }
    }


def first_version_without_consent(data: dict[str, Any], event: CaseEvent) -> bool:
    """Rule 23: the form goes with the first version of the Statement, unless consent (or
    another lawful basis) is already on file; a corrected Statement needs no second form."""
    return event.details.get("version") == 1 and data["records_consent"] is None


register_letter(
    Letter(
        key="stage2_statement",
        title="Your Statement of Complaint: please check it",
        rule="Rule 21: the Statement of Complaint, agreed within 10 working days of first contact",
        on=("complaint.save_statement",),
        replaces_drafts=True,
        more_data=statement_version,
    )
)

register_letter(
    Letter(
        key="stage2_records_consent",
        title="Consent to Access Records",
        rule="Rule 23: consent to access records before the investigators see them",
        on=("complaint.save_statement",),
        when=first_version_without_consent,
    )
)


# 8. Two opportunities to engage, then the closure (rule 24; Decisions for Heard 7). Only an
# unanswered attempt needs a letter; the second (and any later one the Manager allows before
# deciding) says plainly what happens without a reply, and by when.

UNANSWERED = ContactAttempt.Outcome.UNANSWERED


def _unanswered(data: dict[str, Any]) -> int:
    return sum(1 for a in data["contact_attempts"] if a["outcome"] == UNANSWERED.label)


def first_unanswered(data: dict[str, Any], event: CaseEvent) -> bool:
    return event.details.get("outcome") == UNANSWERED and _unanswered(data) == 1


def later_unanswered(data: dict[str, Any], event: CaseEvent) -> bool:
    return event.details.get("outcome") == UNANSWERED and _unanswered(data) >= 2


def missed_contact(complaint: Complaint, event: CaseEvent, data: dict[str, Any]) -> dict[str, Any]:
    """The attempt the letter is about, and the date we ask them to reply by."""
    made_on = date.fromisoformat(event.details["made_on"])
    reply_by = current_calendar().add_working_days(made_on, REPLY_WITHIN_WORKING_DAYS)
    return {
        "attempt": {
            "made_on": words(made_on),
            "how": RECEIVED_HOW.get(event.details.get("method", ""), ""),
        },
        "reply_by": words(reply_by),
        "reply_by_iso": reply_by.isoformat(),
    }


register_letter(
    Letter(
        key="stage2_engagement_first",
        title="We have not been able to reach you",
        rule="Rule 24: the first opportunity to engage with the investigation",
        on=("complaint.record_contact_attempt",),
        when=first_unanswered,
        more_data=missed_contact,
    )
)

register_letter(
    Letter(
        key="stage2_engagement_second",
        title="Please contact us about your complaint",
        rule="Rule 24: the second opportunity to engage, and what happens without a reply",
        on=("complaint.record_contact_attempt",),
        when=later_unanswered,
        more_data=missed_contact,
    )
)

register_letter(
    Letter(
        key="stage2_non_engagement_closure",
        title="We have closed the investigation of your complaint",
        rule="Rule 24: closed for non-engagement, with the reasons and the Ombudsman",
        on=("complaint.close_for_non_engagement",),
    )
)

# --- The end of Stage 2 (entries added below) ------------------------------------------------
