"""Findings, reports and adjudication (domain.md rules 25 to 29)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from heard.audit.versions import TextChange
from heard.complaints.actions.happened import check_happened_on
from heard.complaints.models import Complaint, ComplaintPoint, Stage2
from heard.complaints.models.choices import Finding as FindingOutcome
from heard.complaints.transitions import Refused, Step, check, transition
from heard.complaints.wording import name_points
from heard.decisions.models import (
    Action,
    Finding,
    IndependentPersonReport,
    IndependentPersonView,
    InvestigationReport,
    Recommendation,
)
from heard.people.models import User
from heard.timescales.dates import due, long_date


def _after_report(complaint: Complaint, on: date | None, what: str, field: str = "on") -> date:
    """A date after the Investigating Officer's report was final, and not in the future."""
    stage2 = getattr(complaint, "stage2", None)
    return check_happened_on(
        on,
        field=field,
        what=what,
        after=stage2.report_date if stage2 else None,
        after_what="the Investigating Officer's report was final",
    )


def _point(complaint: Complaint, point: ComplaintPoint) -> None:
    if point.complaint_id != complaint.pk:
        raise Refused("That point is not on this complaint.", field="point")


def record_finding(
    complaint: Complaint,
    *,
    by: User,
    point: ComplaintPoint,
    outcome: str,
    reasons: str,
) -> Finding:
    """Rule 25: exactly one finding per point, with reasons; only the appointed IO."""
    _point(complaint, point)
    if outcome not in FindingOutcome.values:
        raise Refused("Choose a finding.", field="outcome")
    if not reasons.strip():
        raise Refused("Give the reasons for the finding.", field="reasons")
    with transition(complaint, "record_finding", by=by) as step:
        earlier = Finding.objects.filter(point=point).first()
        step.keep_text(earlier, f"Finding on point {point.number}", reasons=reasons)
        finding, _ = Finding.objects.update_or_create(
            point=point, defaults={"outcome": outcome, "reasons": reasons, "recorded_by": by}
        )
        InvestigationReport.objects.get_or_create(complaint=step.complaint)
        step.summary = f"Finding on point {point.number}: {FindingOutcome(outcome).label}"
        step.details = {
            "finding": finding.pk,
            "point": point.number,
            "outcome": {"before": earlier.outcome if earlier else None, "after": outcome},
        }
    return finding


