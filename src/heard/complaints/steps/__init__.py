"""Steps: the form behind each workflow event, and how its answers reach the action.

Every event in the workflow table that a person performs through a page is a *step*: a form
class and a ``run`` function that passes the cleaned answers to the one action for that event.
One generic view (``complaints.views.steps``) shows and submits every step, so permission
checks, error handling and redirects are written once.

Register a step next to the forms for its part of the procedure:

    @step("extend_stage1", ExtendStage1Form)
    def _(complaint, user, data):
        stage1.extend_stage1(complaint, by=user, **data)

Forms take ``complaint`` and ``user`` keyword arguments (for choices such as "which point" or
"which person"), and should use ``heard.govuk_forms.GovukFormMixin``.

Each app imports its own step modules from its ``AppConfig.ready()`` (as ``django.contrib.admin``
finds each app's ``admin.py``), so this package lists steps from investigations, decisions and the
Ombudsman without importing those apps: a lower layer never imports a higher one (decision 016).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heard.complaints.models import Complaint

if TYPE_CHECKING:
    from heard.complaints.steps.fields import StepForm

Runner = Callable[[Complaint, Any, dict[str, Any]], Any]


@dataclass(frozen=True)
class StepSpec:
    event: str
    form_class: type[StepForm]
    run: Runner
    template: str = "complaints/step.html"
    # Shown above the form: why this step matters, in plain English.
    guidance: str = ""


STEPS: dict[str, StepSpec] = {}


def step(
    event: str, form_class: type[StepForm], *, template: str | None = None, guidance: str = ""
) -> Callable[[Runner], Runner]:
    """Register the form and runner for ``event``."""

    def register(run: Runner) -> Runner:
        if event in STEPS:
            raise RuntimeError(f"step {event!r} registered twice")
        STEPS[event] = StepSpec(
            event, form_class, run, template or "complaints/step.html", guidance
        )
        return run

    return register


def load_steps() -> dict[str, StepSpec]:
    """The registry, filled by every app's ``ready()`` once Django has started.

    It imports nothing: importing the higher apps' step modules from here would tie
    ``complaints`` to the apps above it (decision 016)."""
    return STEPS
