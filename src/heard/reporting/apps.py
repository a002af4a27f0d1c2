from __future__ import annotations

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Pages that read across cases (the learning log, actions, procedure counts); no models."""

    name = "heard.reporting"
    label = "reporting"
    verbose_name = "Reports"
