"""Recording a complaint and deciding how it is handled (domain.md rules 1 to 7, 12)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from heard.audit.events import record_event
from heard.complaints.actions.handlers import check_handler
from heard.complaints.actions.happened import check_happened_on, check_letter_on
from heard.complaints.deadlines import refresh_due
from heard.complaints.decision_records import day_words, record_decision, yes_no
from heard.complaints.models import Child, Complainant, Complaint, Deferral
from heard.complaints.models.choices import Proceedings, Relationship, Route, SpecifiedFunction
from heard.complaints.models.decisions import DecisionKind
from heard.complaints.rules import is_out_of_time
from heard.complaints.search import refresh_search
from heard.complaints.transitions import Refused, transition
from heard.people.models import User
from heard.people.roles import is_complaints_staff
from heard.timescales.dates import due, long_date


@dataclass(frozen=True)
class NewComplainant:
    name: str
    relationship: str
    email: str = ""
    phone: str = ""
    address: str = ""


@dataclass(frozen=True)
class NewChild:
    name: str
    date_of_birth: date | None = None
    looked_after: bool = False
    care_leaver: bool = False


def record_complaint(
    *,
    by: User,
    received_on: date,
    channel: str,
    summary: str,
    complainants: list[NewComplainant],
    children: list[NewChild],
    team: str = "",
    earliest_event_on: date | None = None,
    preferred_format: str = "standard",
    language: str = "English",
    adjustments: str = "",
    handler: User | None = None,
) -> Complaint:
    """A new complaint from any channel, dated the day it was received.

    ``handler`` is the complaints officer who will look after it: the person recording it
    unless they name someone else from the team (decision 029)."""
    if not is_complaints_staff(by):
        from heard.complaints.transitions import NotAllowed

        raise NotAllowed("Only the complaints team records new complaints.")
    handler = check_handler(handler if handler is not None else by)
    if received_on > timezone.localdate():
        raise Refused("The date received cannot be in the future.", field="received_on")
    if not complainants:
        raise Refused("Add at least one complainant.", field="complainants")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            reference=f"new-{uuid.uuid4().hex[:16]}",
            received_on=received_on,
            channel=channel,
            summary=summary,
            team=team,
            created_by=by,
            handler=handler,
            earliest_event_on=earliest_event_on,
            preferred_format=preferred_format,
            language=language,
            adjustments=adjustments,
            acknowledgement_due_on=due(received_on, "acknowledgement"),
        )
        complaint.reference = f"C-{received_on.year}-{complaint.pk:05d}"
        complaint.save(update_fields=["reference"])
        Complainant.objects.bulk_create(
            Complainant(complaint=complaint, **vars(person)) for person in complainants
        )
        Child.objects.bulk_create(Child(complaint=complaint, **vars(child)) for child in children)
        record_event(
            complaint.pk,
            "complaint.received",
            f"Complaint received by {channel.replace('_', ' ')} on {long_date(received_on)}",
            by=by,
            to_state=complaint.status,
            details={"out_of_time": is_out_of_time(complaint), "handler": str(handler)},
        )
        refresh_due(complaint)
        refresh_search(complaint)
    return complaint


def _after_receipt(complaint: Complaint, on: date | None, what: str, field: str = "on") -> date:
    """A date on or after the complaint was received, and not in the future."""
    return check_happened_on(
        on,
        field=field,
        what=what,
        after=complaint.received_on,
        after_what="the complaint was received",
    )


def classify(
    complaint: Complaint,
    *,
    by: User,
    route: str,
    reason: str,
    specified_function: str = "",
    on: date | None = None,
) -> Complaint:
    """Rule 1: record the procedure, the reason and who decided.

    ``on`` is the date it was decided; today when None."""
    if route not in Route.values:
        raise Refused("Choose which procedure applies.", field="route")
    if specified_function and specified_function not in SpecifiedFunction.values:
        raise Refused("Choose a Children Act function from the list.", field="specified_function")
    if not reason.strip():
        raise Refused("Say why this procedure applies.", field="reason")
    if route == Route.STATUTORY and not specified_function:
        raise Refused(
            "Say which Children Act function the complaint is about.", field="specified_function"
        )
    day = _after_receipt(complaint, on, "The date the procedure was decided")
    with transition(complaint, "classify", by=by) as step:
        step.on = day
        c = step.complaint
        step.keep_text(c, "Which procedure applies", route_reason=reason)
        c.route, c.route_reason, c.specified_function = route, reason, specified_function
        c.route_decided_by_id, c.route_decided_on = by.pk, day
        c.save(
            update_fields=[
                "route",
                "route_reason",
                "specified_function",
                "route_decided_by",
                "route_decided_on",
            ]
        )
        step.summary = f"Classified: {Route(route).label}"
        step.details = {"route": route, "reason": reason, "specified_function": specified_function}
    return complaint


def record_sufficient_interest(
    complaint: Complaint,
    *,
    by: User,
    complainant: Complainant,
    decided_on: date,
    has_interest: bool,
    child_views_sought: bool,
    child_views_considered: bool,
    child_notified: bool,
    letter_sent_on: date | None = None,
) -> Complaint:
    """Rule 3: the decision, the child's views, and a letter when the answer is no."""
    if complainant.complaint_id != complaint.pk:
        raise Refused("That person is not a complainant on this complaint.", field="complainant")
    if complainant.relationship != Relationship.OTHER:
        raise Refused(
            f"{complainant.name} is entitled to complain in their own right: no decision is "
            "needed.",
            field="complainant",
        )
    if not has_interest and letter_sent_on is None:
        raise Refused(
            "A 'no' decision must be sent to the person: record when the letter was sent.",
            field="letter_sent_on",
        )
    _after_receipt(complaint, decided_on, "The date of the decision", "decided_on")
    check_letter_on(letter_sent_on, after=decided_on, after_what="the decision")
    with transition(complaint, "record_sufficient_interest", by=by) as step:
        step.on = decided_on
        Complainant.objects.filter(pk=complainant.pk).update(
            sufficient_interest=has_interest,
            sufficient_interest_decided_on=decided_on,
            sufficient_interest_child_views_sought=child_views_sought,
            sufficient_interest_child_views_considered=child_views_considered,
            sufficient_interest_child_notified=child_notified,
            sufficient_interest_decided_by=by,
            sufficient_interest_letter_on=letter_sent_on,
        )
        outcome = "has" if has_interest else "does not have"
        record_decision(
            step,
            DecisionKind.SUFFICIENT_INTEREST,
            f"{complainant.name} {outcome} a sufficient interest",
            [
                ("Were the child's views sought?", yes_no(child_views_sought)),
                ("Were the child's views taken into account?", yes_no(child_views_considered)),
                ("Was the child told of the decision?", yes_no(child_notified)),
            ],
            decided_on=decided_on,
            letter_sent_on=letter_sent_on,
        )
        step.summary = f"Decided {complainant.name} {outcome} a sufficient interest"
        step.details = {"complainant": complainant.pk, "has_interest": has_interest}
    return complaint


