from __future__ import annotations

from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "heard.complaints"
    label = "complaints"
    verbose_name = "Complaints"
