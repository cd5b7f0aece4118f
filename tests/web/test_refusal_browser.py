"""Refusals as a user meets them in the browser: the app's own 403 page, in the user's
language, usable at a phone's width, with nothing on it a screen reader trips over."""

from __future__ import annotations

import pytest

from tests.browser import axe_check, screenshot

pytestmark = pytest.mark.browser

TITLES = {"en": "Not allowed", "es-mx": "No permitido"}
HOME_LINKS = {"en": "Go to the home page", "es-mx": "Ir a la página de inicio"}


@pytest.mark.parametrize("language", ["en", "es-mx"])
@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(
    ("username", "path"),
    [("analyst", "/manifests/upload/"), ("border.tucson", "/admin/"), ("labor", "/people/")],
)
def test_a_refused_page_is_the_apps_own_in_the_users_language(
    browse, language, width, username, path
):
    session = browse(username, language, viewport={"width": width, "height": 900})
    session.expect_status(403)
    response = session.goto(path)
    page = session.page
    assert response.status == 403
    assert page.locator("h1").inner_text().strip() == TITLES[language]
    home = page.get_by_role("link", name=HOME_LINKS[language])
    box = home.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    screenshot(page, f"refused-{username}-{width}-{language}")
    assert session.problems == []
