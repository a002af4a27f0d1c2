"""Parts of the case page that apps above ``complaints`` show.

The case page belongs to ``complaints``, but some of what it shows belongs to apps above it:
the agreed actions (``decisions``), the Ombudsman's cases (``ombudsman``), the time officers
recorded (``roster``). A lower app never imports a higher one (decision 016), so each of those
apps registers its section from its ``AppConfig.ready()``, as ``django.contrib.admin`` lets
each app register its ``admin.py``:

    register_section(Section(
        key="agreed_actions",
        template="decisions/includes/case_actions.html",
        context=agreed_actions_section,
        order=20,
    ))

``context(complaint, user, today)`` works out what the template shows from the complaint that
``case_queryset()`` fetched; the template finds it as ``section``. It returns ``None`` when
there is nothing to show, and the section is left out. It must read a fixed number of queries
however much is recorded (the case page's tests count them), so it reads prefetched relations:
what it needs beyond ``case_queryset()``'s own goes in ``prefetch``.

``place`` says where on the page a section goes: ``"main"`` after the Stage 3 card, or
``"people"`` after the appointments table. Within a place, sections are shown by ``order``
(then ``key``), lowest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

if TYPE_CHECKING:
    from heard.complaints.models import Complaint

PLACES = ("main", "people")

SectionContext = Callable[["Complaint", Any, date], Any]


@dataclass(frozen=True)
class Section:
    """A part of the case page registered by an app above ``complaints``."""

    key: str
    template: str
    context: SectionContext
    order: int = 100
    place: str = "main"
    prefetch: tuple[str | Prefetch, ...] = ()
    # (anchor, words) for the page's "On this page" list, when the section has a link there.
    contents: tuple[str, str] | None = None


@dataclass(frozen=True)
class ShownSection:
    """A section with what its template shows, for one complaint, user and day."""

    key: str
    template: str
    context: Any


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> Section:
    """Add ``section`` to the case page. Called from an app's ``ready()`` (which Django may
    call twice when tests change the installed apps: the same section again is no change). A
    key registered twice with different sections is a mistake (two apps claiming one
    section), so it raises rather than replace."""
    if section.place not in PLACES:
        raise ValueError(f"section {section.key!r}: place must be one of {PLACES}")
    if SECTIONS.get(section.key, section) != section:
        raise RuntimeError(f"section {section.key!r} registered twice")
    SECTIONS[section.key] = section
    return section


def registered_sections() -> list[Section]:
    """Every registered section, in page order within each place."""
    return sorted(SECTIONS.values(), key=lambda s: (PLACES.index(s.place), s.order, s.key))


def section_prefetches() -> list[str | Prefetch]:
    """What the sections read beyond ``case_queryset()``, each lookup once."""
    lookups: list[str | Prefetch] = []
    for section in registered_sections():
        lookups.extend(p for p in section.prefetch if p not in lookups)
    return lookups


def shown_sections(complaint: Complaint, user: Any, today: date) -> dict[str, list[ShownSection]]:
    """The sections to show on this complaint's page, by place, in order; a section whose
    ``context`` returns ``None`` has nothing to show and is left out."""
    shown: dict[str, list[ShownSection]] = {place: [] for place in PLACES}
    for section in registered_sections():
        context = section.context(complaint, user, today)
        if context is not None:
            shown[section.place].append(ShownSection(section.key, section.template, context))
    return shown
