"""axe-core over the pages the role scenarios do not reach, in English and Spanish: lists and
forms with nothing in them yet, the agreements inventory, the general and admin homes."""

from __future__ import annotations

import pytest

from enlace.agreements.models import Agreement

from ..browser import axe_check, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "secretariat": ["/", "/agreements/", "agreement"],
    "border.tucson": ["/manifests/", "/manifests/upload/", "/consular/", "/consular/offer/",
                      "/review/", "/review/merges/", "/review/families/", "/people/?q=zz"],
    "consul.nogales": ["/consular/?overdue=1"],
    "inm.nogales": ["/?day=2026-01-01"],
    "labor": ["/"],
    "admin": ["/"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_every_other_page_passes_axe(browse, language):
    agreement = Agreement.objects.order_by("code").first()
    assert agreement is not None
    for username, paths in PAGES.items():
        session = browse(username, language)
        for path in paths:
            url = f"/agreements/{agreement.code}/" if path == "agreement" else path
            response = session.goto(url)
            assert response is not None
            assert response.status == 200, (username, url)
            axe_check(session.page)
        screenshot(session.page, f"a11y-{username}-{language}")
        assert session.problems == []
