"""``heard load_demo_data``: demo users, rooms and complaints. Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from heard.complaints.models import Complaint
from heard.demo import load_demo_users
from heard.demo_cases import CASES, load_demo_cases
from heard.demo_roster import load_demo_roster


class Command(BaseCommand):
    help = "Load demo users and data for trying Heard locally, and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even though HEARD_DEBUG is off (never on a live system)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "demo data is for local trials: set HEARD_DEBUG=true, or pass --force", returncode=2
            )
        users = load_demo_users()
        on_roster = load_demo_roster(timezone.localdate())
        loaded = load_demo_cases()
        self.stdout.write("")
        if loaded.added:
            self.stdout.write(f"Demo complaints added ({len(loaded.added)}):")
            width = max(len(complaint.reference) for _, complaint in loaded.added)
            for story, complaint in loaded.added:
                self.stdout.write(f"  {complaint.reference:<{width}}  {story.label}")
        else:
            self.stdout.write(f"The {len(CASES)} demo complaints are already loaded.")
        self.stdout.write(
            f"{Complaint.objects.count()} complaints in the database; "
            f"{loaded.rooms} interview rooms; {on_roster} independent officers on the roster."
        )
        self.stdout.write("")
        self.stdout.write("Heard demo users (sign in at http://127.0.0.1:8000/):")
        width = max(len(demo.username) for demo, _ in users)
        for demo, password in users:
            self.stdout.write(f"  {demo.username:<{width}}  password {password}  {demo.role}")
        self.stdout.write(f"These details are kept in {settings.DATA_DIR / 'demo-users.json'}.")
        self.stdout.write("")
