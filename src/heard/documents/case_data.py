"""The case as plain data: all a letter or report template may see.

Templates run in a sandbox (``sandbox.py``) and are handed only what this module builds:
dicts, lists, strings, numbers and booleans, never a model. Dates are given twice, as words
for printing ("3 December 2026", under the field's name) and as ISO dates for comparing
(``..._iso``), so a template needs no filter to write a date the way a letter should.

The same dict is stored with each document (``Document.data``), so what a letter was made from
is kept exactly, beside the text.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from heard.complaints.models import Appointment, Complaint, ComplaintPoint
from heard.complaints.models.choices import AppointmentRole, Format
from heard.decisions.models import Recommendation
from heard.documents.formats import council
from heard.investigations.models import Interview
from heard.people.models import person_name
from heard.prefetching import OneReader, prefetch


def words(day: date | None) -> str:
    """A date as a letter writes it: "3 December 2026" (empty when there is none)."""
    return f"{day:%-d %B %Y}" if day else ""


def _dates(**days: date | None) -> dict[str, str]:
    """Each date as words under its name and as an ISO date under ``<name>_iso``."""
    out: dict[str, str] = {}
    for name, day in days.items():
        out[name] = words(day)
        out[f"{name}_iso"] = day.isoformat() if day else ""
    return out


def ombudsman() -> dict[str, str]:
    """How to reach the Local Government and Social Care Ombudsman (settings, so a change of
    number or address is a setting, not a template edit in every letter)."""
    return {
        "name": settings.OMBUDSMAN_NAME,
        "website": settings.OMBUDSMAN_WEBSITE,
        "phone": settings.OMBUDSMAN_PHONE,
    }


# What each stage adds to the case, read only once the case has that stage: most letters
# are drafted before Stage 2, and a letter is drafted inside its step's transaction, so the
# read is kept to what the case can hold (decision 038).
_ALWAYS: tuple[str | Prefetch[Any], ...] = (
    "complainants",
    "children",
    "deferrals",
    "breaches",
    Prefetch("appointments", Appointment.objects.select_related("person")),
    Prefetch("recommendations", Recommendation.objects.select_related("action")),
)
_STAGE2: tuple[str | Prefetch[Any], ...] = (
    Prefetch("points", ComplaintPoint.objects.select_related("finding", "ip_view")),
    "records_consents",
    "contact_attempts",
    Prefetch("interviews", Interview.objects.select_related("room")),
    "records_requests",
)
_STAGE3: tuple[str | Prefetch[Any], ...] = ("panel_submissions", "panel_attendees")


# The complaint and its one-to-ones, by a query compiled once (``heard.prefetching``): Django
# took longer to build the seven-join query than the database took to answer it.
_CASE = OneReader(
    Complaint,
    (
        "handler",
        "stage1",
        "stage2",
        "stage3",
        "investigation_report",
        "ip_report",
        "panel_report",
    ),
)


def read_case(pk: int) -> Complaint:
    """The complaint with everything ``case_data`` reads: one query for the complaint and its
    one-to-ones, then one per kind of record its stage can hold, each compiled once."""
    found = _CASE.get(pk)
    if found is None:
        raise Complaint.DoesNotExist(f"no complaint {pk}")
    complaint = cast(Complaint, found)
    lookups = list(_ALWAYS)
    if getattr(complaint, "stage2", None) is not None:
        lookups.extend(_STAGE2)
    if getattr(complaint, "stage3", None) is not None:
        lookups.extend(_STAGE3)
    if getattr(complaint, "panel_report", None) is not None:
        lookups.append("panel_report__circulation")
    prefetch(complaint, lookups)
    return complaint


def _rows(complaint: Complaint, name: str) -> list[Any]:
    """The records ``read_case`` read for ``name``; none when the case's stage cannot hold
    them yet (so nothing here ever queries on its own)."""
    cache = getattr(complaint, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else []


def name_of(user: Any) -> str:
    """A person as letters name them: Heard's one rule for a name (``people.person_name``)."""
    if user is None:
        return ""
    return person_name(user.first_name, user.last_name, user.get_username())