OUT_OF_TIME_DECISIONS = ("accepted", "refused")
ADVOCACY_RESPONSES = ("accepted", "declined", "awaiting")


def decide_out_of_time(
    complaint: Complaint,
    *,
    by: User,
    decision: str,
    why_not_earlier: str,
    fair_consideration: str,
    on: date | None = None,
) -> Complaint:
    """Rule 5: both reasons are required, whichever way the decision goes.

    ``on`` is the date it was decided; today when None."""
    if decision not in OUT_OF_TIME_DECISIONS:
        raise Refused("Decide whether to consider the complaint or refuse it.", field="decision")
    if not is_out_of_time(complaint):
        raise Refused("This complaint is within the 12-month time limit: no decision is needed.")
    if not why_not_earlier.strip():
        raise Refused("Say why the complaint was not made earlier.", field="why_not_earlier")
    if not fair_consideration.strip():
        raise Refused(
            "Say whether it can still be considered fairly and effectively.",
            field="fair_consideration",
        )
    day = _after_receipt(complaint, on, "The date of the decision")
    # Refusing ends the procedure, so it is its own row of the workflow table (rule 5).
    event = "refuse_out_of_time" if decision == "refused" else "decide_out_of_time"
    with transition(complaint, event, by=by) as step:
        step.on = day
        c = step.complaint
        step.keep_text(
            c,
            "Time limit decision",
            out_of_time_why_not_earlier=why_not_earlier,
            out_of_time_fair_consideration=fair_consideration,
        )
        c.out_of_time_decision = decision
        c.out_of_time_why_not_earlier = why_not_earlier
        c.out_of_time_fair_consideration = fair_consideration
        c.out_of_time_decided_by_id, c.out_of_time_decided_on = by.pk, day
        c.save(
            update_fields=[
                "out_of_time_decision",
                "out_of_time_why_not_earlier",
                "out_of_time_fair_consideration",
                "out_of_time_decided_by",
                "out_of_time_decided_on",
            ]
        )
        if decision == "refused":
            c.closed_on = day
            c.save(update_fields=["closed_on"])
        verb = "considered" if decision == "accepted" else "refused"
        outcome = "to be considered" if decision == "accepted" else "refused"
        record_decision(
            step,
            DecisionKind.OUT_OF_TIME,
            f"Complaint made more than 12 months later: {outcome}",
            [
                ("Why the complaint was not made earlier", why_not_earlier),
                ("Whether it can still be considered fairly and effectively", fair_consideration),
            ],
        )
        step.summary = f"Out-of-time complaint to be {verb}"
        step.details = {"decision": decision}
    return complaint


