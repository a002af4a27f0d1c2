"""The bank holiday table: its contents, the loader, recorded changes, the admin and the cache."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from govuk_bank_holidays.bank_holidays import BankHolidays

from heard.people.models import User
from heard.timescales import actions
from heard.timescales.models import BankHoliday, CalendarChange
from heard.timescales.snapshot import current_calendar

pytestmark = pytest.mark.django_db

# An ordinary working Monday with no bank holiday near it.
PLAIN_MONDAY = date(2026, 6, 15)


@pytest.fixture
def officer() -> User:
    return User.objects.create_user("calendar.officer", password="not-used-here-123")


@pytest.fixture
def admin_client() -> tuple[Client, User]:
    admin = User.objects.create_superuser("calendar.admin", "admin@example.org", "admin-pass-123")
    client = Client()
    client.force_login(admin)
    return client, admin


def govuk_england_and_wales() -> set[date]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(
        division=BankHolidays.ENGLAND_AND_WALES
    )
    return {holiday["date"] for holiday in holidays}


def test_table_matches_the_independent_govuk_list_2012_to_2028() -> None:
    govuk = {d for d in govuk_england_and_wales() if 2012 <= d.year <= 2028}
    # The independent copy really covers these years (about 8 a year plus the one-offs).
    assert {d.year for d in govuk} == set(range(2012, 2029))
    assert len(govuk) > 8 * 17
    ours = set(
        BankHoliday.objects.filter(date__year__gte=2012, date__year__lte=2028).values_list(
            "date", flat=True
        )
    )
    assert sorted(ours - govuk) == [], "in our table but not on gov.uk"
    assert sorted(govuk - ours) == [], "on gov.uk but missing from our table"


def test_table_spans_2010_to_2035() -> None:
    years = set(BankHoliday.objects.dates("date", "year").values_list("date__year", flat=True))
    assert set(range(2010, 2036)) <= years
    assert BankHoliday.objects.filter(date=date(2010, 1, 1)).exists()
    assert BankHoliday.objects.filter(date=date(2035, 12, 25)).exists()
    assert not BankHoliday.objects.filter(date__week_day__in=[1, 7]).exists(), "no weekends"


def test_seeded_rows_come_from_the_package() -> None:
    assert set(BankHoliday.objects.values_list("source", flat=True)) == {"package"}
    assert CalendarChange.objects.filter(action="added").count() == BankHoliday.objects.count()


def test_load_bank_holidays_is_idempotent() -> None:
    before = BankHoliday.objects.count()
    out = StringIO()
    call_command("load_bank_holidays", stdout=out)
    assert out.getvalue().strip() == "load_bank_holidays: 0 added"
    call_command("load_bank_holidays", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "load_bank_holidays: 0 added"
    assert BankHoliday.objects.count() == before


def test_load_bank_holidays_restores_a_missing_day_once() -> None:
    BankHoliday.objects.filter(date=date(2026, 12, 28)).delete()
    first, second = StringIO(), StringIO()
    call_command("load_bank_holidays", stdout=first)
    call_command("load_bank_holidays", stdout=second)
    assert first.getvalue().strip() == "load_bank_holidays: 1 added"
    assert second.getvalue().strip() == "load_bank_holidays: 0 added"
    assert BankHoliday.objects.get(date=date(2026, 12, 28)).source == "package"


def test_load_bank_holidays_never_overwrites_an_administrators_edit(officer: User) -> None:
    holiday = BankHoliday.objects.get(date=date(2026, 8, 31))
    actions.change_bank_holiday(holiday, day=holiday.date, name="Renamed locally", by=officer)
    call_command("load_bank_holidays", stdout=StringIO())
    assert BankHoliday.objects.get(date=date(2026, 8, 31)).name == "Renamed locally"


def test_adding_a_one_off_holiday_is_recorded_and_moves_deadlines(officer: User) -> None:
    start = date(2026, 6, 12)  # a Friday; + 5 is Fri 19 June
    assert current_calendar().add_working_days(start, 5) == date(2026, 6, 19)

    actions.add_bank_holiday(PLAIN_MONDAY, "Proclaimed one-off", by=officer)

    change = CalendarChange.objects.get(date=PLAIN_MONDAY)
    assert (change.action, change.name, change.by) == ("added", "Proclaimed one-off", officer)
    assert change.at is not None
    assert BankHoliday.objects.get(date=PLAIN_MONDAY).source == "administrator"
    calendar = current_calendar()  # same process, no restart
    assert not calendar.is_working_day(PLAIN_MONDAY)
    assert calendar.add_working_days(start, 5) == date(2026, 6, 22)
    assert calendar.holidays[PLAIN_MONDAY] == "Proclaimed one-off"


def test_changing_a_holiday_is_recorded_and_takes_effect(officer: User) -> None:
    holiday = actions.add_bank_holiday(PLAIN_MONDAY, "One-off", by=officer)
    assert not current_calendar().is_working_day(PLAIN_MONDAY)

    moved_to = date(2026, 6, 16)
    actions.change_bank_holiday(holiday, day=moved_to, name="One-off (moved)", by=officer)

    change = CalendarChange.objects.get(action="changed")
    assert (change.date, change.name, change.by) == (moved_to, "One-off (moved)", officer)
    assert "One-off" in change.details and "2026-06-15" in change.details
    calendar = current_calendar()
    assert calendar.is_working_day(PLAIN_MONDAY)
    assert not calendar.is_working_day(moved_to)


def test_removing_a_holiday_is_recorded_and_takes_effect(officer: User) -> None:
    christmas_sub = date(2026, 12, 28)
    assert current_calendar().add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)

    actions.remove_bank_holiday(BankHoliday.objects.get(date=christmas_sub), by=officer)

    change = CalendarChange.objects.get(action="removed")
    assert (change.date, change.by) == (christmas_sub, officer)
    assert not BankHoliday.objects.filter(date=christmas_sub).exists()
    # Christmas Day itself stays a non-working day: reg 2 names it, whatever the table says.
    assert current_calendar().add_working_days(date(2026, 12, 24), 1) == christmas_sub


def test_admin_can_add_a_one_off_day(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    response = client.post(
        "/admin/timescales/bankholiday/add/", {"date": "2026-06-15", "name": "State occasion"}
    )
    assert response.status_code == 302, response.content[:2000]
    holiday = BankHoliday.objects.get(date=PLAIN_MONDAY)
    assert (holiday.name, holiday.source) == ("State occasion", "administrator")
    change = CalendarChange.objects.get(date=PLAIN_MONDAY)
    assert (change.action, change.by) == ("added", admin)
    assert not current_calendar().is_working_day(PLAIN_MONDAY)


def test_admin_changes_and_deletes_are_recorded(admin_client: tuple[Client, User]) -> None:
    client, admin = admin_client
    holiday = actions.add_bank_holiday(PLAIN_MONDAY, "One-off", by=None)
    url = f"/admin/timescales/bankholiday/{holiday.pk}/change/"
    response = client.post(url, {"date": "2026-06-16", "name": "One-off (moved)"})
    assert response.status_code == 302
    changed = CalendarChange.objects.get(action="changed")
    assert (changed.date, changed.by) == (date(2026, 6, 16), admin)

    response = client.post(f"/admin/timescales/bankholiday/{holiday.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    removed = CalendarChange.objects.get(action="removed")
    assert (removed.date, removed.by) == (date(2026, 6, 16), admin)
    assert not BankHoliday.objects.filter(pk=holiday.pk).exists()


def test_calendar_change_is_read_only_in_the_admin(admin_client: tuple[Client, User]) -> None:
    client, _ = admin_client
    change = CalendarChange.objects.order_by("id").first()
    assert change is not None
    before = (change.action, change.date, change.name)
    base = "/admin/timescales/calendarchange/"

    assert client.get(base).status_code == 200  # it can be read
    page = client.get(f"{base}{change.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}add/", {"action": "added", "date": "2026-06-15"}).status_code == 403
    edit = {"action": "removed", "date": "2026-06-15", "name": "Tampered"}
    assert client.post(f"{base}{change.pk}/change/", edit).status_code == 403
    assert client.post(f"{base}{change.pk}/delete/", {"post": "yes"}).status_code == 403
    change.refresh_from_db()
    assert (change.action, change.date, change.name) == before


def test_working_day_calls_make_no_queries(django_assert_num_queries: object) -> None:
    calendar = current_calendar()
    with django_assert_num_queries(0):  # type: ignore[operator]
        day = date(2012, 1, 3)
        for _ in range(2_000):
            day = calendar.add_working_days(day, 2)
        calendar.working_days_between(date(2012, 1, 3), day)
        calendar.is_working_day(day)
    assert day.year > 2016


def test_current_calendar_uses_one_query_when_unchanged(django_assert_num_queries: object) -> None:
    first = current_calendar()
    with django_assert_num_queries(1):  # type: ignore[operator]
        again = current_calendar()
    assert again is first  # the snapshot is reused, not rebuilt


def test_current_calendar_rebuilds_with_a_fixed_number_of_queries(
    django_assert_num_queries: object, officer: User
) -> None:
    first = current_calendar()
    actions.add_bank_holiday(PLAIN_MONDAY, "One-off", by=officer)
    # One for the version, one for the whole table: not one per holiday.
    with django_assert_num_queries(2):  # type: ignore[operator]
        rebuilt = current_calendar()
    assert rebuilt is not first
    assert not rebuilt.is_working_day(PLAIN_MONDAY)
