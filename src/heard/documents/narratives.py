"""Reports assembled from the case, and the parts of them their writers type (decision 038).

A report (the Investigating Officer's, the Independent Person's, the review panel's) is made
from the case's own records: the agreed Statement of Complaint, the findings and their reasons,
the records received and the interviews whose notes were agreed, the Independent Person's
views, the panel's submissions and recommendations. What no record holds (an introduction, what
the evidence shows on each point, the analysis, a conclusion) its writer types into Heard as
``ReportNarrative`` parts, in Markdown, so their paragraphs and lists reach the report as typed.

Until a report is final, its one draft ``Document`` is made again from the latest records and
parts whenever it is asked for (``current_report``): staff do not edit a report's text, the
writer edits its parts. The step that makes it final (the Investigating Officer's "make the
report final", the Independent Person's submission, the panel's report sent) makes it one last
time and freezes it (``freeze_report``, subscribed by ``letters/reports.py`` inside the step's
transaction), so the report as it was when final is kept exactly, whatever changes after.

For the pages:

- ``narrative_parts(complaint, report)``: the form's fields, in order, each with its label, a
  hint, the text saved and its ``revision`` (0 for a part never saved), to send back.
- ``can_write_narrative(user, complaint, report)``: whether to offer the form at all.
- ``save_narrative(complaint, report, part, text, revision, by)``: the save, or
  ``DocumentRefused`` (``message``, ``field``) saying why not.
- ``current_report(complaint, key, today)``: the Document to preview or download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.utils import timezone

from heard.audit.events import record_event
from heard.audit.models import CaseEvent
from heard.audit.versions import keep_versions, text_changes
from heard.complaints.access import actor_roles
from heard.complaints.models import Complaint
from heard.complaints.models.choices import AppointmentRole
from heard.documents.case_data import case_data, read_case
from heard.documents.catalogue import LETTERS, Letter
from heard.documents.drafting import fill, letter_data
from heard.documents.models import Document, ReportNarrative
from heard.documents.sending import DocumentRefused, make_final
from heard.people.models import User
from heard.people.roles import COMPLAINTS_STAFF

if TYPE_CHECKING:
    from heard.users import AnyUser

# The appointment whose holder writes each report. Complaints staff may write any of them:
# they type up what an officer sends by email, or finish a part for one who has left.
WRITERS: dict[str, str] = {
    "io_report": f"appointed:{AppointmentRole.INVESTIGATING_OFFICER}",
    "ip_report": f"appointed:{AppointmentRole.INDEPENDENT_PERSON}",
    "panel_report": f"appointed:{AppointmentRole.PANEL_CHAIR}",
}

# The step whose case event makes each report final (and freezes its document).
FINALISED_BY: dict[str, str] = {
    "io_report": "complaint.finalise_report",
    "ip_report": "complaint.submit_ip_report",
    "panel_report": "complaint.issue_panel_report",
}
REPORT_FINALISED_BY = {event: key for key, event in FINALISED_BY.items()}

# The stage each report belongs to (a key of ``case_data``): there is no report before it.
STAGE_OF: dict[str, str] = {
    "io_report": "stage2",
    "ip_report": "stage2",
    "panel_report": "stage3",
}

# A part is pages of prose at most; a box of more is a mistake or an attack (decision 024).
MAX_TEXT = 50_000


@dataclass(frozen=True)
class Part:
    """One box of the narrative form: what the writer types, and the revision they saw."""

    key: str  # "introduction", "point:3:analysis", "conclusion"
    label: str
    hint: str
    text: str = ""
    revision: int = 0  # 0: never saved


# (key, label, hint) for each part, in the order the report prints them.
Spec = tuple[str, str, str]

_IO_INTRODUCTION = (
    "Who you are, how you came to investigate this complaint, and how you went about it: "
    "who you met, what you read, and anything that limited the investigation."
)
_IO_EVIDENCE = (
    "What the evidence shows about this point. Refer to each source by its number in the "
    "report's list of evidence (for example, Source 2)."
)
_IO_ANALYSIS = (
    "What should have happened (the law, guidance or the council's policy), what did happen, "
    "and how you weighed the evidence. Decide on the balance of probabilities."
)
_IO_CONCLUSION = (
    "Your overall view of the complaint, and anything the council should learn from it beside "
    "the recommendations."
)


def _point_numbers(complaint: Complaint) -> list[int]:
    return sorted(point.number for point in complaint.points.all())


def _specs(complaint: Complaint, report: str) -> list[Spec]:
    """The parts of ``report`` on this complaint, in order."""
    if report == "io_report":
        specs: list[Spec] = [("introduction", "Introduction", _IO_INTRODUCTION)]
        for number in _point_numbers(complaint):
            specs.append((f"point:{number}:evidence", f"Point {number}: evidence", _IO_EVIDENCE))
            specs.append((f"point:{number}:analysis", f"Point {number}: analysis", _IO_ANALYSIS))
        specs.append(("conclusion", "Conclusion", _IO_CONCLUSION))
        return specs
    if report == "ip_report":
        return [
            (
                "introduction",
                "Introduction",
                "Who you are, and what you did as Independent Person: the meetings and "
                "interviews you attended, and what you read.",
            ),
            (
                "investigation",
                "How the investigation was carried out",
                "Your view of how the investigation was carried out. Whether it was fair and "
                "complete, and any concerns, are recorded when you submit your report; say "
                "more here.",
            ),
            (
                "conclusion",
                "Conclusion",
                "Anything else the adjudicating officer should know before deciding.",
            ),
        ]
    if report == "panel_report":
        return [
            (
                "introduction",
                "Introduction",
                "Who sat on the panel, and how the meeting was run.",
            ),
            (
                "consideration",
                "The panel's consideration",
                "What the panel made of the complaint and of the Stage 2 outcome, and the "
                "reasons for its recommendations.",
            ),
        ]
    raise DocumentRefused("There is no such report.", "report")


def _letter(report: str) -> Letter:
    letter = LETTERS.get(report)
    if letter is None or letter.kind != "report" or report not in WRITERS:
        raise DocumentRefused("There is no such report.", "report")
    return letter


def _saved(complaint_id: int, report: str) -> dict[str, ReportNarrative]:
    rows = ReportNarrative.objects.filter(complaint_id=complaint_id, report=report)
    return {row.part: row for row in rows}


def narrative_parts(complaint: Complaint, report: str) -> list[Part]:
    """The parts of ``report`` its writer types on this complaint, in the order the report
    prints them, each with the text saved and its revision (0 when never saved). The
    Investigating Officer's report has an evidence and an analysis part for each point of the
    statement; a form sends each part's ``revision`` back with its text to ``save_narrative``.
    Raises ``DocumentRefused`` for a key that is not a report."""
    _letter(report)
    saved = _saved(complaint.pk, report)
    parts = []
    for key, label, hint in _specs(complaint, report):
        row = saved.get(key)
        parts.append(
            Part(
                key=key,
                label=label,
                hint=hint,
                text=row.text if row else "",
                revision=row.revision if row else 0,
            )
        )
    return parts


def _writing_role(user: AnyUser, complaint: Complaint, report: str) -> str | None:
    """The role ``user`` would write ``report``'s narrative in on this complaint, or None."""
    roles = actor_roles(user, complaint)
    if WRITERS[report] in roles:
        return WRITERS[report]
    staff = sorted(roles & COMPLAINTS_STAFF)
    return staff[0] if staff else None


