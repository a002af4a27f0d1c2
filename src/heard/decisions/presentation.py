"""How pages show an agreed action's state, shared by the decisions pages and the Ombudsman's
case-page section (``ombudsman`` sits above ``decisions``, and reads this rather than a view)."""

from __future__ import annotations

from heard.decisions.models import Action

# The GOV.UK tag colour for each state of an action.
STATE_TAGS: dict[str, str] = {
    Action.State.OPEN: "govuk-tag--yellow",
    Action.State.DONE: "govuk-tag--blue",
    Action.State.SIGNED_OFF: "govuk-tag--green",
}
