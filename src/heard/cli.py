"""The ``heard`` console command: Django's management commands with Heard's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``heard migrate`` or ``heard deadline 2026-12-18 25``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