def can_write_narrative(user: AnyUser, complaint: Complaint, report: str) -> bool:
    """May ``user`` write ``report``'s narrative on this complaint: its appointed writer (the
    Investigating Officer, the Independent Person, the panel chair) or complaints staff, and
    only while the report is not final."""
    if report not in WRITERS or _writing_role(user, complaint, report) is None:
        return False
    return not is_final(complaint.pk, report)


def is_final(complaint_id: int, report: str) -> bool:
    """Has ``report`` been made final: its document frozen, or its finalising step recorded
    (a case whose report was made final before Heard wrote reports has no document)."""
    frozen = (
        Document.objects.filter(complaint_id=complaint_id, key=report)
        .exclude(state=Document.State.DRAFT)
        .exists()
    )
    if frozen:
        return True
    return CaseEvent.objects.filter(complaint_id=complaint_id, name=FINALISED_BY[report]).exists()


def save_narrative(
    complaint: Complaint, report: str, part: str, text: str, revision: int, by: User
) -> ReportNarrative:
    """Save one part of ``report``'s narrative, as ``by`` typed it (Markdown).

    ``revision`` is the part's revision the writer opened (``Part.revision``; 0 for a part
    never saved). In one transaction, under the complaint's lock: the part is saved, its
    revision raised, a ``document.narrative_saved`` case event written and the text it
    replaces kept (``audit.versions``). Refused with ``DocumentRefused`` when ``by`` may not
    write this report, the part is not one of the report's, the report is final, or someone
    saved the part since ``revision`` (their text is not written over). Saving the text
    already saved changes nothing; a blank part never saved is not stored (an unsaved row is
    returned, revision 0)."""
    letter = _letter(report)
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_TEXT:
        raise DocumentRefused(
            f"This part must be {MAX_TEXT:,} characters or fewer. Split it, or shorten it.",
            "text",
        )
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        role = _writing_role(by, locked, report)
        if role is None:
            raise DocumentRefused(f"You cannot write the {letter.title} on this complaint.")
        label = next((s[1] for s in _specs(locked, report) if s[0] == part), None)
        if label is None:
            raise DocumentRefused(f"The {letter.title} has no such part.", "part")
        if is_final(locked.pk, report):
            raise DocumentRefused(f"The {letter.title} is final and can no longer be changed.")
        row = (
            ReportNarrative.objects.select_for_update()
            .filter(complaint=locked, report=report, part=part)
            .first()
        )
        if (row.revision if row else 0) != revision:
            raise DocumentRefused(
                "Someone else saved this part since you opened it. Your text is below: copy "
                "what you need, then open the report again.",
                "text",
            )
        if row is not None and row.text == text:
            return row
        if row is None and not text.strip():
            return ReportNarrative(complaint=locked, report=report, part=part, revision=0)
        changes = text_changes(row, f"{letter.title}: {label}", text=text)
        if row is None:
            row = ReportNarrative.objects.create(
                complaint=locked, report=report, part=part, text=text, updated_by=by
            )
        else:
            row.text = text
            row.revision += 1
            row.updated_by = by
            row.save(update_fields=["text", "revision", "updated_by", "updated_at"])
        event = record_event(
            locked.pk,
            "document.narrative_saved",
            f"{letter.title}: {label} saved",
            by=by,
            acting_as=role,
            details={
                "report": report,
                "part": part,
                "narrative": row.pk,
                "revision": row.revision,
                "texts_changed": [change.label for change in changes],
            },
        )
        keep_versions(event, changes, by=by)
    return row