def record_deferral(
    complaint: Complaint,
    *,
    by: User,
    proceedings: str,
    proceedings_detail: str,
    parts_affected: str,
    reason: str,
    notice_sent_on: date,
    review_on: date,
    excluded: bool = False,
) -> Deferral:
    """Rule 6: name the proceedings, the parts affected, the notice and a review date."""
    if proceedings not in Proceedings.values:
        raise Refused(
            "Choose the kind of proceedings (court, tribunal, criminal or disciplinary).",
            field="proceedings",
        )
    for name, value in (
        ("proceedings_detail", proceedings_detail),
        ("parts_affected", parts_affected),
        ("reason", reason),
    ):
        if not value.strip():
            raise Refused("This must be filled in.", field=name)
    if review_on <= notice_sent_on:
        raise Refused("The review date must be after the notice was sent.", field="review_on")
    _after_receipt(complaint, notice_sent_on, "The date the notice was sent", "notice_sent_on")
    with transition(complaint, "record_deferral", by=by) as step:
        step.on = notice_sent_on
        deferral = Deferral.objects.create(
            complaint=step.complaint,
            proceedings=proceedings,
            proceedings_detail=proceedings_detail,
            parts_affected=parts_affected,
            reason=reason,
            notice_sent_on=notice_sent_on,
            review_on=review_on,
            excluded=excluded,
            decided_by=by,
        )
        verb = "Excluded" if excluded else "Deferred"
        record_decision(
            step,
            DecisionKind.DEFERRAL,
            f"{verb} because of proceedings",
            [
                ("Proceedings", f"{Proceedings(proceedings).label}: {proceedings_detail}"),
                ("Parts of the complaint affected", parts_affected),
                ("Why", reason),
                ("To be reviewed on", day_words(review_on)),
            ],
            letter_sent_on=notice_sent_on,
        )
        step.summary = f"{verb} because of {proceedings_detail}; review on {long_date(review_on)}"
        step.details = {"deferral": deferral.pk}
    return deferral


def end_deferral(
    complaint: Complaint, *, by: User, deferral: Deferral, ended_on: date
) -> Complaint:
    if deferral.complaint_id != complaint.pk or deferral.ended_on is not None:
        raise Refused("That deferral is not open on this complaint.")
    check_happened_on(
        ended_on,
        field="ended_on",
        what="The date the deferral ended",
        after=deferral.notice_sent_on,
        after_what="the notice of deferral was sent",
    )
    with transition(complaint, "end_deferral", by=by) as step:
        step.on = ended_on
        Deferral.objects.filter(pk=deferral.pk).update(ended_on=ended_on)
        step.summary = f"Deferral ended on {long_date(ended_on)}"
        step.details = {"deferral": deferral.pk, "ended_on": ended_on.isoformat()}
    return complaint


