from __future__ import annotations

from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "heard.timescales"
    label = "timescales"
    verbose_name = "Timescales and bank holidays"
