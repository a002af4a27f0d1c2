"""Named guard functions for the workflow table.

Each takes the complaint and returns None when the event may go ahead, or a sentence saying
why not, in words a complaints officer can act on. They read the database but change nothing.
Related records are reached through the complaint's relations, so this module imports no
app that depends on complaints.
"""

from __future__ import annotations

from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole, Relationship, Route
from heard.complaints.wording import name_points

CHILD_COMPLAINANTS = frozenset({Relationship.CHILD, Relationship.CARE_LEAVER})


def is_classified(complaint: Complaint) -> str | None:
    """Rule 1: no Stage 1 clock until the route, reason and deciding officer are recorded."""
    if not (complaint.route and complaint.route_reason and complaint.route_decided_by_id):
        return "Record which procedure the complaint follows, and why, before starting Stage 1."
    return None


def is_for_this_procedure(complaint: Complaint) -> str | None:
    """Rule 1: a contact classified under another procedure never starts a Stage 1 clock."""
    if complaint.route == Route.OTHER:
        return "This complaint belongs to another procedure: hand it over instead."
    return None


def is_eligible_for_statutory_route(complaint: Complaint) -> str | None:
    """Rule 2: a statutory complaint needs an eligible complainant and a specified function."""
    if complaint.route != Route.STATUTORY:
        return None
    complainants = list(complaint.complainants.all())
    if not complainants:
        return "Add the complainant before starting Stage 1."
    for person in complainants:
        if not person.is_eligible:
            return (
                f"{person.name} is not in a category entitled to complain: record a "
                "'sufficient interest' decision first."
            )
    if not complaint.specified_function:
        return "Record which Children Act function the complaint is about."
    return None


def has_out_of_time_decision_if_needed(complaint: Complaint) -> str | None:
    """Rule 5: over 12 months old needs a recorded decision to consider it."""
    from heard.complaints.rules import is_out_of_time

    if not is_out_of_time(complaint):
        return None
    if complaint.out_of_time_decision == "accepted":
        return None
    if complaint.out_of_time_decision == "refused":
        return "The complaint was refused as out of time."
    return "The complaint is about events more than 12 months ago: record a decision first."


def needs_advocacy_offer(complaint: Complaint) -> bool:
    """Rule 7: a child complainant, or a complaint about a looked-after child or care leaver."""
    if any(p.relationship in CHILD_COMPLAINANTS for p in complaint.complainants.all()):
        return True
    return any(c.looked_after or c.care_leaver for c in complaint.children.all())


def has_advocacy_offer_if_needed(complaint: Complaint) -> str | None:
    """Rule 7: the offer of an advocate is recorded before the procedure starts."""
    if needs_advocacy_offer(complaint) and complaint.advocacy_offered_on is None:
        return (
            "This complaint is from or about a child, looked-after child or care leaver: "
            "record the offer of an advocate first."
        )
    return None


def is_classified_elsewhere(complaint: Complaint) -> str | None:
    if complaint.route != Route.OTHER:
        return "Only a complaint classified under another procedure can be handed over."
    return None


def stage1_not_extended(complaint: Complaint) -> str | None:
    """Rule 9: Stage 1 may be extended once."""
    if complaint.stage1.extended_on is not None:
        return "Stage 1 has already been extended once; it cannot be extended again."
    return None


def has_investigating_officer(complaint: Complaint) -> str | None:
    if not _appointed(complaint, AppointmentRole.INVESTIGATING_OFFICER):
        return "Appoint an Investigating Officer first."
    return None


def has_independent_person_if_statutory(complaint: Complaint) -> str | None:
    """Rule 19: a Children Act Stage 2 cannot open without an Independent Person."""
    if not needs_independent_person(complaint):
        return None
    if not _appointed(complaint, AppointmentRole.INDEPENDENT_PERSON):
        return "Appoint an Independent Person: part of this complaint is statutory."
    return None


def has_agreed_statement(complaint: Complaint) -> str | None:
    if complaint.stage2.statement_agreed_on is None:
        return "The Statement of Complaint has not been agreed with the complainant yet."
    return None


