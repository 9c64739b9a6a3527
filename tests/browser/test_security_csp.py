"""In a real Chromium, the Content-Security-Policy blocks nothing Merit itself needs: htmx
autosave, Bootstrap menus and the language switch work, and the console reports no policy
violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_work_under_the_policy_without_violations(page, login, world):  # noqa: F811
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    login("operator_contoh")
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    assessment = world["assessment"]
    page.goto(f"/penilaian/{assessment.pk}/aspek/1/")
    answer = world["answer"]
    code = answer.indicator.code
    section = page.get_by_test_id(f"indicator-{code}")
    with page.expect_response(re.compile(r"/jawaban/\d+/$")):
        section.get_by_role("radio").nth(2).check()
    expect(section.get_by_test_id("saved-state")).to_be_visible()
    answer.refresh_from_db()
    assert answer.level == 3  # htmx (our own script) sent the save under the policy

    page.get_by_test_id("user-menu").click()  # Bootstrap's dropdown script
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    page.get_by_label("Bahasa").select_option("en")  # merit.js submits the form
    expect(page.get_by_test_id("dashboard-title").or_(page.locator("h1")).first).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "en"

    violations = [m for m in messages if "Content Security Policy" in m or "CSP" in m]
    assert not violations, violations
