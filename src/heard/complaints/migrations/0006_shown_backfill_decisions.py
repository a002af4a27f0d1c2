"""Decisions recorded before ``Decision`` existed, copied from the fields and events that hold
them, so the case page can read back old cases too (decision 017); and complaints already
refused as out of time moved to the status that says so.

Written with the historical models only. A complaint that already has decisions is left alone,
so running ``backfill`` again adds nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import migrations
from django.utils.timezone import localdate

STAGE1_REASONS = {
    "complex": "The complaint is complex",
    "advocate": "An advocate is being arranged",
}
PROCEEDINGS = {
    "court": "Court proceedings",
    "tribunal": "Tribunal",
    "criminal": "Police or criminal investigation",
    "disciplinary": "Disciplinary proceedings",
}
BREACHES = {
    "panel_meeting": "Panel meeting later than 30 working days after the request",
    "panel_report": "Panel report later than 5 working days after the meeting",
    "council_response": "Council response later than 15 working days after the panel report",
}


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not recorded"


def _yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def _letter(event: Any) -> date | None:
    raw = (event.details or {}).get("letter_sent_on") if event is not None else None
    return date.fromisoformat(raw) if raw else None


def _decisions_for(apps: Any, c: Any) -> list[Any]:
    """The decision rows one complaint's stored fields and events record."""
    Decision = apps.get_model("complaints", "Decision")
    CaseEvent = apps.get_model("audit", "CaseEvent")
    events = list(CaseEvent.objects.filter(complaint_id=c.pk).order_by("at", "id"))

    def last(name: str, **details: Any) -> Any:
        found = [
            e
            for e in events
            if e.name == f"complaint.{name}"
            and all((e.details or {}).get(k) == v for k, v in details.items())
        ]
        return found[-1] if found else None

    rows: list[Any] = []

    def add(kind: str, title: str, reasons: list[list[str]], event: Any, **fields: Any) -> None:
        fields.setdefault("decided_by_id", event.by_id if event is not None else None)
        if fields.get("decided_on") is None:
            fields["decided_on"] = localdate(event.at) if event is not None else c.received_on
        rows.append(
            Decision(
                complaint_id=c.pk,
                kind=kind,
                title=title,
                reasons=reasons,
                event=event,
                **fields,
            )
        )

    if c.out_of_time_decision:
        outcome = "to be considered" if c.out_of_time_decision == "accepted" else "refused"
        add(
            "out_of_time",
            f"Complaint made more than 12 months later: {outcome}",
            [
                ["Why the complaint was not made earlier", c.out_of_time_why_not_earlier],
                [
                    "Whether it can still be considered fairly and effectively",
                    c.out_of_time_fair_consideration,
                ],
            ],
            last("refuse_out_of_time") or last("decide_out_of_time"),
            decided_by_id=c.out_of_time_decided_by_id,
            decided_on=c.out_of_time_decided_on,
        )
    for person in apps.get_model("complaints", "Complainant").objects.filter(
        complaint_id=c.pk, sufficient_interest__isnull=False
    ):
        outcome = "has" if person.sufficient_interest else "does not have"
        add(
            "sufficient_interest",
            f"{person.name} {outcome} a sufficient interest",
            [
                [
                    "Were the child's views sought?",
                    _yes_no(person.sufficient_interest_child_views_sought),
                ],
                [
                    "Were the child's views taken into account?",
                    _yes_no(person.sufficient_interest_child_views_considered),
                ],
                [
                    "Was the child told of the decision?",
                    _yes_no(person.sufficient_interest_child_notified),
                ],
            ],
            last("record_sufficient_interest", complainant=person.pk),
            decided_by_id=person.sufficient_interest_decided_by_id,
            decided_on=person.sufficient_interest_decided_on,
            letter_sent_on=person.sufficient_interest_letter_on,
        )
    for deferral in apps.get_model("complaints", "Deferral").objects.filter(complaint_id=c.pk):
        verb = "Excluded" if deferral.excluded else "Deferred"
        event = last("record_deferral", deferral=deferral.pk)
        add(
            "deferral",
            f"{verb} because of proceedings",
            [
                [
                    "Proceedings",
                    f"{PROCEEDINGS.get(deferral.proceedings, deferral.proceedings)}: {deferral.proceedings_detail}",
                ],
                ["Parts of the complaint affected", deferral.parts_affected],
                ["Why", deferral.reason],
                ["To be reviewed on", _day(deferral.review_on)],
            ],
            event,
            decided_by_id=deferral.decided_by_id,
            decided_on=localdate(event.at) if event is not None else deferral.notice_sent_on,
            letter_sent_on=deferral.notice_sent_on,
        )
    s1 = apps.get_model("complaints", "Stage1").objects.filter(complaint_id=c.pk).first()
    if s1 is not None and s1.extended_on:
        event = last("extend_stage1")
        reasons = [["Reason", STAGE1_REASONS.get(s1.extension_reason, s1.extension_reason)]]
        if s1.extension_detail:
            reasons.append(["Details", s1.extension_detail])
        reasons.append(["Due date", f"Extended to {_day(s1.due_on)}"])
        add(
            "stage1_extension",
            "Stage 1 extended",
            reasons,
            event,
            decided_on=s1.extended_on,
            letter_sent_on=_letter(event),
        )
    s2 = apps.get_model("complaints", "Stage2").objects.filter(complaint_id=c.pk).first()
    if s2 is not None:
        if s2.request_was_late and s2.late_request_reasons:
            add(
                "late_stage2_request",
                "Late Stage 2 request accepted",
                [
                    ["Request received", _day(s2.requested_on)],
                    ["Why it is accepted", s2.late_request_reasons],
                ],
                last("request_stage2"),
                decided_by_id=s2.late_request_decided_by_id,
            )
        if s2.refused_on:
            event = last("refuse_stage2")
            add(
                "stage2_refusal",
                "Stage 2 request refused",
                [["Why the request was refused", s2.refusal_reasons]],
                event,
                decided_on=s2.refused_on,
                signed_off_by_id=s2.refusal_signed_off_by_id,
                letter_sent_on=_letter(event),
            )
        for event in [e for e in events if e.name == "complaint.extend_stage2"]:
            add(
                "stage2_extension",
                "Stage 2 extended",
                [
                    ["Reason", (event.details or {}).get("reason", "")],
                    [
                        "Due date",
                        f"Extended to {_day(date.fromisoformat(event.details['to']))}"
                        if (event.details or {}).get("to")
                        else "Not recorded",
                    ],
                ],
                event,
                letter_sent_on=_letter(event),
            )
        if s2.closed_for_non_engagement_on:
            event = last("close_for_non_engagement")
            add(
                "non_engagement",
                "Closed because the complainant did not engage",
                [["Why", s2.non_engagement_reasons]],
                event,
                decided_on=s2.closed_for_non_engagement_on,
                letter_sent_on=_letter(event),
            )
        if s2.reopened_on:
            add(
                "reopened",
                "Investigation reopened for exceptional reasons",
                [["Exceptional reasons", s2.reopen_reasons]],
                last("reopen"),
                decided_on=s2.reopened_on,
            )
    closed = last("close")
    if closed is not None:
        add(
            "closed",
            "Complaint closed",
            [["Why", (closed.details or {}).get("reason", "")]],
            closed,
        )
    for point in apps.get_model("complaints", "ComplaintPoint").objects.filter(
        complaint_id=c.pk, added_exceptionally=True
    ):
        add(
            "exceptional_point",
            f"Point {point.number} added after the statement was agreed",
            [
                ["The point", point.text],
                ["Desired outcome", point.desired_outcomes],
                ["Exceptional reasons", point.exception_reasons],
            ],
            last("add_point_exceptionally", point=point.number),
            decided_by_id=point.exception_decided_by_id,
        )
    for a in apps.get_model("complaints", "Appointment").objects.filter(
        complaint_id=c.pk, former_staff_warning_acknowledged=True
    ):
        event = last("appoint", person=a.person_id)
        warnings = (event.details or {}).get("warnings", []) if event is not None else []
        add(
            "independence_warning",
            "Appointed despite a former-staff warning",
            [
                *(["Warning", w] for w in warnings),
                ["Conflict of interest declaration", a.conflict_declaration or "None recorded"],
            ],
            event,
            decided_by_id=a.appointed_by_id,
            decided_on=a.appointed_on,
        )
    s3 = apps.get_model("complaints", "Stage3").objects.filter(complaint_id=c.pk).first()
    if s3 is not None:
        if s3.late_decision_reasons:
            add(
                "late_stage3_request",
                "Late Stage 3 request accepted",
                [
                    ["Stage 3 should have been asked for by", _day(s3.request_by)],
                    ["Request received", _day(s3.requested_on)],
                    ["Why it is accepted", s3.late_decision_reasons],
                ],
                last("accept_stage3"),
                decided_on=s3.accepted_on,
            )
        if s3.refused_on:
            add(
                "stage3_refusal",
                "Stage 3 request refused",
                [["Why the request was refused", s3.refusal_reasons]],
                last("refuse_stage3"),
                decided_on=s3.refused_on,
                signed_off_by_id=s3.refusal_signed_off_by_id,
                letter_sent_on=s3.refusal_letter_sent_on,
            )
    for breach in apps.get_model("complaints", "Breach").objects.filter(complaint_id=c.pk):
        add(
            "stage3_delay",
            BREACHES.get(breach.kind, breach.kind),
            [
                ["Due by", _day(breach.due_on)],
                ["Happened, or now planned for", _day(breach.happened_on)],
                ["Reason for the delay", breach.reason],
            ],
            None,
            decided_by_id=breach.recorded_by_id,
            decided_on=localdate(breach.recorded_at),
            letter_sent_on=breach.letter_sent_on,
        )
    return rows


def backfill(apps: Any, schema_editor: Any) -> None:
    Complaint = apps.get_model("complaints", "Complaint")
    Decision = apps.get_model("complaints", "Decision")

    Complaint.objects.filter(status="intake", out_of_time_decision="refused").update(
        status="refused_out_of_time", due_on=None
    )
    for c in Complaint.objects.filter(status="refused_out_of_time", closed_on=None):
        c.closed_on = c.out_of_time_decided_on or c.received_on
        c.save(update_fields=["closed_on"])

    done = set(Decision.objects.values_list("complaint_id", flat=True))
    for c in Complaint.objects.exclude(pk__in=done).iterator():
        Decision.objects.bulk_create(_decisions_for(apps, c))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("complaints", "0005_shown_decisions_and_out_of_time_status"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