def case_data(complaint: Complaint, today: date) -> dict[str, Any]:
    """Everything a template may print about ``complaint`` (read by ``read_case``)."""
    complainants = [
        {
            "name": c.name,
            "relationship": c.get_relationship_display(),
            "address": c.address,
            "email": c.email,
            "sufficient_interest": c.sufficient_interest,
            **_dates(sufficient_interest_decided_on=c.sufficient_interest_decided_on),
        }
        for c in _rows(complaint, "complainants")
    ]
    children: list[dict[str, Any]] = [
        {"name": c.name, "looked_after": c.looked_after, "care_leaver": c.care_leaver}
        for c in _rows(complaint, "children")
    ]
    advocate = None
    if complaint.advocate_name:
        advocate = {
            "name": complaint.advocate_name,
            "organisation": complaint.advocate_organisation,
            "contact": complaint.advocate_contact,
        }
    appointments = [a for a in _rows(complaint, "appointments") if a.ended_on is None]
    by_role: dict[str, list[dict[str, Any]]] = {}
    for appointment in appointments:
        by_role.setdefault(appointment.role, []).append(
            {
                "name": name_of(appointment.person),
                "email": appointment.person.email,
                "role": appointment.get_role_display(),
                **_dates(appointed_on=appointment.appointed_on),
            }
        )

    def first(role: str) -> dict[str, Any] | None:
        people = by_role.get(role)
        return people[0] if people else None

    points = []
    for point in sorted(_rows(complaint, "points"), key=lambda p: p.number):
        finding = getattr(point, "finding", None)
        ip_view = getattr(point, "ip_view", None)
        points.append(
            {
                "number": point.number,
                "text": point.text,
                "desired_outcomes": point.desired_outcomes,
                "added_exceptionally": point.added_exceptionally,
                "finding": None
                if finding is None
                else {
                    "outcome": finding.get_outcome_display(),
                    "reasons": finding.reasons,
                    "adjudication_accepted": finding.adjudication_accepted,
                    "adjudication_reasons": finding.adjudication_reasons,
                },
                "ip_view": None
                if ip_view is None
                else {"agrees": ip_view.agrees, "comments": ip_view.comments},
            }
        )
    recommendations = []
    for rec in sorted(_rows(complaint, "recommendations"), key=lambda r: (r.stage, r.number)):
        action = getattr(rec, "action", None)
        recommendations.append(
            {
                "stage": rec.stage,
                "number": rec.number,
                "text": rec.text,
                "accepted": rec.accepted,
                "decision_reasons": rec.decision_reasons,
                "action": None
                if action is None
                else {
                    "description": action.description,
                    "owner": action.owner,
                    **_dates(due_on=action.due_on),
                },
            }
        )
    data: dict[str, Any] = {
        "council": {**council(), "signatory": settings.COUNCIL_SIGNATORY},
        "ombudsman": ombudsman(),
        **_dates(today=today),
        "complaint": {
            "reference": complaint.reference,
            "summary": complaint.summary,
            "team": complaint.team,
            "received_how": complaint.received_how,
            "route": complaint.get_route_display() if complaint.route else "",
            "statutory": complaint.is_statutory,
            "language": complaint.language,
            "format": complaint.get_preferred_format_display(),
            "large_print": complaint.preferred_format == Format.LARGE_PRINT,
            "adjustments": complaint.adjustments,
            "handler": name_of(complaint.handler),
            "out_of_time_decision": complaint.out_of_time_decision,
            "out_of_time_why_not_earlier": complaint.out_of_time_why_not_earlier,
            "out_of_time_fair_consideration": complaint.out_of_time_fair_consideration,
            **_dates(
                received_on=complaint.received_on,
                acknowledged_on=complaint.acknowledged_on,
                acknowledgement_due_on=complaint.acknowledgement_due_on,
                earliest_event_on=complaint.earliest_event_on,
                advocacy_offered_on=complaint.advocacy_offered_on,
                out_of_time_decided_on=complaint.out_of_time_decided_on,
                closed_on=complaint.closed_on,
            ),
        },
        "complainants": complainants,
        "children": children,
        "child_names": _and([c["name"] for c in children]),
        "advocate": advocate,
        "deferrals": [
            {
                "proceedings": d.get_proceedings_display(),
                "detail": d.proceedings_detail,
                "parts_affected": d.parts_affected,
                "reason": d.reason,
                "excluded": d.excluded,
                **_dates(review_on=d.review_on, notice_sent_on=d.notice_sent_on),
            }
            for d in _rows(complaint, "deferrals")
            if d.ended_on is None
        ],
        "investigating_officer": first(AppointmentRole.INVESTIGATING_OFFICER),
        "independent_person": first(AppointmentRole.INDEPENDENT_PERSON),
        "adjudicator": first(AppointmentRole.ADJUDICATOR),
        "stage1_responder": first(AppointmentRole.STAGE1_RESPONDER),
        "panel_chair": first(AppointmentRole.PANEL_CHAIR),
        "panel_members": by_role.get(AppointmentRole.PANEL_MEMBER, []),
        "points": points,
        "recommendations": [r for r in recommendations if r["stage"] == 2],
        "panel_recommendations": [r for r in recommendations if r["stage"] == 3],
        "stage1_recommendations": [r for r in recommendations if r["stage"] == 1],
        "stage1": _stage1(complaint),
        "stage2": _stage2(complaint),
        "stage3": _stage3(complaint),
        "breaches": [
            {
                "kind": b.get_kind_display(),
                "reason": b.reason,
                **_dates(due_on=b.due_on, happened_on=b.happened_on),
            }
            for b in _rows(complaint, "breaches")
        ],
        "interviews": [
            {
                "interviewee": i.interviewee,
                "room": i.room.name,
                "location": i.room.location,
                "starts_at": f"{timezone.localtime(i.starts_at):%-d %B %Y at %-I:%M%p}".replace(
                    "AM", "am"
                ).replace("PM", "pm"),
                "attendees": i.attendees,
                "what_is_expected": i.what_is_expected,
                "notes": i.notes,
                **_dates(notes_agreed_on=i.notes_agreed_on, notified_on=i.notified_on),
            }
            for i in _rows(complaint, "interviews")
        ],
        "records_requests": [
            {
                "requested_from": r.requested_from,
                "description": r.description,
                **_dates(requested_on=r.requested_on, due_on=r.due_on, received_on=r.received_on),
            }
            for r in _rows(complaint, "records_requests")
        ],
        "contact_attempts": [
            {
                "method": a.get_method_display(),
                "outcome": a.get_outcome_display(),
                "notes": a.notes,
                **_dates(made_on=a.made_on),
            }
            for a in _rows(complaint, "contact_attempts")
        ],
        "records_consent": _consent(complaint),
        "panel_submissions": [
            {
                "source": s.get_source_display(),
                "name": s.name,
                "oral": s.oral,
                "summary": s.summary,
                **_dates(received_on=s.received_on),
            }
            for s in _rows(complaint, "panel_submissions")
        ],
        "panel_attendees": [
            {"name": a.name, "capacity": a.get_capacity_display()}
            for a in _rows(complaint, "panel_attendees")
        ],
    }
    return data


