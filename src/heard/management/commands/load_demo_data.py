"""``heard load_demo_data``: demo users (and, as Heard grows, demo cases). Safe to run twice."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from heard.demo import load_demo_users


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
        self.stdout.write("")
        self.stdout.write("Heard demo users (sign in at http://127.0.0.1:8000/):")
        width = max(len(demo.username) for demo, _ in users)
        for demo, password in users:
            self.stdout.write(f"  {demo.username:<{width}}  password {password}  {demo.role}")
        self.stdout.write(f"These details are kept in {settings.DATA_DIR / 'demo-users.json'}.")
        self.stdout.write("")
