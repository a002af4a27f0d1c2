from __future__ import annotations

from django.apps import AppConfig


class RosterConfig(AppConfig):
    """The roster's pages and the providers' export. They read appointments and time, so they
    sit above ``complaints``; the roster's own records are in ``people``."""

    name = "heard.roster"
    label = "roster"
    verbose_name = "Roster of independent officers"

    def ready(self) -> None:
        """Show the time officers recorded under the case page's appointments: a section
        registered with ``complaints``, which never imports ``roster`` (decision 016)."""
        from heard.complaints.sections import Section, register_section
        from heard.roster.fees import TIME_PREFETCH, time_section

        register_section(
            Section(
                key="time_and_fees",
                template="roster/includes/case_time.html",
                context=time_section,
                place="people",
                prefetch=(TIME_PREFETCH,),
            )
        )
