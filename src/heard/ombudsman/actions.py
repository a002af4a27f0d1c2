"""The Ombudsman's enquiries, decisions and remedies (domain.md section 6 and rule 39).

A complainant may go to the Local Government and Social Care Ombudsman at any point, so every
event here is allowed in every status (``_ANY_TIME`` in the workflow table), and recording one
on an archived complaint brings it back out of the archive (``transitions.transition``).

Each remedy the Ombudsman asks for is carried by a ``decisions.Action`` whose due date is the
Ombudsman's compliance date, created in the same transaction: Leeds 20 007 060 and the Article
39 case of August 2023 (domain.md 6.3) are findings about remedies agreed and then not done, so
a remedy is tracked, shown when overdue and blocks archiving like any other agreed action.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from heard.complaints.actions.happened import check_happened_on
from heard.complaints.models import Complaint
from heard.complaints.transitions import Refused, transition
from heard.decisions.models import Action
from heard.decisions.tracking import check_owner_length, shorten
from heard.ombudsman.models import OmbudsmanCase, Remedy
from heard.people.models import User
from heard.timescales.dates import long_date

# Remedy.amount holds up to 9 digits, 2 of them pence.
MAX_AMOUNT = Decimal("10000000")


def normalise_reference(reference: str) -> str:
    """The Ombudsman writes its references as "24 015 996": one space between the groups, so
    the same reference typed with extra spaces is still the same reference."""
    return re.sub(r"\s+", " ", reference).strip().upper()


def _not_in_future(day: date | None, field: str, what: str) -> None:
    if day is not None:
        check_happened_on(day, field=field, what=f"The date {what}")


def _case_of(complaint: Complaint, case: OmbudsmanCase) -> OmbudsmanCase:
    """The case as stored now (the caller's copy may be older), if it is this complaint's."""
    current = OmbudsmanCase.objects.filter(pk=case.pk, complaint_id=complaint.pk).first()
    if current is None:
        raise Refused("That Ombudsman case is not on this complaint.", field="case")
    return current


def record_ombudsman_case(
    complaint: Complaint,
    *,
    by: User,
    reference: str,
    kind: str,
    received_on: date,
    reply_due_on: date,
    replied_on: date | None = None,
) -> OmbudsmanCase:
    """An enquiry or investigation arrives: its reference and the date the council must reply
    by. The reference is the Ombudsman's own, so it can be on one complaint only."""
    reference = normalise_reference(reference)
    if not reference:
        raise Refused("Enter the Ombudsman's reference.", field="reference")
    if len(reference) > OmbudsmanCase._meta.get_field("reference").max_length:  # type: ignore[operator]
        raise Refused("The reference must be 30 characters or fewer.", field="reference")
    if kind not in OmbudsmanCase.Kind.values:
        raise Refused("Choose whether it is an enquiry or an investigation.", field="kind")
    check_happened_on(
        received_on,
        field="received_on",
        what="The date the council heard from the Ombudsman",
        after=complaint.received_on,
        after_what="the complaint was received",
    )
    if reply_due_on < received_on:
        raise Refused(
            f"The reply cannot be due before the Ombudsman wrote, on {long_date(received_on)}.",
            field="reply_due_on",
        )
    if replied_on is not None:
        _not_in_future(replied_on, "replied_on", "of the council's reply")
        if replied_on < received_on:
            raise Refused(
                "The council cannot have replied before it heard from the Ombudsman.",
                field="replied_on",
            )
    with transition(complaint, "record_ombudsman_case", by=by) as step:
        step.on = received_on
        already = (
            OmbudsmanCase.objects.filter(reference__iexact=reference)
            .select_related("complaint")
            .first()
        )
        if already is not None:
            raise Refused(
                f"Ombudsman case {reference} is already recorded, on complaint "
                f"{already.complaint.reference}.",
                field="reference",
            )
        try:
            with transaction.atomic():  # a savepoint: someone may record it at the same moment
                case = OmbudsmanCase.objects.create(
                    complaint=step.complaint,
                    reference=reference,
                    kind=kind,
                    received_on=received_on,
                    reply_due_on=reply_due_on,
                    replied_on=replied_on,
                    recorded_by=by,
                )
        except IntegrityError:
            raise Refused(
                f"Ombudsman case {reference} has just been recorded by someone else.",
                field="reference",
            ) from None
        step.summary = (
            f"Ombudsman {case.get_kind_display().lower()} {reference} received on "
            f"{long_date(received_on)}; reply due {long_date(reply_due_on)}"
        )
        step.details = {
            "ombudsman_case": case.pk,
            "reference": reference,
            "kind": kind,
            "reply_due_on": reply_due_on.isoformat(),
        }
    return case


def record_ombudsman_decision(
    complaint: Complaint,
    *,
    by: User,
    case: OmbudsmanCase,
    replied_on: date | None = None,
    draft_decision_on: date | None = None,
    final_decision_on: date | None = None,
    fault_found: bool | None = None,
    summary: str = "",
) -> OmbudsmanCase:
    """The council's reply and the Ombudsman's draft and final decisions, recorded as they
    happen. Anything left blank keeps what was recorded before, so the reply can be recorded
    one week and the final decision months later."""
    case = _case_of(complaint, case)
    summary = summary.strip()
    if not any((replied_on, draft_decision_on, final_decision_on, summary)) and (
        fault_found is None
    ):
        raise Refused("Enter at least one date, or the Ombudsman's decision.")
    for day, field, what in (
        (replied_on, "replied_on", "of the council's reply"),
        (draft_decision_on, "draft_decision_on", "of the draft decision"),
        (final_decision_on, "final_decision_on", "of the final decision"),
    ):
        _not_in_future(day, field, what)
        if day is not None and day < case.received_on:
            raise Refused(
                f"The date {what} cannot be before the Ombudsman first wrote, on "
                f"{long_date(case.received_on)}.",
                field=field,
            )
    draft = draft_decision_on or case.draft_decision_on
    final = final_decision_on or case.final_decision_on
    if draft is not None and final is not None and final < draft:
        raise Refused(
            f"The final decision cannot come before the draft decision of {long_date(draft)}.",
            field="final_decision_on" if final_decision_on else "draft_decision_on",
        )
    fault = fault_found if fault_found is not None else case.fault_found
    if final is not None and fault is None:
        raise Refused("Say whether the Ombudsman found fault.", field="fault_found")
    with transition(complaint, "record_ombudsman_decision", by=by) as step:
        changes: dict[str, object] = {}
        if replied_on is not None:
            changes["replied_on"] = replied_on
        if draft_decision_on is not None:
            changes["draft_decision_on"] = draft_decision_on
        if final_decision_on is not None:
            changes["final_decision_on"] = final_decision_on
        if fault_found is not None:
            changes["fault_found"] = fault_found
        if summary:
            changes["decision_summary"] = summary
            step.keep_text(case, f"Ombudsman {case.reference}", decision_summary=summary)
        OmbudsmanCase.objects.filter(pk=case.pk).update(**changes)
        said = []
        if replied_on:
            said.append(f"council replied {long_date(replied_on)}")
        if draft_decision_on:
            said.append(f"draft decision {long_date(draft_decision_on)}")
        if final_decision_on:
            said.append(f"final decision {long_date(final_decision_on)}")
        if fault_found is not None:
            said.append("fault found" if fault_found else "no fault found")
        step.summary = f"Ombudsman case {case.reference}: " + ("; ".join(said) or "decision noted")
        step.details = {
            "ombudsman_case": case.pk,
            **{k: v.isoformat() if isinstance(v, date) else v for k, v in changes.items()},
        }
    case.refresh_from_db()
    return case


def add_remedy(
    complaint: Complaint,
    *,
    by: User,
    case: OmbudsmanCase,
    kind: str,
    description: str,
    compliance_due_on: date,
    owner: str,
    amount: Decimal | None = None,
) -> Remedy:
    """Rule 39: a remedy becomes an action with the Ombudsman's date as its due date.

    Only a payment has an amount, and it must have one. An amount given with another kind of
    remedy is dropped, as GOV.UK forms drop the answer to a question revealed by a choice that
    was not made (the amount box is "only for a payment").
    """
    case = _case_of(complaint, case)
    if kind not in Remedy.Kind.values:
        raise Refused("Choose what the Ombudsman asked the council to do.", field="kind")
    description = description.strip()
    owner = owner.strip()
    if not description:
        raise Refused("Describe the remedy.", field="description")
    if not owner:
        raise Refused("Enter who will make sure it is done.", field="owner")
    check_owner_length(owner)
    if kind == Remedy.Kind.PAYMENT:
        if amount is None:
            raise Refused(
                "Enter the amount the Ombudsman asked the council to pay.", field="amount"
            )
        if amount <= 0:
            raise Refused("The amount must be more than £0.", field="amount")
        if amount != amount.quantize(Decimal("0.01")) or amount >= MAX_AMOUNT:
            raise Refused(
                "Enter the amount in pounds and pence, like 250 or 250.50.", field="amount"
            )
    else:
        amount = None
    if compliance_due_on < case.received_on:
        raise Refused(
            "The Ombudsman's date for doing it cannot be before it first wrote, on "
            f"{long_date(case.received_on)}.",
            field="compliance_due_on",
        )
    with transition(complaint, "add_remedy", by=by) as step:
        action = Action.objects.create(
            complaint=step.complaint,
            description=description,
            owner=owner,
            due_on=compliance_due_on,
        )
        remedy = Remedy.objects.create(
            case=case,
            kind=kind,
            description=description,
            amount=amount,
            compliance_due_on=compliance_due_on,
            action=action,
        )
        label = remedy.get_kind_display()
        if amount is not None:
            label += f" of £{amount:,.2f}"
        step.summary = (
            f"Ombudsman remedy on {case.reference}: {label}, to be done by "
            f"{long_date(compliance_due_on)} ({shorten(owner, 80)})"
        )
        step.details = {
            "ombudsman_case": case.pk,
            "remedy": remedy.pk,
            "action": action.pk,
            "kind": kind,
            "amount": str(amount) if amount is not None else None,
            "due_on": compliance_due_on.isoformat(),
        }
    return remedy


def record_remedy_evidence(
    complaint: Complaint, *, by: User, remedy: Remedy, evidence_sent_on: date
) -> Remedy:
    """The council sends the Ombudsman evidence that it did what it agreed.

    Evidence of a remedy can only follow the remedy, so its action must be recorded as done
    first (with the evidence of completion), and the evidence cannot have gone before that.
    """
    current = (
        Remedy.objects.filter(pk=remedy.pk, case__complaint_id=complaint.pk)
        .select_related("case", "action")
        .first()
    )
    if current is None:
        raise Refused("That remedy is not on this complaint.", field="remedy")
    remedy = current
    action = remedy.action
    if action.state == Action.State.OPEN or action.completed_on is None:
        raise Refused(
            "Record the remedy's action as done first: the evidence shows the Ombudsman it was "
            "done.",
            field="remedy",
        )
    _not_in_future(evidence_sent_on, "evidence_sent_on", "the evidence was sent")
    if evidence_sent_on < action.completed_on:
        raise Refused(
            "The evidence cannot have been sent before the remedy was done, on "
            f"{long_date(action.completed_on)}.",
            field="evidence_sent_on",
        )
    with transition(complaint, "record_remedy_evidence", by=by) as step:
        step.on = evidence_sent_on
        Remedy.objects.filter(pk=remedy.pk).update(evidence_sent_on=evidence_sent_on)
        step.summary = (
            f"Evidence of the {remedy.get_kind_display().lower()} remedy sent to the Ombudsman "
            f"on {long_date(evidence_sent_on)} ({remedy.case.reference})"
        )
        step.details = {"remedy": remedy.pk, "evidence_sent_on": evidence_sent_on.isoformat()}
    remedy.refresh_from_db()
    return remedy
