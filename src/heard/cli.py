"""The ``heard`` console command: Django's management commands with Heard's settings."""

from __future__ import annotations

import os
import sys

# Commands people type with a hyphen, as the documentation writes them; Django's command
# modules are Python names, so ``heard import-cases`` runs ``import_cases``.
HYPHENATED = {"import-cases": "import_cases"}


def main(argv: list[str] | None = None) -> None:
    """Run a management command, e.g. ``heard migrate`` or ``heard deadline 2026-12-18 25``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        args[0] = HYPHENATED.get(args[0], args[0])
    execute_from_command_line(["heard", *args])


if __name__ == "__main__":
    main()
