from __future__ import annotations

from django.apps import AppConfig


class RosterConfig(AppConfig):
    """The roster's pages and the providers' export. They read appointments and time, so they
    sit above ``complaints``; the roster's own records are in ``people``."""

    name = "heard.roster"
    label = "roster"
    verbose_name = "Roster of independent officers"
