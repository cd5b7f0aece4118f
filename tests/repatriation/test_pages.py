"""Manifest pages: the sending office sees its manifests and their findings; others get 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from enlace.repatriation.intake import manifest_submit

from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


@pytest.fixture
def night_manifest(demo_user):
    content = EXAMPLE.read_bytes().replace(b"2019-03-14T13:30-07:00", b"2019-03-14T23:30-07:00")
    return manifest_submit(actor=demo_user("border.tucson"), content=content).manifest


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "outside the agreed hours"), ("es-mx", "fuera del horario acordado")],
)
def test_sending_office_sees_findings_with_citations(
    client, demo_user, night_manifest, language, expected
):
    client.force_login(demo_user("border.tucson"))
    client.cookies["enlace_language"] = language
    url = reverse("repatriation:manifest-detail", args=[night_manifest.manifest_id])
    html = client.get(url).content.decode()
    assert expected in html
    assert "TCA-0003" in html
    assert reverse("agreements:agreement-detail", args=["lra-2016-nogales"]) in html
    assert_csp_clean(html)
    listing = client.get(reverse("repatriation:manifest-list")).content.decode()
    assert night_manifest.manifest_id in listing


@pytest.mark.parametrize("username", ["consul.nogales", "analyst", "removal.phoenix", "admin"])
def test_other_offices_get_the_same_404_as_a_missing_manifest(
    client, demo_user, night_manifest, username
):
    client.force_login(demo_user(username))
    url = reverse("repatriation:manifest-detail", args=[night_manifest.manifest_id])
    assert client.get(url).status_code == 404
    missing = reverse("repatriation:manifest-detail", args=["no-such-manifest"])
    assert client.get(missing).status_code == 404
    listing = client.get(reverse("repatriation:manifest-list")).content.decode()
    assert night_manifest.manifest_id not in listing
