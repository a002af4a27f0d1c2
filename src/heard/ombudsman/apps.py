from __future__ import annotations

from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "heard.ombudsman"
    label = "ombudsman"
    verbose_name = "The Ombudsman"

    def ready(self) -> None:
        """Register this app's steps with ``complaints`` (decision 016)."""
        from heard.ombudsman import steps  # noqa: F401
