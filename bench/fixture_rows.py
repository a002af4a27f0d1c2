"""What the benchmark fixture's modules share: fast unsaved rows, the officer pool, and the
dates a generator works in.

Kept apart from ``generate_cases.py`` because that file runs as a script: a module that
imported it back would load it a second time under its own name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from django.db import models
from django.db.models.base import ModelState


class Rows:
    """Model instances made without ``Model.__init__``, for speed.

    ``__init__`` sends two signals and sets every field through its descriptor; at a million
    rows that is a fifth of the run. A fixture row needs only its field values and a fresh
    ``_state`` (what Django itself sets up when it loads a row), so that is all this does.
    Unnamed fields take their model default, worked out once per model.

    ``links`` names a parent row that is not saved yet (``point=<ComplaintPoint>``): it goes
    in the row's relation cache, where ``bulk_create`` takes the parent's new id from it, so
    a chunk's rows can be made in one pass and written parents first.
    """

    def __init__(self) -> None:
        self._defaults: dict[type[models.Model], dict[str, Any]] = {}

    def make(
        self,
        model: type[models.Model],
        links: dict[str, models.Model] | None = None,
        **values: Any,
    ) -> Any:
        defaults = self._defaults.get(model)
        if defaults is None:
            defaults = {
                f.attname: None if f.primary_key else f.get_default()
                for f in model._meta.concrete_fields
            }
            self._defaults[model] = defaults
        row = model.__new__(model)
        row.__dict__.update(defaults)
        row.__dict__.update(values)
        row._state = ModelState()
        if links:
            row._state.fields_cache.update(links)
        return row


@dataclass
class Pool:
    """The officers by staff role, the user every generated case is recorded by, the
    complaints team the cases are handed to, and the hourly rate agreed on the roster for
    each external officer (for fees)."""

    by_role: dict[str, list[int]]
    recorder: int
    rates: dict[int, Any]
    handlers: list[int]  # the complaints officers and managers, who each handle cases


class Days(Protocol):
    """The working-day arithmetic a generator does, relative to one fixed ``today``."""

    today: date

    def ago(self, working_days: int) -> date: ...

    def plus(self, day: date, working_days: int) -> date: ...

    def capped(self, day: date) -> date: ...

    def stamp(self, day: date, minute: int) -> datetime: ...
