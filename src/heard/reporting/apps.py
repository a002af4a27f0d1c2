from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Pages that read across cases (the learning log, actions, procedure counts); no models."""

    name = "heard.reporting"
    label = "reporting"
    verbose_name = "Reports"

    def ready(self) -> None:
        """Each procedure report figure opens the case list of the cases behind it: the list
        finds them through ``complaints.case_sets`` (decision 028)."""
        from heard.complaints.case_sets import CaseSet, register_case_set
        from heard.reporting.queries.procedure import FIGURES

        for key, figure in FIGURES.items():
            register_case_set(CaseSet(key, figure.label, figure.complaint_ids))
