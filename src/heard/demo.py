"""Demo data for trying Heard on a laptop: who can sign in, and with what password.

Passwords are made up on the first load and kept in DATA_DIR/demo-users.json (readable by the
owner only), never in the repository. Loading again keeps the same users and passwords.

There is one demo user for every staff role, so each part of the procedure can be tried as
the person who does it: the external Investigating Officers and Independent Persons are
marked as not council members or officers (and one Independent Person left the council two
years ago, so appointing them shows the former-staff warning). The demo complaints that use
these people are built in ``heard.demo_cases``, and their roster details (skills, DBS,
availability) with those of the other independent officers in ``heard.demo_roster``.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from heard.people.roles import StaffRole


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str  # what the person does, shown when the sign-in details are printed
    is_admin: bool = False  # a Django superuser: the admin site, everything
    groups: tuple[str, ...] = ()  # staff roles (auth groups), see heard.people.roles
    job_title: str = ""
    team: str = ""
    organisation: str = ""  # for external officers: the provider they work for
    external: bool = False  # not a member or officer of the council (reg 2 independence)
    left_council_years_ago: int | None = None  # former council staff: shows the 3-year warning
    permissions: tuple[str, ...] = ()  # "app_label.codename", for the admin site


# The administrator keeps the reference data: a proclaimed one-off bank holiday is added in
# the admin (domain.md, Decisions for Heard 1), so they get the admin site and those rights.
ADMINISTRATOR_PERMISSIONS = (
    "timescales.view_bankholiday",
    "timescales.add_bankholiday",
    "timescales.change_bankholiday",
    "timescales.view_calendarchange",
)

DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "manager", "Morgan", "Ashby", "Complaints Manager (also a Django administrator)", True,
        groups=(StaffRole.COMPLAINTS_MANAGER,), job_title="Complaints Manager",
        team="Children's Services Complaints Team",
    ),
    DemoUser(
        "officer", "Priya", "Natarajan", "Complaints officer",
        groups=(StaffRole.COMPLAINTS_OFFICER,), job_title="Complaints Officer",
        team="Children's Services Complaints Team",
    ),
    DemoUser(
        "adjudicator", "Helena", "Marchbank",
        "Adjudicating officer (senior manager: Assistant Director)",
        groups=(StaffRole.ADJUDICATING_OFFICER,),
        job_title="Assistant Director, Children's Social Care", team="Children's Services",
    ),
    DemoUser(
        "senior", "Desmond", "Oyelaran",
        "Second senior manager (signs off Stage 2 refusals; can adjudicate)",
        groups=(StaffRole.ADJUDICATING_OFFICER,),
        job_title="Head of Service, Children in Care", team="Children's Services",
    ),
    DemoUser(
        "io1", "Fenella", "Brackenridge", "Investigating Officer (external, Larkhill Reviews)",
        groups=(StaffRole.INVESTIGATING_OFFICER,), job_title="Independent Investigating Officer",
        organisation="Larkhill Reviews Ltd (demo)", external=True,
    ),
    DemoUser(
        "io2", "Owain", "Trevelyan-Hart", "Investigating Officer (external, Cobbold Associates)",
        groups=(StaffRole.INVESTIGATING_OFFICER,), job_title="Independent Investigating Officer",
        organisation="Cobbold Associates (demo)", external=True,
    ),
    DemoUser(
        "ip1", "Marguerite", "Okonkwo-Bell", "Independent Person (external, Larkhill Reviews)",
        groups=(StaffRole.INDEPENDENT_PERSON,), job_title="Independent Person",
        organisation="Larkhill Reviews Ltd (demo)", external=True,
    ),
    DemoUser(
        "ip2", "Ruairi", "Pennyfeather",
        "Independent Person (external; left the council 2 years ago: shows the warning)",
        groups=(StaffRole.INDEPENDENT_PERSON,), job_title="Independent Person",
        organisation="Self-employed (demo)", external=True, left_council_years_ago=2,
    ),
    DemoUser(
        "chair", "Imogen", "Castellano", "Stage 3 panel chair (external, Weald Independent Panels)",
        groups=(StaffRole.PANEL_CHAIR, StaffRole.PANEL_MEMBER), job_title="Independent panel chair",
        organisation="Weald Independent Panels CIC (demo)", external=True,
    ),
    DemoUser(
        "panelmember", "Bartholomew", "Achebe-Lowe",
        "Stage 3 panel member (external, Weald Independent Panels)",
        groups=(StaffRole.PANEL_MEMBER,), job_title="Independent panel member",
        organisation="Weald Independent Panels CIC (demo)", external=True,
    ),
    DemoUser(
        "responder", "Gwen", "Halloran", "Service manager (Stage 1 responder)",
        groups=(StaffRole.STAFF_MEMBER,), job_title="Service Manager, Children in Care",
        team="Children in Care team",
    ),
    DemoUser(
        "administrator", "Tobias", "Quennell",
        "Administrator (bank holidays and reference data in the admin site)",
        groups=(StaffRole.ADMINISTRATOR,), job_title="Systems Administrator",
        team="Children's Services Business Support", permissions=ADMINISTRATOR_PERMISSIONS,
    ),
)  # fmt: skip


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


def _permissions(names: tuple[str, ...]) -> list[Permission]:
    found = []
    for name in names:
        app_label, codename = name.split(".", 1)
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:  # created by migrate's post_migrate signal
            found.append(permission)
    return found


@transaction.atomic
def load_demo_users() -> list[tuple[DemoUser, str]]:
    """Create the demo users that are missing; return each with its password.

    Roles and permissions are (re)applied on every load, so a database made by an older
    version of this file, whose users had no roles, is brought up to date; nothing else
    about an existing user is changed.
    """
    user_model = get_user_model()
    passwords = _load_passwords()
    today = timezone.localdate()
    result = []
    for demo in DEMO_USERS:
        password = passwords.get(demo.username) or secrets.token_urlsafe(12)
        left = (
            today - relativedelta(years=demo.left_council_years_ago)
            if demo.left_council_years_ago is not None
            else None
        )
        user, created = user_model.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "is_staff": demo.is_admin or bool(demo.permissions),
                "is_superuser": demo.is_admin,
                "job_title": demo.job_title,
                "team": demo.team,
                "organisation": demo.organisation,
                "is_council_member_or_officer": not demo.external,
                "left_council_on": left,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        user.groups.add(*Group.objects.filter(name__in=demo.groups))
        if demo.permissions:
            user.user_permissions.add(*_permissions(demo.permissions))
        passwords[demo.username] = password
        result.append((demo, password))
    _save_passwords(passwords)
    return result
