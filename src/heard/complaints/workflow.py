"""The workflow table: for each status, the events allowed, who may fire them, and guards.

Every change to a complaint goes through an action in ``complaints.actions`` (or the actions of
the investigations and decisions apps), and every action starts by asking this table. Read it
as: "in status S, event E moves the complaint to status T (or leaves it where it is), may be
fired by these roles, and only when these guards pass". docs/workflow.md explains it, and
tests/complaints/test_workflow_table.py walks every (status, event, role) combination.

Roles are staff roles (``StaffRole``) or appointments on this complaint, written
``appointed:<role>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from heard.complaints import guards as g
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.complaints.models.choices import Status as S
from heard.people.roles import StaffRole

Guard = Callable[[Complaint], "str | None"]

CM = StaffRole.COMPLAINTS_MANAGER.value
CO = StaffRole.COMPLAINTS_OFFICER.value
STAFF = frozenset({CM, CO})
MANAGER = frozenset({CM})
IO = f"appointed:{AppointmentRole.INVESTIGATING_OFFICER}"
IP = f"appointed:{AppointmentRole.INDEPENDENT_PERSON}"
ADJ = f"appointed:{AppointmentRole.ADJUDICATOR}"
RESPONDER = f"appointed:{AppointmentRole.STAGE1_RESPONDER}"
CHAIR = f"appointed:{AppointmentRole.PANEL_CHAIR}"
MEMBER = f"appointed:{AppointmentRole.PANEL_MEMBER}"
INVESTIGATORS = frozenset({IO, IP})
# Anyone appointed in an independent role records their own time and fees.
CONTRACTORS = frozenset({IO, IP, CHAIR, MEMBER})
# Someone whose paid appointment on this complaint ended within the period for recording time
# and fees (settings.FEES_ACCESS_DAYS; ADR 022): invoices arrive after the work ends.
AFTER_END = "ended:time_and_fees"
# The only steps open to them, on a complaint they otherwise no longer see.
AFTER_END_EVENTS = frozenset({"record_time"})


@dataclass(frozen=True)
class Transition:
    """One row of the table. ``to`` is None when the event leaves the status as it is."""

    allowed: frozenset[str]
    to: str | None = None
    guards: tuple[Guard, ...] = field(default=())


def _t(allowed: frozenset[str], to: str | None = None, *guards: Guard) -> Transition:
    return Transition(allowed=allowed, to=to, guards=guards)


# Events that may happen at any open point of the procedure.
_ANY_OPEN: dict[str, Transition] = {
    "record_deferral": _t(STAFF),
    "end_deferral": _t(STAFF),
    "acknowledge": _t(STAFF),
    "update_parties": _t(STAFF),
}

# Events that may happen whatever the status, even after the procedure has ended: the
# Ombudsman can be approached at any point, agreed actions are carried out long after the
# letters are sent, learning themes are added when the pattern is seen, and contractors'
# time is recorded until the invoice is paid.
_ANY_TIME: dict[str, Transition] = {
    "record_ombudsman_case": _t(STAFF),
    "record_ombudsman_decision": _t(STAFF),
    "add_remedy": _t(STAFF),
    "record_remedy_evidence": _t(STAFF),
    "complete_action": _t(STAFF),
    "sign_off_action": _t(MANAGER),
    "set_point_themes": _t(STAFF),
    # Who handles a case is the manager's call, and a case may need a new handler at any
    # point, including while its agreed actions run after the procedure has ended.
    "assign_handler": _t(MANAGER),
    "record_time": _t(STAFF | CONTRACTORS | {AFTER_END}),
}

# When the procedure has ended: everything above, and archiving once every action is signed off.
_ENDED: dict[str, Transition] = {
    **_ANY_TIME,
    "archive": _t(MANAGER, None, g.not_archived, g.no_open_actions),
}

WORKFLOW: dict[str, dict[str, Transition]] = {
    S.INTAKE: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "classify": _t(STAFF),
        "record_sufficient_interest": _t(STAFF),
        "decide_out_of_time": _t(STAFF),
        # The same decision when the answer is "refuse": the procedure ends there (rule 5).
        "refuse_out_of_time": _t(STAFF, S.REFUSED_OUT_OF_TIME),
        "record_advocacy": _t(STAFF),
        "start_stage1": _t(
            STAFF,
            S.STAGE1_OPEN,
            g.is_classified,
            g.is_for_this_procedure,
            g.is_eligible_for_statutory_route,
            g.has_out_of_time_decision_if_needed,
            g.has_advocacy_offer_if_needed,
        ),
        "hand_over": _t(STAFF, S.HANDLED_ELSEWHERE, g.is_classified_elsewhere),
        "close": _t(MANAGER, S.CLOSED),
    },
    S.STAGE1_OPEN: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "record_advocacy": _t(STAFF),
        "agree_stage1_action": _t(STAFF | {RESPONDER}),
        "assign_responder": _t(STAFF),
        "extend_stage1": _t(STAFF | {RESPONDER}, None, g.stage1_not_extended),
        "record_stage1_response": _t(STAFF | {RESPONDER}, S.STAGE1_RESPONDED),
        "request_stage2": _t(STAFF, S.STAGE2_REQUESTED),
        "close": _t(MANAGER, S.CLOSED),
    },
    S.STAGE1_RESPONDED: {
        **_ANY_OPEN,
        **_ENDED,
        # The responder's appointment ended with the response (ADR 022).
        "agree_stage1_action": _t(STAFF),
        "request_stage2": _t(STAFF, S.STAGE2_REQUESTED),
        "close": _t(MANAGER, S.CLOSED),
    },
    S.STAGE2_REQUESTED: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "accept_stage2": _t(MANAGER, S.STAGE2_SETUP),
        "refuse_stage2": _t(MANAGER, S.STAGE2_REFUSED),
    },
    S.STAGE2_SETUP: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "appoint": _t(MANAGER),
        "send_copy": _t(STAFF),
        "extend_stage2": _t(MANAGER),
        "start_investigation": _t(
            MANAGER,
            S.STAGE2_INVESTIGATION,
            g.has_investigating_officer,
            g.has_independent_person_if_statutory,
        ),
    },
    S.STAGE2_INVESTIGATION: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "appoint": _t(MANAGER),
        "send_copy": _t(STAFF),
        "extend_stage2": _t(MANAGER),
        "record_first_contact": _t(STAFF | INVESTIGATORS),
        "save_statement": _t(STAFF | INVESTIGATORS, None, g.statement_not_locked),
        "agree_statement": _t(STAFF | INVESTIGATORS, None, g.statement_not_yet_agreed),
        "add_point_exceptionally": _t(MANAGER, None, g.has_agreed_statement),
        "record_consent": _t(STAFF),
        "grant_records_access": _t(STAFF),
        "record_contact_attempt": _t(STAFF | INVESTIGATORS),
        "close_for_non_engagement": _t(MANAGER, S.CLOSED_NON_ENGAGEMENT),
        "add_plan_item": _t(STAFF | INVESTIGATORS),
        "book_interview": _t(STAFF),
        "notify_interviewee": _t(STAFF),
        "record_interview_notes": _t(INVESTIGATORS),
        "agree_interview_notes": _t(STAFF | INVESTIGATORS),
        "request_records": _t(STAFF),
        "receive_records": _t(STAFF),
        "record_finding": _t(frozenset({IO}), None, g.has_agreed_statement),
        "add_recommendation": _t(frozenset({IO}), None, g.has_agreed_statement),
        "send_fact_check": _t(frozenset({IO}) | STAFF, None, g.every_point_has_a_finding),
        "return_fact_check": _t(frozenset({IO}) | STAFF),
        "finalise_report": _t(
            frozenset({IO}),
            S.STAGE2_ADJUDICATION,
            g.has_agreed_statement,
            g.every_point_has_a_finding,
            g.fact_check_recorded,
        ),
    },
    S.STAGE2_ADJUDICATION: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "appoint": _t(MANAGER),
        "extend_stage2": _t(MANAGER),
        "record_ip_view": _t(frozenset({IP})),
        "submit_ip_report": _t(frozenset({IP})),
        "adjudicate": _t(frozenset({ADJ}), None, g.has_adjudicator, g.has_ip_report_if_statutory),
        "send_adjudication_letter": _t(
            frozenset({ADJ}) | STAFF, S.STAGE2_COMPLETE, g.has_ip_report_if_statutory
        ),
    },
    S.CLOSED_NON_ENGAGEMENT: {
        **_ENDED,
        "reopen": _t(MANAGER, S.STAGE2_INVESTIGATION),
    },
    S.STAGE2_COMPLETE: {
        **_ENDED,
        "request_stage3": _t(STAFF, S.STAGE3_REQUESTED),
    },
    S.STAGE2_REFUSED: {**_ENDED},
    S.STAGE3_REQUESTED: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "accept_stage3": _t(MANAGER, S.STAGE3_PANEL),
        "refuse_stage3": _t(MANAGER, S.STAGE3_REFUSED),
    },
    S.STAGE3_PANEL: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "appoint": _t(MANAGER),
        "stand_down": _t(MANAGER),
        "schedule_panel": _t(STAFF),
        "record_submission": _t(STAFF),
        "record_attendee": _t(STAFF),
        "hold_panel": _t(STAFF, S.STAGE3_REPORT, g.panel_is_complete, g.panel_meeting_scheduled),
    },
    S.STAGE3_REPORT: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "record_submission": _t(STAFF),
        "record_attendee": _t(STAFF),
        "add_panel_recommendation": _t(STAFF | {CHAIR}),
        "issue_panel_report": _t(STAFF | {CHAIR}, S.STAGE3_RESPONSE),
    },
    S.STAGE3_RESPONSE: {
        **_ANY_OPEN,
        **_ANY_TIME,
        "respond_to_panel": _t(MANAGER, S.STAGE3_COMPLETE),
    },
    S.STAGE3_COMPLETE: {**_ENDED},
    S.STAGE3_REFUSED: {**_ENDED},
    S.CLOSED: {**_ENDED},
    S.HANDLED_ELSEWHERE: {**_ENDED},
    S.REFUSED_OUT_OF_TIME: {**_ENDED},
}

# Human labels for the events, used for buttons, the timeline and error messages.
EVENT_LABELS: dict[str, str] = {
    "record_deferral": "Defer or exclude because of proceedings",
    "end_deferral": "End a deferral",
    "acknowledge": "Record the acknowledgement",
    "update_parties": "Change who the complaint is from or about",
    "classify": "Decide which procedure applies",
    "record_sufficient_interest": "Record a 'sufficient interest' decision",
    "decide_out_of_time": "Decide on a complaint made more than 12 months later",
    "refuse_out_of_time": "Refuse a complaint made more than 12 months later",
    "record_advocacy": "Record the offer of an advocate",
    "start_stage1": "Start Stage 1",
    "hand_over": "Hand over to another procedure",
    "close": "Close the complaint",
    "assign_responder": "Assign the Stage 1 responder",
    "extend_stage1": "Extend Stage 1",
    "record_stage1_response": "Record the Stage 1 response",
    "request_stage2": "Record a request for Stage 2",
    "accept_stage2": "Accept the Stage 2 request",
    "refuse_stage2": "Refuse the Stage 2 request",
    "appoint": "Appoint someone to the complaint",
    "send_copy": "Record a copy of the complaint sent",
    "extend_stage2": "Extend Stage 2",
    "start_investigation": "Start the investigation",
    "record_first_contact": "Record first contact with the complainant",
    "save_statement": "Edit the Statement of Complaint",
    "agree_statement": "Record the complainant's agreement to the statement",
    "add_point_exceptionally": "Add a complaint point (exceptional)",
    "record_consent": "Record consent to access records",
    "grant_records_access": "Give the investigators access to records",
    "record_contact_attempt": "Record a contact attempt",
    "close_for_non_engagement": "Close for non-engagement",
    "add_plan_item": "Add to the investigation plan",
    "book_interview": "Book an interview",
    "notify_interviewee": "Tell the interviewee they must attend",
    "record_interview_notes": "Record interview notes",
    "agree_interview_notes": "Record the interviewee's agreement of the notes",
    "request_records": "Request records from staff",
    "receive_records": "Record records received",
    "record_finding": "Record a finding",
    "add_recommendation": "Add a recommendation",
    "send_fact_check": "Send the draft report for fact-checking",
    "return_fact_check": "Record the fact-check's return",
    "finalise_report": "Make the report final",
    "record_ip_view": "Record the Independent Person's view on a finding",
    "submit_ip_report": "Submit the Independent Person's report",
    "adjudicate": "Record the adjudication decisions",
    "send_adjudication_letter": "Record the adjudication letter sent",
    "reopen": "Reopen for exceptional reasons",
    "agree_stage1_action": "Record an action agreed at Stage 1",
    "request_stage3": "Record a request for Stage 3",
    "accept_stage3": "Accept the Stage 3 request",
    "refuse_stage3": "Refuse the Stage 3 request",
    "stand_down": "Stand someone down from the complaint",
    "schedule_panel": "Set the date of the panel meeting",
    "record_submission": "Record a submission to the panel",
    "record_attendee": "Record who attends the panel",
    "hold_panel": "Record that the panel met",
    "add_panel_recommendation": "Add a panel recommendation",
    "issue_panel_report": "Record the panel report sent",
    "respond_to_panel": "Record the council's response to the panel",
    "record_ombudsman_case": "Record an Ombudsman enquiry or investigation",
    "record_ombudsman_decision": "Record the Ombudsman's decision",
    "add_remedy": "Record a remedy the Ombudsman asked for",
    "record_remedy_evidence": "Record evidence sent to the Ombudsman",
    "complete_action": "Record an action as done",
    "sign_off_action": "Sign off a completed action",
    "set_point_themes": "Set the themes of a complaint point",
    "assign_handler": "Change who handles the case",
    "record_time": "Record time spent and fees",
    "archive": "Archive the complaint",
}

# Events that leave an archived complaint in the archive: book-keeping, not new work.
KEEPS_ARCHIVED: frozenset[str] = frozenset(
    {"archive", "record_time", "set_point_themes", "record_remedy_evidence", "assign_handler"}
)

# Steps open at any point of the procedure (or after it), as opposed to the steps of the stage
# the complaint is at: the case page groups "What you can do" by this.
ANY_POINT_EVENTS: frozenset[str] = frozenset(_ANY_OPEN) | frozenset(_ENDED)

ALL_EVENTS: frozenset[str] = frozenset(e for row in WORKFLOW.values() for e in row)