# --- What the report templates see beside the case ------------------------------------------


def _evidence(base: dict[str, Any]) -> dict[str, Any]:
    """The evidence the investigation considered, numbered so the findings can cite it: each
    set of records received, then each interview whose notes the interviewee agreed (notes
    written up and agreed are the record of an interview, domain.md 3.3). What is still
    awaited is listed apart, so a reader sees what the findings were made without."""
    sources: list[dict[str, Any]] = []
    for request in base["records_requests"]:
        if request["received_on"]:
            sources.append({"kind": "records", **request})
    for interview in base["interviews"]:
        if interview["notes_agreed_on"]:
            sources.append({"kind": "interview", **interview})
    for number, source in enumerate(sources, start=1):
        source["number"] = number
    return {
        "sources": sources,
        "records_awaited": [r for r in base["records_requests"] if not r["received_on"]],
        "notes_not_agreed": [
            i for i in base["interviews"] if i["notes"].strip() and not i["notes_agreed_on"]
        ],
    }


def report_data(
    key: str, complaint: Complaint, event: CaseEvent | None, base: dict[str, Any]
) -> dict[str, Any]:
    """The data a report's template sees beside ``case_data``: ``narrative`` (each part's
    text by its key, "" when not written), ``report.draft`` (false only when made by the
    step that makes it final), ``evidence`` (numbered sources) and, for the Investigating
    Officer's report, each point's ``evidence`` and ``analysis`` parts on the point itself."""
    saved = _saved(complaint.pk, key)
    narrative = {spec[0]: "" for spec in _specs(complaint, key)}
    narrative.update({part: row.text for part, row in saved.items() if part in narrative})
    data: dict[str, Any] = {
        "narrative": narrative,
        "report": {"draft": event is None or event.name != FINALISED_BY[key]},
        "evidence": _evidence(base),
    }
    if key == "io_report":
        data["points"] = [
            {
                **point,
                "evidence": narrative.get(f"point:{point['number']}:evidence", ""),
                "analysis": narrative.get(f"point:{point['number']}:analysis", ""),
            }
            for point in base["points"]
        ]
    return data