def _and(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _stage1(complaint: Complaint) -> dict[str, Any] | None:
    s1 = getattr(complaint, "stage1", None)
    if s1 is None:
        return None
    return {
        "extension_reason": s1.get_extension_reason_display() if s1.extension_reason else "",
        "extension_detail": s1.extension_detail,
        "resolved": s1.resolved,
        "terms_of_resolution": s1.terms_of_resolution,
        "response_summary": s1.response_summary,
        **_dates(
            started_on=s1.started_on,
            due_on=s1.due_on,
            cap_on=s1.cap_on,
            extended_on=s1.extended_on,
            response_sent_on=s1.response_sent_on,
            stage2_request_by=s1.stage2_request_by,
        ),
    }


def _stage2(complaint: Complaint) -> dict[str, Any] | None:
    s2 = getattr(complaint, "stage2", None)
    if s2 is None:
        return None
    report = getattr(complaint, "investigation_report", None)
    ip_report = getattr(complaint, "ip_report", None)
    return {
        "request_details": s2.request_details,
        "request_was_late": s2.request_was_late,
        "late_request_reasons": s2.late_request_reasons,
        "refusal_reasons": s2.refusal_reasons,
        "extension_reason": s2.extension_reason,
        "non_engagement_reasons": s2.non_engagement_reasons,
        "report_summary": report.summary if report else "",
        "fact_check_comments": report.fact_check_comments if report else "",
        "ip_report": None
        if ip_report is None
        else {
            "fair_and_complete": ip_report.investigation_fair_and_complete,
            "concerns": ip_report.concerns,
            **_dates(submitted_on=ip_report.submitted_on),
        },
        **_dates(
            requested_on=s2.requested_on,
            accepted_on=s2.accepted_on,
            refused_on=s2.refused_on,
            start_on=s2.start_on,
            due_on=s2.due_on,
            cap_on=s2.cap_on,
            request_due_on=s2.request_due_on,
            extended_on=s2.extended_on,
            first_contact_on=s2.first_contact_on,
            statement_due_on=s2.statement_due_on,
            statement_agreed_on=s2.statement_agreed_on,
            investigation_started_on=s2.investigation_started_on,
            report_date=s2.report_date,
            adjudication_date=s2.adjudication_date,
            adjudication_letter_sent_on=s2.adjudication_letter_sent_on,
            stage3_request_by=s2.stage3_request_by,
            closed_for_non_engagement_on=s2.closed_for_non_engagement_on,
            fact_check_sent_on=report.fact_check_sent_on if report else None,
            fact_check_returned_on=report.fact_check_returned_on if report else None,
            report_final_on=report.final_on if report else None,
        ),
    }


def _stage3(complaint: Complaint) -> dict[str, Any] | None:
    s3 = getattr(complaint, "stage3", None)
    if s3 is None:
        return None
    panel_report = getattr(complaint, "panel_report", None)
    return {
        "what_remains": s3.what_remains,
        "request_was_late": s3.request_was_late,
        "late_decision_reasons": s3.late_decision_reasons,
        "refusal_reasons": s3.refusal_reasons,
        "meeting_place": s3.meeting_place,
        "complainant_availability": s3.complainant_availability,
        "ip_participation": s3.ip_participation,
        "report": None
        if panel_report is None
        else {
            "summary_of_representations": panel_report.summary_of_representations,
            "circulation": [
                {"kind": c.get_kind_display(), "name": c.name, **_dates(sent_on=c.sent_on)}
                for c in panel_report.circulation.all()
            ],
            **_dates(sent_on=panel_report.sent_on),
        },
        **_dates(
            requested_on=s3.requested_on,
            request_by=s3.request_by,
            accepted_on=s3.accepted_on,
            refused_on=s3.refused_on,
            panel_due_on=s3.panel_due_on,
            meeting_on=s3.meeting_on,
            met_on=s3.met_on,
            report_due_on=s3.report_due_on,
            report_received_on=s3.report_received_on,
            response_due_on=s3.response_due_on,
            response_sent_on=s3.response_sent_on,
        ),
    }


def _consent(complaint: Complaint) -> dict[str, Any] | None:
    consents = list(_rows(complaint, "records_consents"))
    if not consents:
        return None
    latest = consents[-1]
    return {
        "signed_by": latest.signed_by,
        "scope": latest.scope,
        "other_lawful_basis": latest.other_lawful_basis,
        **_dates(signed_on=latest.signed_on),
    }
