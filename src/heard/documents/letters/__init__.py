"""The catalogue's entries, one module per part of the procedure."""

from __future__ import annotations

from importlib import import_module

MODULES = ("intake", "stage1", "stage2", "stage2_late", "stage3", "reports")


def register_all() -> None:
    """Import each module that exists; each registers its letters as it is imported."""
    for name in MODULES:
        try:
            import_module(f"heard.documents.letters.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"heard.documents.letters.{name}":
                raise
