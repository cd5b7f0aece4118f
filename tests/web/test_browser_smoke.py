"""The shared browser helpers work: sign in as a demo user in each language, scan, shoot."""

from __future__ import annotations

import pytest

from tests.browser import axe_check, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_a_demo_user_signs_in_and_the_home_page_passes_axe(browse, language):
    session = browse("secretariat", language)
    axe_check(session.page)
    assert screenshot(session.page, f"smoke-secretariat-{language}").exists()
    assert session.problems == []