def statement_not_locked(complaint: Complaint) -> str | None:
    """Rule 21: once agreed, the statement is locked; a new point is an exceptional decision."""
    if complaint.stage2.statement_agreed_on is not None:
        return (
            "The statement has been agreed and is locked. A new point needs an exceptional "
            "decision by the Complaints Manager."
        )
    return None


def statement_not_yet_agreed(complaint: Complaint) -> str | None:
    """Rule 21: the complainant's agreement is recorded once."""
    if complaint.stage2.statement_agreed_on is not None:
        return "The statement is already agreed."
    return None


def every_point_has_a_finding(complaint: Complaint) -> str | None:
    """Rule 25: the report cannot be final while a point lacks a finding."""
    missing = [p for p in complaint.points.all() if not hasattr(p, "finding")]
    if missing:
        return (
            "Record a finding for every complaint point first. Still without one: "
            f"{name_points(missing)}."
        )
    return None


def fact_check_recorded(complaint: Complaint) -> str | None:
    """Rule 27: the draft's fact-check is recorded before the report is final."""
    report = getattr(complaint, "investigation_report", None)
    if report is None or report.fact_check_sent_on is None:
        return "Send the draft report for fact-checking first."
    if report.fact_check_returned_on is None:
        return "Record the fact-check's return (and any comments) first."
    return None


def has_ip_report_if_statutory(complaint: Complaint) -> str | None:
    if needs_independent_person(complaint) and not hasattr(complaint, "ip_report"):
        return "The Independent Person's report is needed before adjudication."
    return None


def has_adjudicator(complaint: Complaint) -> str | None:
    if not _appointed(complaint, AppointmentRole.ADJUDICATOR):
        return "Appoint an adjudicating officer first."
    return None


def needs_independent_person(complaint: Complaint) -> bool:
    """Rule 19 and Decisions for Heard 11: needed when any part is statutory."""
    if complaint.route == Route.STATUTORY:
        return True
    return any(point.route == Route.STATUTORY for point in complaint.points.all())


def _appointed(complaint: Complaint, role: str) -> bool:
    return any(a.role == role and a.ended_on is None for a in complaint.appointments.all())


# -- Stage 3 and after -------------------------------------------------------------------------


def panel_is_complete(complaint: Complaint) -> str | None:
    """Rule 33: the panel meets only as three independent people, exactly one of them chair."""
    current = [a for a in complaint.appointments.all() if a.ended_on is None]
    chairs = sum(1 for a in current if a.role == AppointmentRole.PANEL_CHAIR)
    members = sum(1 for a in current if a.role == AppointmentRole.PANEL_MEMBER)
    if chairs != 1 or members != 2:
        return (
            "The panel must be three independent people, one of them the chair: it has "
            f"{chairs} chair{'s' if chairs != 1 else ''} and {members} other "
            f"member{'s' if members != 1 else ''}."
        )
    return None


def panel_meeting_scheduled(complaint: Complaint) -> str | None:
    """Rule 32: the meeting date (and the complainant's availability) is set first."""
    stage3 = getattr(complaint, "stage3", None)
    if stage3 is None or stage3.meeting_on is None:
        return "Set the date of the panel meeting first."
    return None


def not_archived(complaint: Complaint) -> str | None:
    if complaint.archived_on is not None:
        return "The complaint is already archived."
    return None


def no_open_actions(complaint: Complaint) -> str | None:
    """Rule 38: nothing the council agreed to do may be lost in the archive."""
    open_actions = [a for a in complaint.actions.all() if a.state != "signed_off"]
    if open_actions:
        count = len(open_actions)
        return (
            f"The complaint cannot be archived: {count} agreed action"
            f"{' is' if count == 1 else 's are'} not yet signed off."
        )
    return None


# Guards that refuse a step because it has been done and cannot be done again. The case page
# leaves such a step out of "What you can do" rather than showing it with its reason: a step
# already done is not offered again as new (decision 026).
ALREADY_DONE = frozenset({stage1_not_extended, statement_not_locked, statement_not_yet_agreed})
