"""Who hears of each case event: a registry the apps above the procedure fill.

A letter belongs to the step that needs it, but the app that writes letters (``documents``)
sits above every procedure app, and none of them may import it (decision 016). So the audit
log, which every step already writes to, announces each event to the subscribers registered
for its name, from inside the step's transaction: what a subscriber writes (a draft letter)
commits with the step or not at all. A subscriber that fails fails the step, so nothing is
recorded without the letter it owes. Anything slow belongs after commit, as a task.

    subscribe("complaint.acknowledge", draft_acknowledgement)

Subscribers are registered from an app's ``AppConfig.ready()``; registering the same function
for the same name again is no change (``ready()`` may run twice in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heard.audit.models import CaseEvent

Subscriber = Callable[["CaseEvent"], None]

# Event name -> subscribers, in the order they were registered. "*" hears every event.
SUBSCRIBERS: dict[str, list[Subscriber]] = {}


def subscribe(name: str, subscriber: Subscriber) -> Subscriber:
    """Call ``subscriber(event)`` for each event named ``name`` (or every event, for "*")."""
    listeners = SUBSCRIBERS.setdefault(name, [])
    if subscriber not in listeners:
        listeners.append(subscriber)
    return subscriber


# Set while a case's history is being recorded from elsewhere (``heard import-cases`` replays
# another system's steps): those steps happened long ago, their letters were sent from that
# system, and nothing should be drafted for them now.
_HISTORY: ContextVar[bool] = ContextVar("recording_history", default=False)


@contextmanager
def recording_history() -> Iterator[None]:
    """Within this block, events are written but announced to no one."""
    marker = _HISTORY.set(True)
    try:
        yield
    finally:
        _HISTORY.reset(marker)


def announce(event: CaseEvent) -> None:
    """Tell the subscribers of ``event.name`` (then those of "*") that it was written."""
    if _HISTORY.get():
        return
    for subscriber in (*SUBSCRIBERS.get(event.name, ()), *SUBSCRIBERS.get("*", ())):
        subscriber(event)
