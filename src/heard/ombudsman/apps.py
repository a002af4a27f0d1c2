from __future__ import annotations

from django.apps import AppConfig


class OmbudsmanConfig(AppConfig):
    name = "heard.ombudsman"
    label = "ombudsman"
    verbose_name = "The Ombudsman"
