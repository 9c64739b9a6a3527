"""The operator's, reviewer's and admin's main pages pass axe-core (no serious or critical
violation of WCAG 2 A/AA), the navbar links meet 4.5:1, a skip link leads to the content, the
keyboard focus is clearly visible; on a phone the score and the next aspect are in reach."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment import workflow
from assessment.models import Assessment
from tests.assessment.conftest import fill_in
from tests.factories import TEST_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""

CONTRAST = """(selector) => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.map(c => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const parse = (s) => s.match(/[\\d.]+/g).map(Number);
  const link = document.querySelector(selector);
  const [r, g, b, a = 1] = parse(getComputedStyle(link).color);
  let el = link, bg;
  while (el) {
    const c = parse(getComputedStyle(el).backgroundColor);
    if (c.length < 4 || c[3] > 0) { bg = c; break; }
    el = el.parentElement;
  }
  const mix = [r, g, b].map((c, i) => c * a + bg[i] * (1 - a));
  const [l1, l2] = [lum(mix), lum(bg.slice(0, 3))].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}"""


@pytest.fixture
def context(browser, live_server):
    # The app's Content-Security-Policy rightly forbids injected scripts; the test's own
    # axe script is let in by the browser context, not by the app.
    context = browser.new_context(base_url=live_server.url, locale="id-ID", bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


def _log_in(page, username):
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def _violations(page, url):
    page.goto(url)
    page.evaluate(AXE)
    found = page.evaluate(RUN_AXE)
    if found:
        screenshot(page, "axe-" + (url.strip("/").replace("/", "-") or "beranda"))
    return found


@pytest.fixture
def submitted(draft, people):
    fill_in(draft, people["operator_contoh"])
    workflow.assessment_submit(assessment=draft, actor=people["operator_contoh"])
    return draft


def test_the_operator_s_main_pages_pass_axe(context, people, draft):
    page = context.new_page()
    _log_in(page, "operator_contoh")
    pages = ["/", "/penilaian/", f"/penilaian/{draft.pk}/", f"/penilaian/{draft.pk}/aspek/1/"]
    assert {url: _violations(page, url) for url in pages} == dict.fromkeys(pages, [])


def test_the_reviewer_s_main_pages_pass_axe(context, people, submitted):
    page = context.new_page()
    _log_in(page, "reviewer_provinsi")
    pages = [
        "/",
        "/penilaian/antrean/",
        f"/penilaian/{submitted.pk}/verifikasi/",
        "/penilaian/dasbor/",
    ]
    assert {url: _violations(page, url) for url in pages} == dict.fromkeys(pages, [])


def test_the_admin_s_main_pages_pass_axe(context, people, draft, unit_contoh):
    page = context.new_page()
    _log_in(page, "admin_contoh")
    pages = ["/", "/pegawai/", "/pengguna/", "/audit/", "/pemberitahuan/"]
    assert {url: _violations(page, url) for url in pages} == dict.fromkeys(pages, [])


def test_navbar_links_meet_aa_contrast(context, people):
    page = context.new_page()
    _log_in(page, "admin_contoh")
    ratio = page.evaluate(CONTRAST, "#nav-main .nav-link")
    assert ratio >= 4.5, f"navbar link contrast {ratio:.2f}:1"


def test_on_a_laptop_the_navbar_of_every_role_stays_on_the_screen(browser, live_server, people):
    """A superadmin's dozen links ran off a 1366 px screen, with the user menu and the
    language choice; a reviewer's broke "Antrean verifikasi" over two lines."""
    width = LAPTOP["width"]
    for username in ("superadmin", "reviewer_provinsi", "admin_contoh"):
        context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=LAPTOP)
        page = context.new_page()
        try:
            _log_in(page, username)
            boxes = page.eval_on_selector_all(
                "#nav-main .nav-link, select[name=language]",
                "els => els.map(el => { const r = el.getBoundingClientRect();"
                " return [el.textContent.trim(), r.right, r.height]; })",
            )
            off_screen = [text for text, right, _height in boxes if right > width]
            assert not off_screen, f"{username}: {off_screen} past the right edge"
            line = page.eval_on_selector(
                "#nav-main .nav-link", "el => parseFloat(getComputedStyle(el).lineHeight)"
            )
            broken = [text for text, _right, height in boxes if text and height > 2 * line]
            assert not broken, f"{username}: {broken} over two lines"
        finally:
            context.close()


def test_the_keyboard_reaches_the_content_and_sees_the_focus(context, people):
    page = context.new_page()
    _log_in(page, "operator_contoh")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "isi"
    # Tab on to the next link: its focus ring is a solid outline at least 2 px wide.
    page.keyboard.press("Tab")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] != "none" and style[1] >= 2


def test_on_a_phone_the_score_and_the_next_aspect_need_no_scrolling(
    browser, live_server, people, draft
):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        _log_in(page, "operator_contoh")
        page.goto(f"/penilaian/{draft.pk}/aspek/1/")
        header = page.get_by_test_id("compact-header")
        box = header.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"]
        assert page.get_by_test_id("compact-total").is_visible()
        next_link = page.get_by_test_id("compact-next")
        nb = next_link.bounding_box()
        assert nb is not None and nb["y"] + nb["height"] <= PHONE["height"]
        # Scrolled down into the form, the header stays at the top.
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
        assert header.bounding_box()["y"] <= 1
        next_link.click()
        page.wait_for_url(f"**/penilaian/{draft.pk}/aspek/2/")
        assert Assessment.objects.filter(pk=draft.pk).exists()
    finally:
        context.close()
