"""``heard import-cases FILE``: bring in cases mid-procedure from a CSV file, all or nothing.

The work is in ``heard.importing``; this command reads the file, names who records the steps,
and prints the result. The file's format is in ``docs/importing-cases.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from heard.importing import ImportFailed, default_importer, import_cases


class Command(BaseCommand):
    help = (
        "Import complaints part-way through the procedure from a CSV file (one row per case), "
        "through the same steps as recording them in Heard. Any bad row stops the whole import: "
        "each is listed with its line number, and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", help="the CSV file (UTF-8), as described in docs/importing-cases.md"
        )
        parser.add_argument(
            "--by",
            metavar="USERNAME",
            help="the complaints manager the steps are recorded as "
            "(default: the only active complaints manager)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row and replay it, then import nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}", returncode=2) from None
        try:
            by = self._importer(options["by"])
            result = import_cases(text, by=by, dry_run=options["dry_run"])
        except ImportFailed as failed:
            for error in failed.errors:
                self.stderr.write(error)
            raise CommandError(
                f"nothing imported: {len(failed.errors)} "
                f"problem{'s' if len(failed.errors) != 1 else ''} in {path}",
                returncode=2,
            ) from None
        self.stdout.write(result.summary())

    def _importer(self, username: str | None) -> Any:
        if username is None:
            return default_importer()
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise ImportFailed([f"no active user '{username}' in Heard (--by)"]) from None