def report_data_for(
    key: str,
) -> Callable[[Complaint, CaseEvent, dict[str, Any]], dict[str, Any]]:
    """``report_data`` for one report, as the catalogue's ``more_data``."""

    def more_data(complaint: Complaint, event: CaseEvent, base: dict[str, Any]) -> dict[str, Any]:
        return report_data(key, complaint, event, base)

    return more_data


# --- The report's document: drafted again until final, then frozen --------------------------


def _latest(complaint_id: int, key: str) -> Document | None:
    return (
        Document.objects.select_for_update()
        .filter(complaint_id=complaint_id, key=key)
        .order_by("-id")
        .first()
    )


def _assemble(
    letter: Letter,
    complaint_id: int,
    document: Document | None,
    *,
    today: date,
    event: CaseEvent | None,
) -> Document:
    """Make ``letter``'s report from the latest case data and narrative, into ``document``
    (a draft, written only where something changed) or a new draft."""
    complaint = read_case(complaint_id)
    base = case_data(complaint, today)
    if base[STAGE_OF[letter.key]] is None:
        stage = STAGE_OF[letter.key].replace("stage", "Stage ")
        raise DocumentRefused(f"The {letter.title} is written at {stage}, not reached yet.")
    extra = report_data(letter.key, complaint, event, base)
    data = letter_data(letter, base, None, event, extra)
    body, template = fill(letter, data)
    if document is None:
        return Document.objects.create(
            complaint_id=complaint_id,
            key=letter.key,
            title=letter.title,
            body=body,
            data=data,
            template=template,
            made_by_event=event.pk if event else None,
        )
    changed = []
    if document.body != body:
        document.body = body
        document.revision += 1
        changed += ["body", "revision"]
    if document.data != data:
        document.data = data
        changed.append("data")
    if document.template_id != template.pk:
        document.template = template
        changed.append("template")
    if changed:
        document.save(update_fields=changed)
    return document


def current_report(complaint: Complaint, key: str, today: date) -> Document:
    """The report ``key`` on this complaint as it stands: once final, the frozen document;
    until then its draft, made again from the latest case data and narrative (created the
    first time it is asked for, then updated in place), dated ``today``. Raises
    ``DocumentRefused`` for a key that is not a report, or before the report's stage."""
    letter = _letter(key)
    with transaction.atomic():
        # One draft per report: two people opening it at once wait for each other here.
        Complaint.objects.select_for_update().only("pk").get(pk=complaint.pk)
        latest = _latest(complaint.pk, key)
        if latest is not None and latest.is_frozen:
            return latest
        finalised = (
            CaseEvent.objects.filter(complaint_id=complaint.pk, name=FINALISED_BY[key])
            .order_by("-id")
            .first()
        )
        if finalised is not None:
            # Made final before Heard wrote reports: frozen now, as of that step.
            return _freeze(letter, finalised, latest)
        return _assemble(letter, complaint.pk, latest, today=today, event=None)


def _freeze(letter: Letter, event: CaseEvent, latest: Document | None) -> Document:
    draft = latest if latest is not None and not latest.is_frozen else None
    on = event.happened_on or timezone.localtime(event.at).date()
    document = _assemble(letter, event.complaint_id, draft, today=on, event=event)
    # Every step is recorded by someone (``transition`` takes ``by``); ``sent_by`` is the
    # person whose step made the report final.
    return make_final(document, by=cast(User, event.by), on=on, step=event)


def freeze_report(event: CaseEvent) -> None:
    """The subscriber for each report's finalising step: make the report one last time from
    the case as the step left it, and freeze it, in the step's transaction. A step recorded
    again (an Independent Person submitting a second time) freezes a new copy; the earlier
    final one is kept as it was."""
    key = REPORT_FINALISED_BY.get(event.name)
    if key is None:
        return
    with transaction.atomic():
        _freeze(LETTERS[key], event, _latest(event.complaint_id, key))
