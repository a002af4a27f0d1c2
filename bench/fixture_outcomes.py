"""What came of each benchmark case: the rows the pages across cases read.

``generate_cases.py`` makes each complaint and its parties, stages and appointments; this
adds, for the same complaint, in proportions a large council's records would show:

* complaint points (one to four) on every case whose Stage 2 statement was saved, most with
  one or two themes from the managed list;
* the Investigating Officer's findings, on every point once the report is final and on some
  points of cases still being investigated: about 40% upheld or partially upheld, and one in
  twenty rejected at adjudication;
* Stage 2 recommendations (most cases with an upheld finding have one to three; the
  adjudicator accepts about 85%), and a Stage 1 action agreed on one in ten resolved Stage 1s;
* an action for every accepted recommendation, owned by a named post, due a few weeks after
  the decision: the old ones nearly all signed off, the recent ones open, done or signed
  off, so about one in seventeen is overdue (some 1,400 at 100,000 complaints);
* Stage 3 on about 5% of complete Stage 2 cases (one in twelve refused), with the panel
  appointed from the pool, the panel's recommendations, and a ``Breach`` for each of the
  three deadlines when it was missed (about one in seven for each);
* an Ombudsman enquiry or investigation on about 1% of ended cases (more after Stage 3 or a
  refusal), with remedies, each carried by an action, when fault was found;
* time and fees recorded on most independent officers' appointments of the last 18 months.

A second random source, seeded apart from the generator's, makes every choice here, so the
complaints and rows the generator made before these were added are the same as they were
(only the few complaints taken on to Stage 3 change status).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import models
from fixture_rows import Days, Pool, Rows

from heard.audit.models import CaseEvent
from heard.complaints.models import (
    Appointment,
    Breach,
    Complaint,
    ComplaintPoint,
    Stage1,
    Stage2,
    Stage3,
    TimeEntry,
)
from heard.complaints.models.choices import AppointmentRole, BreachKind, Channel, Route, Status
from heard.complaints.models.choices import Finding as Outcome
from heard.decisions.models import Action, Finding, Recommendation
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import Theme
from heard.people.roles import StaffRole

PointTheme = ComplaintPoint.themes.through
RowsByModel = dict[type[models.Model], list[Any]]

# The order a chunk's rows are written in: every parent before the rows that point to it.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    Stage3,
    TimeEntry,
    ComplaintPoint,
    PointTheme,
    Finding,
    Recommendation,
    Action,
    OmbudsmanCase,
    Remedy,
    Breach,
)

STAGE3_SHARE = 0.05  # of complete Stage 2 cases
STAGE3_REFUSED_SHARE = 0.08
OMBUDSMAN_SHARE: dict[str, float] = {
    Status.CLOSED: 0.003,
    Status.CLOSED_NON_ENGAGEMENT: 0.05,
    Status.STAGE2_COMPLETE: 0.03,
    Status.STAGE2_REFUSED: 0.15,
    Status.STAGE3_COMPLETE: 0.25,
    Status.STAGE3_REFUSED: 0.30,
}
STAGE1_ACTION_SHARE = 0.10  # of Stage 1 responses that resolved the complaint
TIME_WINDOW = timedelta(days=540)  # time recording began about 18 months ago
PAID_ROLES = frozenset(
    {
        AppointmentRole.INVESTIGATING_OFFICER,
        AppointmentRole.INDEPENDENT_PERSON,
        AppointmentRole.PANEL_MEMBER,
        AppointmentRole.PANEL_CHAIR,
    }
)
DEFAULT_RATE = Decimal(50)
PENNY = Decimal("0.01")

OUTCOMES = (Outcome.UPHELD, Outcome.PARTIALLY_UPHELD, Outcome.NOT_UPHELD, Outcome.UNABLE)
OUTCOME_WEIGHTS = (18, 22, 52, 8)  # 40% upheld or partially upheld
UPHELD = frozenset({Outcome.UPHELD, Outcome.PARTIALLY_UPHELD})
REASONS = {
    Outcome.UPHELD: "The records and interviews confirm what the complainant described.",
    Outcome.PARTIALLY_UPHELD: "Part of what happened is confirmed; the rest is not shown.",
    Outcome.NOT_UPHELD: "The records show the service acted as its procedures require.",
    Outcome.UNABLE: "The records are incomplete and the accounts differ.",
}

# (what the point says, what the complainant wants, the themes it is about).
POINTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Contact was cancelled at short notice several times.",
     "Contact restored and a written timetable.", ("Contact",)),
    ("The child was moved to a new placement without enough notice.",
     "Notice before any future move.", ("Placement",)),
    ("The pathway plan was not reviewed for months.",
     "A reviewed pathway plan within a month.", ("Leaving care",)),
    ("The assessment took far longer than it should have.",
     "The assessment finished and the delay explained.", ("Assessment",)),
    ("Calls and emails were not returned.",
     "A named worker who replies within two working days.", ("Communication",)),
    ("The family was not invited to the review.",
     "An invitation to every review.", ("Communication", "Contact")),
    ("Support that was promised was never put in place.",
     "The support in place, backdated.", ("Disability", "Finance")),
    ("Information was shared without good reason.",
     "An explanation and the record put right.", ("Record keeping",)),
    ("The allowance was paid late.",
     "The allowance paid with the arrears.", ("Finance", "Fostering")),
    ("The social worker changed four times in six months.",
     "One social worker for at least a year.", ("Communication",)),
    ("A school move was not discussed with the virtual school.",
     "The education plan reviewed.", ("Education", "Placement")),
    ("The reasons for the child protection enquiry were never explained.",
     "A meeting to go through the decision.", ("Safeguarding practice", "Communication")),
    ("Adoption support was refused without an assessment.",
     "An assessment of support needs.", ("Adoption", "Assessment")),
    ("The foster carers' concerns were not written down.",
     "The concerns recorded and answered.", ("Fostering", "Record keeping")),
)  # fmt: skip

# (recommendation, the action that carries it out).
RECOMMENDATIONS: tuple[tuple[str, str], ...] = (
    ("Apologise in writing and explain what will change.", "Send the letter of apology."),
    ("Remind staff to tell families of changes in writing within five working days.",
     "Team briefing and a note in the practice guidance."),
    ("Review the plan with the young person and their advocate.",
     "Hold the review and send the updated plan."),
    ("Pay the amount owed, with the arrears.", "Make the payment and confirm it in writing."),
    ("Audit a sample of cases for the same problem.",
     "Audit 20 cases and report to the service's management team."),
    ("Put a named worker in place and tell the family who it is.",
     "Allocate the worker and write to the family."),
    ("Correct the records and tell the complainant what was changed.",
     "Amend the records and write to the complainant."),
    ("Add this case to the next practice learning session.",
     "Run the session and record who attended."),
)  # fmt: skip
POSTS = (
    "Head of Service",
    "Service Manager",
    "Team Manager",
    "Practice Improvement Lead",
    "Business Support Manager",
)
EVIDENCE = (
    "Copy of the letter on file.",
    "Briefing notes and attendance list on file.",
    "Updated plan uploaded to the child's record.",
    "Payment confirmed by finance.",
    "Audit report to the management team.",
)
REMEDY_KINDS: tuple[tuple[str, int, str], ...] = (
    (Remedy.Kind.APOLOGY, 35, "Apologise to the complainant for the fault found."),
    (Remedy.Kind.PAYMENT, 30, "Pay the complainant for the distress and time and trouble."),
    (Remedy.Kind.SERVICE_IMPROVEMENT, 20, "Remind staff of the guidance and report back."),
    (Remedy.Kind.COMPLETE_STAGE, 10, "Complete the outstanding stage of the procedure."),
    (Remedy.Kind.OTHER, 5, "Review the decision and write to the complainant."),
)
PAYMENTS = (150, 200, 250, 300, 400, 500, 750, 1000, 1500)
WORK = (
    "Read the case records",
    "Interviewed the complainant",
    "Interviewed the team manager",
    "Interviewed the social worker",
    "Wrote up the interview notes",
    "Drafted the report",
    "Read the papers for the panel",
    "Attended the panel meeting",
)
CHANNELS = tuple(Channel.values)


class Outcomes:
    """Adds the rows this module describes for one complaint at a time."""

    def __init__(self, days: Days, rows: Rows, pool: Pool, seed: int) -> None:
        self.days = days
        self.today = days.today
        self.rows = rows
        self.pool = pool
        self.rng = random.Random(seed)
        themes = dict(Theme.objects.values_list("name", "pk"))
        # A point's themes from the list above, leaving out any an administrator renamed.
        self.point_themes = [tuple(themes[n] for n in names if n in themes) for *_, names in POINTS]
        self.all_themes = sorted(themes.values())
        self.kinds = [kind for kind, _, _ in REMEDY_KINDS]
        self.kind_weights = [weight for _, weight, _ in REMEDY_KINDS]
        self.kind_words = {kind: words for kind, _, words in REMEDY_KINDS}

    def pick(self, staff_role: str) -> int:
        return self.rng.choice(self.pool.by_role[staff_role])

    # -- Stage 3: decided before the complaint is written, because it changes its status -----

    def stage3(self, c: Complaint, facts: dict[str, Any]) -> None:
        """Take a few complete Stage 2 cases on to Stage 3, as far as today allows."""
        r, d, today = self.rng, self.days, self.today
        if c.status != Status.STAGE2_COMPLETE or r.random() >= STAGE3_SHARE:
            return
        s2: Stage2 = facts["stage2"]
        letter = s2.adjudication_letter_sent_on
        requested = d.plus(letter, r.randint(3, 26))  # the advisory date is 20 working days
        if requested > today:
            return
        late_request = s2.stage3_request_by is not None and requested > s2.stage3_request_by
        s3 = self.rows.make(
            Stage3,
            requested_on=requested,
            channel=r.choice(CHANNELS),
            what_remains="The complainant says the Stage 2 findings did not put things right.",
            request_by=s2.stage3_request_by,
            request_was_late=late_request,
            panel_due_on=d.plus(requested, 30),
        )
        facts.update(base_status=c.status, base_closed_on=c.closed_on, stage3=s3)
        events = [("request_stage3", requested)]
        facts["stage3_events"] = events
        breaches: list[tuple[str, date, date, date]] = []  # kind, due, happened, letter
        facts["breaches"] = breaches
        c.stage, c.status, c.due_on, c.closed_on = 3, Status.STAGE3_REQUESTED, s3.panel_due_on, None
        if r.random() < STAGE3_REFUSED_SHARE:
            refused = d.plus(requested, r.randint(3, 10))
            if refused <= today:
                s3.refused_on = s3.refusal_letter_sent_on = refused
                s3.refusal_reasons = "The request raises nothing the Stage 2 investigation left."
                s3.refusal_signed_off_by_id = self.pick(StaffRole.ADJUDICATING_OFFICER)
                c.status, c.due_on, c.closed_on = Status.STAGE3_REFUSED, None, refused
                events.append(("refuse_stage3", refused))
            return
        accepted = d.plus(requested, r.randint(1, 5))
        meeting_late = r.random() < 0.15
        meeting = d.plus(requested, r.randint(31, 45) if meeting_late else r.randint(15, 30))
        scheduled = d.plus(accepted, r.randint(2, 8))
        received = d.plus(meeting, r.randint(6, 12) if r.random() < 0.12 else r.randint(2, 5))
        sent = d.plus(received, r.randint(16, 30) if r.random() < 0.15 else r.randint(8, 15))
        facts["panel_from"] = accepted
        if accepted > today:
            return
        s3.accepted_on = accepted
        if late_request:
            s3.late_decision_reasons = "The complainant was in hospital when the letter came."
        c.status = Status.STAGE3_PANEL
        events.append(("accept_stage3", accepted))
        if scheduled <= today:
            s3.meeting_on = meeting
            s3.meeting_place = "Committee Room 2, County Hall"
            s3.complainant_availability = "Any weekday morning."
            if meeting_late:
                breaches.append((BreachKind.PANEL_MEETING, s3.panel_due_on, meeting, scheduled))
        if meeting > today:
            return
        s3.met_on = meeting
        s3.report_due_on = d.plus(meeting, 5)
        c.status, c.due_on = Status.STAGE3_REPORT, s3.report_due_on
        events.append(("hold_panel", meeting))
        facts["panel_met"] = meeting
        if received > today:
            return
        s3.report_received_on = received
        s3.response_due_on = d.plus(received, 15)
        c.status, c.due_on = Status.STAGE3_RESPONSE, s3.response_due_on
        if received > s3.report_due_on:
            letter_on = min(received, d.plus(s3.report_due_on, 1))
            breaches.append((BreachKind.PANEL_REPORT, s3.report_due_on, received, letter_on))
        if sent > today:
            return
        s3.response_sent_on = sent
        s3.ip_participation = "The Stage 2 Independent Person commented on each recommendation."
        s3.ombudsman_information_given = True
        c.status, c.due_on, c.closed_on = Status.STAGE3_COMPLETE, None, sent
        events.append(("respond_to_panel", sent))
        facts["responded"] = sent
        if sent > s3.response_due_on:
            letter_on = min(sent, d.plus(s3.response_due_on, 1))
            breaches.append((BreachKind.COUNCIL_RESPONSE, s3.response_due_on, sent, letter_on))

    # -- the rows that hang off the saved complaint ------------------------------------------

    def related(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        """Append this module's rows for the saved complaint ``c`` to ``rows``, by model."""
        self._stage1_action(c, facts, rows)
        self._points(c, facts, rows)
        self._stage3_rows(c, facts, rows)
        self._ombudsman(c, facts, rows)
        self._time(c, facts, rows)

    def _event(self, c: Complaint, name: str, day: date, rows: RowsByModel) -> None:
        rows[CaseEvent].append(
            self.rows.make(
                CaseEvent,
                complaint_id=c.pk,
                at=self.days.stamp(day, 300),
                by_id=self.pool.recorder,
                acting_as="complaints_officer",
                name=f"complaint.{name}",
                summary=name.replace("_", " ").capitalize(),
                details={},
            )
        )

    def _owner(self, c: Complaint) -> str:
        post = self.rng.choice(POSTS)
        return f"{post}, {c.team}" if c.team else post

    def _action(
        self,
        c: Complaint,
        rows: RowsByModel,
        *,
        description: str,
        created: date,
        due: date,
        recommendation: Recommendation | None = None,
    ) -> Action:
        """An agreed action, as far along as its age makes likely: an action due months ago
        is nearly always signed off; one due recently is often still open, so overdue."""
        r, today = self.rng, self.today
        if due < today - timedelta(days=120):
            weights = (4, 1, 95)
        elif due < today:
            weights = (30, 20, 50)
        else:
            weights = (70, 15, 15)
        state = r.choices(Action.State.values, weights)[0]
        action = self.rows.make(
            Action,
            links={"recommendation": recommendation} if recommendation is not None else None,
            complaint_id=c.pk,
            description=description,
            owner=self._owner(c),
            due_on=due,
            state=state,
        )
        if state != Action.State.OPEN:
            span = max((min(due + timedelta(days=20), today) - created).days, 0)
            action.completed_on = created + timedelta(days=r.randint(0, span))
            action.evidence = r.choice(EVIDENCE)
            action.completed_recorded_by_id = self.pick(StaffRole.COMPLAINTS_OFFICER)
        if state == Action.State.SIGNED_OFF:
            action.signed_off_on = min(
                action.completed_on + timedelta(days=r.randint(0, 21)), today
            )
            action.signed_off_by_id = self.pick(StaffRole.COMPLAINTS_MANAGER)
        rows[Action].append(action)
        return action

    def _recommendations(
        self,
        c: Complaint,
        rows: RowsByModel,
        *,
        stage: int,
        count: int,
        decided_on: date | None,
        decided_by: int | None,
        accept_share: float,
        action_days: tuple[int, int],
    ) -> None:
        """``count`` recommendations at ``stage``; decided on ``decided_on`` if it is set,
        and then an action for each one accepted."""
        r = self.rng
        for number, (text, action) in enumerate(r.sample(RECOMMENDATIONS, count), start=1):
            rec = self.rows.make(
                Recommendation, complaint_id=c.pk, stage=stage, number=number, text=text
            )
            rows[Recommendation].append(rec)
            if decided_on is None:
                continue
            rec.accepted = r.random() < accept_share
            rec.decided_by_id = decided_by
            rec.decision_reasons = (
                "Agreed: it puts right what was found."
                if rec.accepted
                else "Not agreed: what it asks for is already in place."
            )
            if rec.accepted:
                due = self.days.plus(decided_on, r.randint(*action_days))
                self._action(
                    c, rows, description=action, created=decided_on, due=due, recommendation=rec
                )

    def _stage1_action(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        s1: Stage1 | None = facts.get("stage1")
        if s1 is None or not s1.resolved or s1.response_sent_on is None:
            return
        if self.rng.random() >= STAGE1_ACTION_SHARE:
            return
        responder = facts["appointed"].get(AppointmentRole.STAGE1_RESPONDER, self.pool.recorder)
        self._recommendations(
            c,
            rows,
            stage=1,
            count=1,
            decided_on=s1.response_sent_on,
            decided_by=responder,
            accept_share=1.0,  # a Stage 1 action is recorded as agreed
            action_days=(5, 30),
        )

    def _points(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        """Points, themes, findings and Stage 2 recommendations."""
        r, d = self.rng, self.days
        s2: Stage2 | None = facts.get("stage2")
        status = facts.get("base_status", c.status)
        investigating = status == Status.STAGE2_INVESTIGATION
        if s2 is None or status not in (
            Status.STAGE2_INVESTIGATION,
            Status.STAGE2_ADJUDICATION,
            Status.STAGE2_COMPLETE,
        ):
            return
        if investigating and s2.statement_agreed_on is None and r.random() < 0.4:
            return  # first contact made, no draft statement saved yet
        count = r.choices((1, 2, 3, 4), (25, 35, 25, 15))[0]
        chosen = r.sample(range(len(POINTS)), count)
        points = []
        for number, index in enumerate(chosen, start=1):
            text, outcomes, _ = POINTS[index]
            point = self.rows.make(
                ComplaintPoint,
                complaint_id=c.pk,
                number=number,
                text=text,
                desired_outcomes=outcomes,
                route=c.route or Route.STATUTORY,
            )
            rows[ComplaintPoint].append(point)
            points.append(point)
            if r.random() < 0.85:  # themes are added when a pattern is seen, not always
                themes = set(self.point_themes[index])
                if r.random() < 0.25:
                    themes.add(r.choice(self.all_themes))
                rows[PointTheme].extend(
                    self.rows.make(PointTheme, links={"complaintpoint": point}, theme_id=theme)
                    for theme in sorted(themes)
                )
        # Findings: on every point once the report is final; on some while investigating.
        if investigating:
            if s2.statement_agreed_on is None or r.random() >= 0.35:
                return
            found_on = d.capped(d.plus(s2.statement_agreed_on, r.randint(5, 25)))
            points = points[: r.randint(1, len(points))]
        else:
            found_on = d.plus(s2.report_date, -r.randint(1, 8))
            if s2.statement_agreed_on is not None:
                found_on = max(found_on, s2.statement_agreed_on)
        io = facts["appointed"].get(AppointmentRole.INVESTIGATING_OFFICER, self.pool.recorder)
        adjudicated = status == Status.STAGE2_COMPLETE
        upheld = 0
        for point in points:
            outcome = r.choices(OUTCOMES, OUTCOME_WEIGHTS)[0]
            finding = self.rows.make(
                Finding,
                links={"point": point},
                outcome=outcome,
                reasons=REASONS[outcome],
                recorded_by_id=io,
                recorded_at=d.stamp(found_on, 120 + point.number),
            )
            if adjudicated:
                finding.adjudication_accepted = r.random() < 0.95
                if not finding.adjudication_accepted:
                    finding.adjudication_reasons = "The evidence does not support this finding."
            rows[Finding].append(finding)
            upheld += outcome in UPHELD and finding.adjudication_accepted is not False
        if upheld:
            count = r.choice((1, 1, 2, 2, 3))
        elif r.random() < 0.10:
            count = 1
        else:
            return
        self._recommendations(
            c,
            rows,
            stage=2,
            count=count,
            decided_on=s2.adjudication_date if adjudicated else None,
            decided_by=facts["appointed"].get(AppointmentRole.ADJUDICATOR),
            accept_share=0.85,
            action_days=(10, 65),
        )

    def _stage3_rows(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        """The Stage 3 row, its breaches, the panel, its recommendations and events."""
        s3: Stage3 | None = facts.get("stage3")
        if s3 is None:
            return
        r, d, today = self.rng, self.days, self.today
        s3.complaint_id = c.pk
        rows[Stage3].append(s3)
        for kind, due_on, happened_on, letter_on in facts["breaches"]:
            rows[Breach].append(
                self.rows.make(
                    Breach,
                    complaint_id=c.pk,
                    kind=kind,
                    due_on=due_on,
                    happened_on=happened_on,
                    reason="No date could be found when all the panel members were free.",
                    letter_sent_on=letter_on,
                    recorded_by_id=self.pool.recorder,
                    recorded_at=d.stamp(letter_on, 240),
                )
            )
        for name, day in facts["stage3_events"]:
            self._event(c, name, day, rows)
        if s3.accepted_on is not None:
            panel = (
                (AppointmentRole.PANEL_CHAIR, StaffRole.PANEL_CHAIR, (1, 4)),
                (AppointmentRole.PANEL_MEMBER, StaffRole.PANEL_MEMBER, (2, 8)),
                (AppointmentRole.PANEL_MEMBER, StaffRole.PANEL_MEMBER, (2, 8)),
            )
            for role, staff_role, (first, last) in panel:
                on = d.plus(s3.accepted_on, r.randint(first, last))
                if on <= today:
                    facts["appoint"](role, staff_role, on, self.rng)
        if "panel_met" in facts:
            self._recommendations(
                c,
                rows,
                stage=3,
                count=r.choice((1, 1, 2, 2, 3)),
                decided_on=facts.get("responded"),
                decided_by=self.pick(StaffRole.COMPLAINTS_MANAGER),
                accept_share=0.75,
                action_days=(15, 65),
            )

    def _ombudsman(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        r, d, today = self.rng, self.days, self.today
        share = OMBUDSMAN_SHARE.get(c.status)
        if share is None or c.closed_on is None or r.random() >= share:
            return
        received = c.closed_on + timedelta(days=r.randint(15, 250))
        if received > today:
            return
        investigation = r.random() < 0.3
        case = self.rows.make(
            OmbudsmanCase,
            complaint_id=c.pk,
            reference=f"G{received.year % 100:02d} {c.pk // 1000:03d} {c.pk % 1000:03d}",
            kind=OmbudsmanCase.Kind.INVESTIGATION if investigation else OmbudsmanCase.Kind.ENQUIRY,
            received_on=received,
            reply_due_on=d.plus(received, 20),
            recorded_by_id=self.pool.recorder,
        )
        rows[OmbudsmanCase].append(case)
        self._event(c, "record_ombudsman_case", received, rows)
        replied = d.plus(received, r.randint(8, 24))
        case.replied_on = replied if replied <= today else None
        draft = d.plus(received, r.randint(40, 100)) if investigation else None
        final = d.plus(draft, r.randint(10, 30)) if draft else d.plus(received, r.randint(10, 40))
        case.draft_decision_on = draft if draft and draft <= today else None
        if final > today:
            return
        case.final_decision_on = final
        case.fault_found = r.random() < (0.7 if investigation else 0.15)
        case.decision_summary = (
            "Fault causing injustice; the council has agreed to the remedies."
            if case.fault_found
            else "No fault in how the council considered the complaint."
        )
        self._event(c, "record_ombudsman_decision", final, rows)
        if not case.fault_found:
            return
        kinds: list[str] = []
        for _ in range(r.choice((1, 1, 2, 3))):
            kind = r.choices(self.kinds, self.kind_weights)[0]
            if kind not in kinds:
                kinds.append(kind)
        for kind in kinds:
            due = d.plus(final, r.randint(20, 65))
            words = self.kind_words[kind]
            action = self._action(c, rows, description=words, created=final, due=due)
            rows[Remedy].append(
                self.rows.make(
                    Remedy,
                    links={"case": case, "action": action},
                    kind=kind,
                    description=words,
                    amount=Decimal(r.choice(PAYMENTS)) if kind == Remedy.Kind.PAYMENT else None,
                    compliance_due_on=due,
                    evidence_sent_on=action.signed_off_on or action.completed_on,
                )
            )

    def _time(self, c: Complaint, facts: dict[str, Any], rows: RowsByModel) -> None:
        r, today = self.rng, self.today
        end = min(c.closed_on or today, today)
        appointments: list[Appointment] = facts["appointments"]
        for appointment in appointments:
            began = appointment.appointed_on
            if appointment.role not in PAID_ROLES or began < today - TIME_WINDOW:
                continue
            if r.random() >= 0.85:
                continue
            span = max((end - began).days, 0)
            rate = self.pool.rates.get(appointment.person_id, DEFAULT_RATE)
            for _ in range(r.randint(1, 6)):
                worked = began + timedelta(days=r.randint(0, span))
                hours = Decimal(r.randint(2, 30)) / 4
                own = r.random() < 0.7  # most officers record their own time
                rows[TimeEntry].append(
                    self.rows.make(
                        TimeEntry,
                        links={"appointment": appointment},
                        worked_on=worked,
                        hours=hours,
                        fee=(hours * rate).quantize(PENNY),
                        description=r.choice(WORK),
                        recorded_by_id=appointment.person_id if own else self.pool.recorder,
                        recorded_at=self.days.stamp(
                            min(worked + timedelta(days=r.randint(0, 3)), today), 480
                        ),
                    )
                )
