"""What the banner says after a step is saved: what happened, in the past tense.

The step's label is an instruction ("Record a finding"), right for a button and a page title
but wrong after the event: "Record a finding: done." reads as if there were still something to
do. Each step says here what it did ("Finding recorded."). A step not listed falls back to a
plain "Saved: <label>." so a new step never shows an empty or misleading banner; the test of
this module checks that every step in the workflow is listed, so the fallback is a safety net.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heard.complaints.models.choices import AppointmentRole
from heard.complaints.workflow import EVENT_LABELS

DONE_MESSAGES: dict[str, str] = {
    "record_deferral": "Deferral recorded.",
    "end_deferral": "Deferral ended.",
    "acknowledge": "Acknowledgement recorded.",
    "update_parties": "Who the complaint is from and about has been updated.",
    "classify": "Procedure decided.",
    "record_sufficient_interest": "'Sufficient interest' decision recorded.",
    "decide_out_of_time": "Decision on the late complaint recorded.",
    "refuse_out_of_time": "Complaint refused as made more than 12 months later.",
    "record_advocacy": "Offer of an advocate recorded.",
    "start_stage1": "Stage 1 started.",
    "hand_over": "Complaint handed over to another procedure.",
    "close": "Complaint closed.",
    "assign_responder": "Stage 1 responder assigned.",
    "extend_stage1": "Stage 1 extended.",
    "record_stage1_response": "Stage 1 response recorded.",
    "request_stage2": "Request for Stage 2 recorded.",
    "accept_stage2": "Stage 2 request accepted.",
    "refuse_stage2": "Stage 2 request refused.",
    "appoint": "Appointment made.",
    "send_copy": "Copy of the complaint recorded as sent.",
    "extend_stage2": "Stage 2 extended.",
    "start_investigation": "Investigation started.",
    "record_first_contact": "First contact with the complainant recorded.",
    "save_statement": "Statement of Complaint saved.",
    "agree_statement": "Complainant's agreement to the statement recorded.",
    "add_point_exceptionally": "Complaint point added.",
    "record_consent": "Consent to access records recorded.",
    "grant_records_access": "Investigators given access to records.",
    "record_contact_attempt": "Contact attempt recorded.",
    "close_for_non_engagement": "Complaint closed for non-engagement.",
    "add_plan_item": "Added to the investigation plan.",
    "book_interview": "Interview booked.",
    "notify_interviewee": "Interviewee told they must attend.",
    "record_interview_notes": "Interview notes recorded.",
    "agree_interview_notes": "Interviewee's agreement of the notes recorded.",
    "request_records": "Records requested from staff.",
    "receive_records": "Records received recorded.",
    "record_finding": "Finding recorded.",
    "add_recommendation": "Recommendation added.",
    "send_fact_check": "Draft report recorded as sent for fact-checking.",
    "return_fact_check": "Fact-check's return recorded.",
    "finalise_report": "Report made final.",
    "record_ip_view": "Independent Person's view recorded.",
    "submit_ip_report": "Independent Person's report submitted.",
    "adjudicate": "Adjudication decisions recorded.",
    "send_adjudication_letter": "Adjudication letter recorded as sent.",
    "reopen": "Complaint reopened.",
    "agree_stage1_action": "Action agreed at Stage 1 recorded.",
    "request_stage3": "Request for Stage 3 recorded.",
    "accept_stage3": "Stage 3 request accepted.",
    "refuse_stage3": "Stage 3 request refused.",
    "stand_down": "Panel member stood down.",
    "schedule_panel": "Panel meeting date set.",
    "record_submission": "Submission to the panel recorded.",
    "record_attendee": "Panel attendee recorded.",
    "hold_panel": "Panel meeting recorded.",
    "add_panel_recommendation": "Panel recommendation added.",
    "issue_panel_report": "Panel report recorded as sent.",
    "respond_to_panel": "Council's response to the panel recorded.",
    "record_ombudsman_case": "Ombudsman enquiry or investigation recorded.",
    "record_ombudsman_decision": "Ombudsman's decision recorded.",
    "add_remedy": "Remedy the Ombudsman asked for recorded.",
    "record_remedy_evidence": "Evidence sent to the Ombudsman recorded.",
    "complete_action": "Action recorded as done.",
    "sign_off_action": "Action signed off.",
    "set_point_themes": "Themes of the complaint point saved.",
    "assign_handler": "Case handler changed.",
    "record_time": "Time spent and fees recorded.",
    "archive": "Complaint archived.",
}


def done_message(event: str, data: Mapping[str, Any] | None = None) -> str:
    """The banner after ``event`` was saved with the form's cleaned ``data``. An appointment
    names the role and the person ("Investigating Officer appointed: Sam Patel."), because
    the one appoint step serves every role."""
    data = data or {}
    if event == "appoint" and data.get("role") in AppointmentRole.values:
        role = AppointmentRole(data["role"]).label
        person = data.get("person")
        return f"{role} appointed: {person}." if person else f"{role} appointed."
    message = DONE_MESSAGES.get(event)
    if message is not None:
        return message
    return f"Saved: {EVENT_LABELS.get(event, event.replace('_', ' '))}."
