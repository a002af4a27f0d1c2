"""Static file finding that leaves GOV.UK's reserved font out.

settings.STATICFILES_DIRS serves GOV.UK Frontend's ``dist/govuk`` folder under the ``govuk``
prefix for its JavaScript and images. That folder also holds the GDS Transport font, which is
licensed for GOV.UK only: we must not serve it, nor copy it into STATIC_ROOT. Our stylesheet
(static/heard/heard.scss) uses Arial and has no @font-face rules, so nothing asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.staticfiles.finders import FileSystemFinder
from django.core.files.storage import Storage

# Static paths (under STATIC_URL) that are never served or collected.
RESERVED_PREFIXES = ("govuk/assets/fonts/",)


def is_reserved(path: str) -> bool:
    """True for a static path under one of RESERVED_PREFIXES."""
    return path.replace("\\", "/").lstrip("/").startswith(RESERVED_PREFIXES)


class FileSystemFinderWithoutReserved(FileSystemFinder):
    """Django's FileSystemFinder, minus the reserved paths (for runserver, WhiteNoise and
    collectstatic alike: they all ask the finders)."""

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if is_reserved(path):
            return []  # what FileSystemFinder itself returns for "not here"
        find = super().find
        return find(path, find_all=find_all, **kwargs)  # type: ignore[call-overload]

    def list(self, ignore_patterns: Iterable[str] | None) -> Iterator[tuple[str, Storage]]:
        for path, storage in super().list(ignore_patterns):
            prefix = getattr(storage, "prefix", None) or ""
            if not is_reserved(f"{prefix}/{path}" if prefix else path):
                yield path, storage
