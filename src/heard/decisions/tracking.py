"""Agreed actions, from agreement to sign-off, and archiving (domain.md rule 38).

Rule 38: every accepted recommendation or action, at any stage, has an owner, a due date and
evidence of completion; overdue ones escalate to the Complaints Manager; and a complaint cannot
be archived while one is open. Leeds 20 007 060 (domain.md 6.3) is the Ombudsman finding fault
because agreed outcomes were never carried out, so an action is "open" until the Complaints
Manager signs it off, not merely until someone says it is done.

Actions come from four places: what the council agrees to do at Stage 1 (here), an accepted
Stage 2 recommendation (``decisions.actions.adjudicate``), a Stage 3 recommendation the council
accepts in its response to the panel, and an Ombudsman remedy (``ombudsman.actions.add_remedy``).

Which actions are overdue, awaiting sign-off and so on is worked out here too, so the case
page, the cross-case list, the home page and ``heard tick`` all count the same way.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from heard.compiled import CompiledCounts
from heard.complaints.actions.happened import check_happened_on
from heard.complaints.models import Complaint
from heard.complaints.transitions import Refused, transition
from heard.decisions.models import Action, Recommendation
from heard.people.models import User
from heard.timescales.dates import long_date


def overdue_q(today: date) -> Q:
    """Not yet done and past its due date. An action recorded as done is waiting for the
    Complaints Manager's sign-off, which is a different list, not an overdue one."""
    return Q(state=Action.State.OPEN, due_on__lt=today)


def overdue_actions(today: date) -> QuerySet[Action]:
    return Action.objects.filter(overdue_q(today))


def action_slices(today: date) -> dict[str, QuerySet[Action]]:
    """The actions overdue and those waiting for sign-off, to count (rule 38)."""
    return {
        "overdue": Action.objects.filter(overdue_q(today)),
        "awaiting_sign_off": Action.objects.filter(state=Action.State.DONE),
    }


# Compiled once per process (decision 037): the manager's home page reads it on every visit.
_ACTION_COUNTS = CompiledCounts(action_slices, date)


def action_counts(today: date) -> dict[str, int]:
    """How many actions are overdue and how many wait for sign-off, in one query: what the
    Complaints Manager is told on the home page and ``heard tick`` reports (rule 38). Each
    count is a range of the (state, due_on) index, counted from the index alone (decision
    032); signed-off actions, most of them once a council has used Heard for a while, are
    never read."""
    return _ACTION_COUNTS.counts(today)


def is_overdue(action: Action, today: date) -> bool:
    """The same test as ``overdue_q``, for an action already in memory."""
    return action.state == Action.State.OPEN and action.due_on < today


OWNER_MAX = Action._meta.get_field("owner").max_length or 200


def check_owner_length(owner: str) -> None:
    if len(owner) > OWNER_MAX:
        raise Refused(f"The owner must be {OWNER_MAX} characters or fewer.", field="owner")


def _action_of(complaint: Complaint, action: Action) -> Action:
    """The action as stored now (the caller's copy may be older), if it is this complaint's."""
    current = Action.objects.filter(pk=action.pk, complaint_id=complaint.pk).first()
    if current is None:
        raise Refused("That action is not on this complaint.", field="action")
    return current