def add_recommendation(complaint: Complaint, *, by: User, text: str) -> Recommendation:
    if not text.strip():
        raise Refused("Write the recommendation.", field="text")
    with transition(complaint, "add_recommendation", by=by) as step:
        number = (
            step.complaint.recommendations.filter(stage=2)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        recommendation = Recommendation.objects.create(
            complaint=step.complaint, stage=2, number=number, text=text
        )
        step.summary = f"Recommendation {number} added"
        step.details = {"recommendation": recommendation.pk, "number": number, "stage": 2}
    return recommendation


def send_fact_check(complaint: Complaint, *, by: User, sent_on: date) -> InvestigationReport:
    """Rule 27: the draft goes out for fact-checking; the date is recorded."""
    stage2 = getattr(complaint, "stage2", None)
    check_happened_on(
        sent_on,
        field="sent_on",
        what="The date the draft was sent",
        after=stage2.investigation_started_on if stage2 else None,
        after_what="the investigation started",
    )
    with transition(complaint, "send_fact_check", by=by) as step:
        step.on = sent_on
        report, _ = InvestigationReport.objects.get_or_create(complaint=step.complaint)
        InvestigationReport.objects.filter(pk=report.pk).update(
            fact_check_sent_on=sent_on, fact_check_returned_on=None
        )
        step.summary = f"Draft report sent for fact-checking on {long_date(sent_on)}"
        step.details = {
            "report": report.pk,
            "sent_on": sent_on.isoformat(),
            "returned_on_cleared": report.fact_check_returned_on is not None,
        }
    report.refresh_from_db()
    return report


def return_fact_check(
    complaint: Complaint, *, by: User, returned_on: date, comments: str
) -> InvestigationReport:
    report = getattr(complaint, "investigation_report", None)
    if report is None or report.fact_check_sent_on is None:
        raise Refused("The draft has not been sent for fact-checking.")
    if returned_on < report.fact_check_sent_on:
        raise Refused("It cannot come back before it was sent.", field="returned_on")
    check_happened_on(returned_on, field="returned_on", what="The date it came back")
    with transition(complaint, "return_fact_check", by=by) as step:
        step.keep_text(report, "Fact-check of the draft report", fact_check_comments=comments)
        step.on = returned_on
        InvestigationReport.objects.filter(pk=report.pk).update(
            fact_check_returned_on=returned_on, fact_check_comments=comments
        )
        step.summary = f"Fact-check returned on {long_date(returned_on)}"
        step.details = {"report": report.pk, "returned_on": returned_on.isoformat()}
    report.refresh_from_db()
    return report


def finalise_report(
    complaint: Complaint, *, by: User, final_on: date, summary: str = ""
) -> InvestigationReport:
    """Rule 25 and 27: guards refuse while a point lacks a finding or the fact-check is open."""
    check_happened_on(final_on, field="final_on", what="The date")
    with transition(complaint, "finalise_report", by=by) as step:
        step.on = final_on
        report, _ = InvestigationReport.objects.get_or_create(complaint=step.complaint)
        returned = report.fact_check_returned_on
        if returned is not None and final_on < returned:
            raise Refused(
                f"The report cannot be final before the fact-check came back on "
                f"{long_date(returned)}.",
                field="final_on",
            )
        step.keep_text(report, "Investigating Officer's report", summary=summary)
        InvestigationReport.objects.filter(pk=report.pk).update(final_on=final_on, summary=summary)
        Stage2.objects.filter(complaint=step.complaint).update(report_date=final_on)
        step.summary = f"Investigating Officer's report final on {long_date(final_on)}"
        step.details = {"report": report.pk, "final_on": final_on.isoformat()}
    report.refresh_from_db()
    return report


def record_ip_view(
    complaint: Complaint,
    *,
    by: User,
    point: ComplaintPoint,
    agrees: bool,
    comments: str,
) -> IndependentPersonView:
    """Rule 26: the IP agrees or disagrees with each finding; disagreement needs reasons."""
    _point(complaint, point)
    if not agrees and not comments.strip():
        raise Refused("Say why you disagree with the finding.", field="comments")
    with transition(complaint, "record_ip_view", by=by) as step:
        earlier = IndependentPersonView.objects.filter(point=point).first()
        step.keep_text(
            earlier, f"Independent Person's view on point {point.number}", comments=comments
        )
        view, _ = IndependentPersonView.objects.update_or_create(
            point=point, defaults={"agrees": agrees, "comments": comments}
        )
        step.details = {
            "view": view.pk,
            "point": point.number,
            "agrees": {"before": earlier.agrees if earlier else None, "after": agrees},
        }
        step.summary = (
            f"Independent Person {'agrees' if agrees else 'disagrees'} with the finding on "
            f"point {point.number}"
        )
    return view


def submit_ip_report(
    complaint: Complaint,
    *,
    by: User,
    fair_and_complete: bool,
    concerns: str,
    submitted_on: date,
) -> IndependentPersonReport:
    """Rule 26: every finding has a view; unfairness or gaps are explained."""
    missing = [p for p in complaint.points.all() if not hasattr(p, "ip_view")]
    if missing:
        raise Refused(
            f"Record your view on every finding first. Still without one: {name_points(missing)}."
        )
    if not fair_and_complete and not concerns.strip():
        raise Refused("Say why the investigation was unfair or incomplete.", field="concerns")
    _after_report(complaint, submitted_on, "The date submitted", "submitted_on")
    with transition(complaint, "submit_ip_report", by=by) as step:
        earlier = IndependentPersonReport.objects.filter(complaint=step.complaint).first()
        step.keep_text(earlier, "Independent Person's report", concerns=concerns)
        step.on = submitted_on
        report, _ = IndependentPersonReport.objects.update_or_create(
            complaint=step.complaint,
            defaults={
                "investigation_fair_and_complete": fair_and_complete,
                "concerns": concerns,
                "submitted_on": submitted_on,
                "submitted_by": by,
            },
        )
        step.summary = "Independent Person's report submitted"
        step.details = {
            "report": report.pk,
            "fair_and_complete": fair_and_complete,
            "submitted_on": submitted_on.isoformat(),
        }
    return report


@dataclass(frozen=True)
class FindingDecision:
    point_number: int
    accepted: bool
    reasons: str


@dataclass(frozen=True)
class RecommendationDecision:
    number: int
    accepted: bool
    reasons: str
    action: str = ""
    owner: str = ""
    due_on: date | None = None


def check_recommendation_decisions(
    complaint: Complaint, stage: int, decisions: list[RecommendationDecision]
) -> dict[int, Recommendation]:
    """Rules 28 and 37: one decision on every recommendation of the stage, reasons always, and
    an action with an owner and due date for each accepted one. Returns the recommendations by
    number; raises ``Refused`` before anything is saved."""
    recs = {r.number: r for r in complaint.recommendations.filter(stage=stage)}
    numbers = [d.number for d in decisions]
    if len(numbers) != len(recs) or set(numbers) != set(recs):
        raise Refused("Decide on every recommendation.", field="recommendations")
    for decision in decisions:
        if not decision.reasons.strip():
            raise Refused(
                f"Give the reasons for the decision on recommendation {decision.number}.",
                field="recommendations",
            )
        if decision.accepted and not (
            decision.action.strip() and decision.owner.strip() and decision.due_on
        ):
            raise Refused(
                f"Recommendation {decision.number} is accepted: give the action, its owner and "
                "its due date.",
                field="recommendations",
            )
    return recs


def _action_wording(description: str, owner: str, due_on: date | None) -> str:
    """An agreed action as one line, so a replaced action can be kept as a text version."""
    when = f"{due_on.day} {due_on:%B %Y}" if due_on else "no date"
    return f"{description} ({owner}, due {when})"


def apply_recommendation_decisions(
    complaint: Complaint,
    recs: dict[int, Recommendation],
    decisions: list[RecommendationDecision],
    by: User,
    step: Step | None = None,
) -> None:
    """Store each decision and make an action for each accepted recommendation (rule 38).
    Deciding again replaces the earlier action; pass the transition's ``step`` so the earlier
    reasons are kept as a version. Call inside the event's transition."""
    for decision in decisions:
        rec = recs[decision.number]
        if step is not None:
            step.keep_text(
                rec,
                f"Decision on Stage {rec.stage} recommendation {rec.number}",
                decision_reasons=decision.reasons,
            )
        Recommendation.objects.filter(pk=rec.pk).update(
            accepted=decision.accepted, decision_reasons=decision.reasons, decided_by=by
        )
        replaced = Action.objects.filter(recommendation=rec).first()
        if step is not None and replaced is not None:
            after = (
                _action_wording(decision.action, decision.owner, decision.due_on)
                if decision.accepted
                else "No action: the recommendation is not accepted"
            )
            before = _action_wording(replaced.description, replaced.owner, replaced.due_on)
            if before != after:
                step.texts.append(
                    TextChange(
                        model=Recommendation._meta.label_lower,
                        object_id=rec.pk,
                        field="action",
                        label=f"Agreed action for Stage {rec.stage} recommendation {rec.number}",
                        before=before,
                        after=after,
                    )
                )
        Action.objects.filter(recommendation=rec).delete()
        # check_recommendation_decisions refused an accepted one without a due date.
        if decision.accepted and decision.due_on is not None:
            Action.objects.create(
                recommendation=rec,
                complaint=complaint,
                description=decision.action,
                owner=decision.owner,
                due_on=decision.due_on,
            )


def adjudicate(
    complaint: Complaint,
    *,
    by: User,
    findings: list[FindingDecision],
    recommendations: list[RecommendationDecision],
    on: date | None = None,
) -> None:
    """Rule 28: a decision on every finding and recommendation; an action for each accepted.

    ``on`` is the date of the adjudication; today when None."""
    decided = [d.point_number for d in findings]
    on_complaint = list(complaint.points.all())
    numbers = [p.number for p in on_complaint]
    missing = [p for p in on_complaint if p.number not in decided]
    if missing:
        raise Refused(
            f"Decide on every finding. Still without a decision: {name_points(missing)}.",
            field="findings",
        )
    if len(decided) != len(numbers):
        raise Refused(
            "Give one decision for each point, and only for points on this complaint.",
            field="findings",
        )
    for finding in findings:
        if not finding.reasons.strip():
            raise Refused("Give reasons for each decision.", field="findings")
    recs = check_recommendation_decisions(complaint, 2, recommendations)
    day = _after_report(complaint, on, "The date of the adjudication")
    with transition(complaint, "adjudicate", by=by) as step:
        step.on = day
        points = {p.number: p for p in step.complaint.points.all()}
        for decision in findings:
            step.keep_text(
                Finding.objects.filter(point=points[decision.point_number]).first(),
                f"Adjudication of the finding on point {decision.point_number}",
                adjudication_reasons=decision.reasons,
            )
            Finding.objects.filter(point=points[decision.point_number]).update(
                adjudication_accepted=decision.accepted, adjudication_reasons=decision.reasons
            )
        apply_recommendation_decisions(step.complaint, recs, recommendations, by, step)
        Stage2.objects.filter(complaint=step.complaint).update(adjudication_date=day)
        step.summary = "Adjudication decisions recorded"
        step.details = {
            "findings": {d.point_number: d.accepted for d in findings},
            "recommendations": {d.number: d.accepted for d in recommendations},
        }


def send_adjudication_letter(complaint: Complaint, *, by: User, sent_on: date) -> Stage2:
    """Rule 29: Stage 2 is complete only now; timeliness is judged on this date."""
    check(complaint, "send_adjudication_letter", by)  # status and role first
    stage2 = complaint.stage2
    if stage2.adjudication_date is None:
        raise Refused("Record the adjudication decisions before the letter.")
    check_happened_on(
        sent_on,
        field="sent_on",
        what="The date",
        after=stage2.adjudication_date,
        after_what="the adjudication",
    )
    with transition(complaint, "send_adjudication_letter", by=by) as step:
        step.on = sent_on
        stage2.adjudication_letter_sent_on = sent_on
        stage2.stage3_request_by = due(sent_on, "stage3_request")
        stage2.save(update_fields=["adjudication_letter_sent_on", "stage3_request_by"])
        step.summary = (
            f"Adjudication letter sent on {long_date(sent_on)}: Stage 2 complete "
            f"({stage2.completed_within}); Stage 3 may be requested by "
            f"{long_date(stage2.stage3_request_by)}"
        )
        step.details = {"completed_within": stage2.completed_within}
    return stage2
