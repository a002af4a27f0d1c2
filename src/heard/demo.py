"""Demo data for trying Heard on a laptop: who can sign in, and with what password.

Passwords are made up on the first load and kept in DATA_DIR/demo-users.json (readable by the
owner only), never in the repository. Loading again keeps the same users and passwords.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # what the person does, shown when the sign-in details are printed
    is_admin: bool = False


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("manager", "Morgan", "Ashby", "Complaints Manager (also an administrator)", True),
    DemoUser("officer", "Priya", "Natarajan", "Complaints officer"),
)


def _passwords_path() -> Path:
    return Path(settings.DATA_DIR) / "demo-users.json"


def _load_passwords() -> dict[str, str]:
    path = _passwords_path()
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    return {}


def _save_passwords(passwords: dict[str, str]) -> None:
    path = _passwords_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(passwords, indent=2), encoding="utf-8")
    path.chmod(0o600)


@transaction.atomic
def load_demo_users() -> list[tuple[DemoUser, str]]:
    """Create the demo users that are missing; return each with its password."""
    user_model = get_user_model()
    passwords = _load_passwords()
    result = []
    for demo in DEMO_USERS:
        password = passwords.get(demo.username) or secrets.token_urlsafe(12)
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "is_staff": demo.is_admin,
                "is_superuser": demo.is_admin,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        passwords[demo.username] = password
        result.append((demo, password))
    _save_passwords(passwords)
    return result