def agree_stage1_action(
    complaint: Complaint,
    *,
    by: User,
    text: str,
    owner: str,
    due_on: date,
) -> Action:
    """At Stage 1 the council may agree to put something right. What it agreed is recorded as
    an accepted Stage 1 recommendation, and the action that carries it out as an action with
    an owner and a due date (rule 38), so it is tracked like a Stage 2 or 3 one."""
    text = text.strip()
    owner = owner.strip()
    if not text:
        raise Refused("Enter what the council has agreed to do.", field="text")
    if not owner:
        raise Refused("Enter who is responsible for doing it.", field="owner")
    check_owner_length(owner)
    if due_on < complaint.received_on:
        raise Refused(
            "It cannot be due before the complaint was received, on "
            f"{long_date(complaint.received_on)}.",
            field="due_on",
        )
    with transition(complaint, "agree_stage1_action", by=by) as step:
        number = (
            Recommendation.objects.filter(complaint=step.complaint, stage=1)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        recommendation = Recommendation.objects.create(
            complaint=step.complaint,
            stage=1,
            number=number,
            text=text,
            accepted=True,
            decided_by=by,
        )
        action = Action.objects.create(
            recommendation=recommendation,
            complaint=step.complaint,
            description=text,
            owner=owner,
            due_on=due_on,
        )
        step.summary = (
            f"Stage 1 action agreed: {shorten(owner, 80)} to do it by {long_date(due_on)}"
        )
        step.details = {
            "recommendation": recommendation.pk,
            "action": action.pk,
            "due_on": due_on.isoformat(),
        }
    return action


def complete_action(
    complaint: Complaint,
    *,
    by: User,
    action: Action,
    evidence: str,
    completed_on: date,
) -> Action:
    """Rule 38: an action is done only with evidence of completion. It then waits for the
    Complaints Manager's sign-off, and is still open as far as archiving goes."""
    action = _action_of(complaint, action)
    if action.state == Action.State.DONE:
        raise Refused("That action is already recorded as done.", field="action")
    if action.state == Action.State.SIGNED_OFF:
        raise Refused("That action has already been signed off.", field="action")
    evidence = evidence.strip()
    if not evidence:
        raise Refused(
            "Describe the evidence that it was done, such as the letter sent or the payment "
            "reference.",
            field="evidence",
        )
    check_happened_on(completed_on, field="completed_on", what="The date it was done")
    if completed_on < complaint.received_on:
        raise Refused(
            "It cannot have been done before the complaint was received, on "
            f"{long_date(complaint.received_on)}.",
            field="completed_on",
        )
    with transition(complaint, "complete_action", by=by) as step:
        step.on = completed_on
        # Compare-and-set: two people recording the same action cannot both succeed.
        changed = Action.objects.filter(
            pk=action.pk, complaint=step.complaint, state=Action.State.OPEN
        ).update(
            state=Action.State.DONE,
            evidence=evidence,
            completed_on=completed_on,
            completed_recorded_by=by,
        )
        if not changed:
            raise Refused("That action has just been recorded as done.", field="action")
        late = completed_on > action.due_on
        step.summary = (
            f"Action done on {long_date(completed_on)}"
            + (f", after its due date of {long_date(action.due_on)}" if late else "")
            + f": {shorten(action.description)}"
        )
        step.details = {
            "action": action.pk,
            "completed_on": completed_on.isoformat(),
            "late": late,
        }
    action.refresh_from_db()
    return action


def sign_off_action(
    complaint: Complaint, *, by: User, action: Action, on: date | None = None
) -> Action:
    """Rule 38: the Complaints Manager checks the evidence and signs the action off; only
    then is it closed, and only then may the complaint be archived.

    The manager may sign off an action they recorded as done themselves: in a small team the
    Complaints Manager often does both, and refusing would leave actions open for want of a
    second manager. Both names are kept (``completed_recorded_by`` and ``signed_off_by``) and
    the event says when they are the same person, so an auditor can see it. ``on`` is the
    date it was signed off; today when None.
    """
    action = _action_of(complaint, action)
    if action.state == Action.State.OPEN:
        raise Refused(
            "That action is still open: record it as done with evidence first.", field="action"
        )
    if action.state == Action.State.SIGNED_OFF:
        raise Refused("That action has already been signed off.", field="action")
    today = check_happened_on(
        on,
        what="The date it was signed off",
        after=action.completed_on,
        after_what="it was done",
    )
    with transition(complaint, "sign_off_action", by=by) as step:
        step.on = today
        changed = Action.objects.filter(
            pk=action.pk, complaint=step.complaint, state=Action.State.DONE
        ).update(state=Action.State.SIGNED_OFF, signed_off_by=by, signed_off_on=today)
        if not changed:
            raise Refused("That action has just been signed off.", field="action")
        same_person = action.completed_recorded_by_id == by.pk
        step.summary = f"Action signed off: {shorten(action.description)}"
        step.details = {
            "action": action.pk,
            "completed_recorded_by": action.completed_recorded_by_id,
            "signed_off_by": by.pk,
            "same_person": same_person,
        }
    action.refresh_from_db()
    return action


def archive(complaint: Complaint, *, by: User, on: date | None = None) -> Complaint:
    """Rule 38: an ended complaint goes into the archive only when every agreed action is
    signed off (the ``no_open_actions`` guard refuses otherwise). New work on it later, such as
    an Ombudsman enquiry, brings it back out (``transitions.transition``). ``on`` is the date
    it was archived; today when None."""
    closed = complaint.closed_on
    day = check_happened_on(
        on,
        what="The date it was archived",
        after=closed or complaint.received_on,
        after_what="the complaint was closed" if closed else "the complaint was received",
    )
    with transition(complaint, "archive", by=by) as step:
        step.on = day
        step.complaint.archived_on = day
        step.complaint.save(update_fields=["archived_on"])
        count = len(step.complaint.actions.all())
        step.summary = "Archived" + (
            f": all {count} agreed action{'s' if count != 1 else ''} signed off" if count else ""
        )
        step.details = {"actions_signed_off": count}
    return complaint


def shorten(text: str, limit: int = 120) -> str:
    """Case event summaries hold 300 characters: keep a long description to its start."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
