"""The dashboard in Chromium (issue 9, point 3; decision 031): reached from the header, a
figure followed to the list it counts, the chart read as an image with its description, and
axe-core on the dashboard with figures and a chart, at desktop and phone widths."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.personas import create_personas, create_stage1_complaint
from tests.reporting.test_dashboard import stage_rows

WIDER_THAN_THE_SCREEN = """width => [...document.querySelectorAll("body *")]
    .filter(e => e.getBoundingClientRect().right > width)
    .map(e => `${e.tagName}.${e.className}`).slice(0, 8)"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_reads_the_dashboard_and_follows_a_figure(journey: Any) -> None:
    p = create_personas()
    create_stage1_complaint(p.manager)  # open at Stage 1, long overdue
    stage_rows(p, timezone.localdate())
    manager = journey.sign_in("manager")
    page = manager.page

    manager.nav("Dashboard")
    manager.axe()
    chart = page.get_by_role("img", name="Responses on time by stage, last 12 months")
    expect(chart).to_be_visible()
    description = chart.get_attribute("aria-labelledby") or ""
    assert description.split() == ["heard-chart-title", "heard-chart-desc"]
    expect(page.locator("#heard-chart-desc")).to_contain_text("Stage 2: 3 sent")
    table = page.get_by_role("table", name="The figures in the chart")
    expect(table.get_by_role("row", name="Stage 1 4 1 1 2")).to_be_visible()

    figure = page.get_by_role("link", name=re.compile(r"^\d+ cases? with a deadline passed$"))
    overdue = int(figure.locator("[data-figure]").inner_text())
    assert overdue > 1  # the Stage 1 case, and the complaints behind the chart's rows
    figure.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")
    expect(page.get_by_label("Overdue only")).to_be_checked()
    expect(page.locator("tbody tr")).to_have_count(overdue)

    page.go_back()
    page.set_viewport_size({"width": 390, "height": 844})
    manager.axe("dashboard at phone width")
    # Reflow (WCAG 1.4.10): nothing scrolls sideways; the message names what is too wide.
    wide = page.evaluate(WIDER_THAN_THE_SCREEN, 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
