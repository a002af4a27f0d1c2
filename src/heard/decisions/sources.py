"""Where an agreed action came from, for apps above ``decisions`` that create actions.

An action comes from a recommendation (Stage 1, 2 or 3: ``decisions`` knows those) or from
something an app above ``decisions`` asked for, such as an Ombudsman remedy. ``decisions``
never imports those apps (decision 016), so each registers an ``ActionSource`` from its
``AppConfig.ready()``, and the actions list and the case page ask the registered sources to
name an action's origin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

if TYPE_CHECKING:
    from heard.complaints.models import Complaint
    from heard.decisions.models import Action


@dataclass(frozen=True)
class Origin:
    """Where one action came from, in words: "Ombudsman remedy: apology", and a reference
    such as the Ombudsman's case number (or "")."""

    words: str
    reference: str = ""


@dataclass(frozen=True)
class ActionSource:
    """A kind of action an app above ``decisions`` creates.

    ``matches`` picks its actions out of ``Action.objects`` (the list's filter);
    ``select_related`` is what ``describe`` reads from an action of the list, so the list stays
    one query; ``describe_for_case`` names the origins of a complaint's actions from what the
    case page prefetched, so the case page asks no query per action.
    """

    key: str
    label: str
    matches: Q
    select_related: tuple[str, ...]
    describe: Callable[[Action], Origin | None]
    describe_for_case: Callable[[Complaint], dict[int, Origin]]


SOURCES: dict[str, ActionSource] = {}


def register_source(source: ActionSource) -> ActionSource:
    """Add a kind of action; called from an app's ``ready()`` (the same source again is no
    change; a different one under the same key is a mistake)."""
    if SOURCES.get(source.key, source) != source:
        raise RuntimeError(f"action source {source.key!r} registered twice")
    SOURCES[source.key] = source
    return source


def registered_sources() -> list[ActionSource]:
    return list(SOURCES.values())