def record_advocacy(
    complaint: Complaint,
    *,
    by: User,
    offered_on: date,
    response: str,
    advocate_name: str = "",
    advocate_organisation: str = "",
    advocate_contact: str = "",
) -> Complaint:
    """Rule 7: the offer, its date, the response, and the advocate when one is appointed."""
    if response not in ADVOCACY_RESPONSES:
        raise Refused("Choose the response to the offer of an advocate.", field="response")
    _after_receipt(complaint, offered_on, "The date offered", "offered_on")
    if response == "accepted" and not advocate_name.strip():
        raise Refused(
            "Give the advocate's name, or choose 'awaiting reply'.", field="advocate_name"
        )
    with transition(complaint, "record_advocacy", by=by) as step:
        step.on = offered_on
        c = step.complaint
        before = c.advocacy_response
        step.keep_text(
            c,
            "Advocacy",
            advocate_name=advocate_name,
            advocate_organisation=advocate_organisation,
            advocate_contact=advocate_contact,
        )
        c.advocacy_offered_on, c.advocacy_response = offered_on, response
        c.advocate_name, c.advocate_organisation = advocate_name, advocate_organisation
        c.advocate_contact = advocate_contact
        c.save(
            update_fields=[
                "advocacy_offered_on",
                "advocacy_response",
                "advocate_name",
                "advocate_organisation",
                "advocate_contact",
            ]
        )
        step.summary = f"Advocacy offered on {long_date(offered_on)}: {response}"
        step.details = {
            "offered_on": offered_on.isoformat(),
            "response": {"before": before or None, "after": response},
        }
    return complaint


def acknowledge(complaint: Complaint, *, by: User, acknowledged_on: date) -> Complaint:
    """Rule 12: the acknowledgement, reported against the local target."""
    if acknowledged_on < complaint.received_on:
        raise Refused(
            "The acknowledgement cannot be before the complaint was received.",
            field="acknowledged_on",
        )
    _after_receipt(complaint, acknowledged_on, "The date", "acknowledged_on")
    with transition(complaint, "acknowledge", by=by) as step:
        step.on = acknowledged_on
        step.complaint.acknowledged_on = acknowledged_on
        step.complaint.save(update_fields=["acknowledged_on"])
        late = acknowledged_on > complaint.acknowledgement_due_on
        step.summary = f"Acknowledged on {long_date(acknowledged_on)}" + (
            " (after the local target)" if late else ""
        )
        step.details = {"late": late}
    return complaint


def hand_over(complaint: Complaint, *, by: User, on: date | None = None) -> Complaint:
    """A complaint for another procedure (e.g. safeguarding) leaves this one, recorded.

    ``on`` is the date it was handed over; today when None."""
    day = _after_receipt(complaint, on, "The date it was handed over")
    with transition(complaint, "hand_over", by=by) as step:
        step.on = day
        step.complaint.closed_on = day
        step.complaint.save(update_fields=["closed_on"])
        step.summary = "Handed over to another procedure"
        step.details = {"closed_on": step.complaint.closed_on.isoformat()}
    return complaint


def close(complaint: Complaint, *, by: User, reason: str, on: date | None = None) -> Complaint:
    """Close the complaint; ``on`` is the date it was closed, today when None."""
    if not reason.strip():
        raise Refused("Say why the complaint is being closed.", field="reason")
    day = _after_receipt(complaint, on, "The date it was closed")
    with transition(complaint, "close", by=by) as step:
        step.on = day
        step.complaint.closed_on = day
        step.complaint.save(update_fields=["closed_on"])
        record_decision(step, DecisionKind.CLOSED, "Complaint closed", [("Why", reason)])
        step.summary = "Closed"
        step.details = {"reason": reason}
    return complaint


def add_complainant(complaint: Complaint, *, by: User, person: NewComplainant) -> Complainant:
    """Another person making the complaint. Their eligibility is checked when Stage 1 starts
    (rule 2), so someone in no listed group will need a 'sufficient interest' decision."""
    if not person.name.strip():
        raise Refused("Enter the complainant's full name.", field="name")
    if person.relationship not in Relationship.values:
        raise Refused("Select the complainant's relationship to the child.", field="relationship")
    with transition(complaint, "update_parties", by=by) as step:
        added = Complainant.objects.create(complaint=step.complaint, **vars(person))
        label = Relationship(person.relationship).label
        step.summary = f"Complainant added: {person.name} ({label})"
        step.details = {"complainant": added.pk, "relationship": person.relationship}
    return added


def add_child(complaint: Complaint, *, by: User, child: NewChild) -> Child:
    """Another child or young person the complaint is about."""
    if not child.name.strip():
        raise Refused("Enter the child's full name.", field="name")
    if child.date_of_birth is not None and child.date_of_birth > timezone.localdate():
        raise Refused("The date of birth must be in the past.", field="date_of_birth")
    with transition(complaint, "update_parties", by=by) as step:
        added = Child.objects.create(complaint=step.complaint, **vars(child))
        step.summary = f"Child added: {child.name}"
        step.details = {"child": added.pk}
    return added
