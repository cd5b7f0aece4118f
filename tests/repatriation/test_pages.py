"""Manifest pages: upload and check a file, the findings with their citations, the error
report, submit; the sending office sees its manifests, others get 404."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.core.models import AuditEvent
from enlace.planning.services import plan_propose
from enlace.repatriation.catalog import compliance_table
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Manifest, ManifestUpload

from .. import actors
from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"
NIGHT = {"TCA-0003": {"handover_at": "2019-03-14T23:30-07:00"}}
UPLOAD_URL = reverse("repatriation:manifest-upload")


def manifest_csv(
    manifest_id: str = "usbp-tca-20190314",
    changes: dict[str, dict[str, str]] | None = None,
    *,
    unplanned: bool = False,
) -> bytes:
    """The documented example under another id, with cells changed per record id (and,
    with ``unplanned``, its handovers left for the planner)."""
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        row["manifest_id"] = manifest_id
        if unplanned:
            row.update(handover_port="", handover_at="", notice_sent_at="")
        row.update((changes or {}).get(row["record_id"], {}))
        writer.writerow(row)
    return buffer.getvalue().encode()


def _upload(client, content: bytes, name: str = "manifest.csv", **headers):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)}, **headers)


def _draft(client, content: bytes) -> str:
    response = _upload(client, content)
    assert response.status_code == 302
    return response["Location"]


@pytest.fixture
def night_manifest(actor, example_day):
    content = EXAMPLE.read_bytes().replace(b"2019-03-14T13:30-07:00", b"2019-03-14T23:30-07:00")
    return manifest_submit(actor=actor(actors.BORDER_TUCSON), content=content).manifest


@pytest.fixture
def officer(client, actor):
    user = actor(actors.BORDER_TUCSON)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "outside the agreed hours"), ("es-mx", "fuera del horario acordado")],
)
def test_sending_office_sees_findings_with_citations(
    client, actor, night_manifest, language, expected
):
    client.force_login(actor(actors.BORDER_TUCSON))
    client.cookies["enlace_language"] = language
    url = reverse("repatriation:manifest-detail", args=[night_manifest.manifest_id])
    html = client.get(url).content.decode()
    assert expected in html
    assert "TCA-0003" in html
    assert reverse("agreements:agreement-detail", args=["lra-2016-nogales"]) in html
    assert reverse("planning:plan-propose", args=[night_manifest.manifest_id]) in html
    assert_csp_clean(html)
    listing = client.get(reverse("repatriation:manifest-list")).content.decode()
    assert night_manifest.manifest_id in listing
    assert UPLOAD_URL in listing


def test_another_sending_office_gets_the_same_404_as_a_missing_manifest(
    client, actor, night_manifest
):
    client.force_login(actor(actors.REMOVAL_PHOENIX))
    for name in ("repatriation:manifest-detail", "repatriation:manifest-report"):
        url = reverse(name, args=[night_manifest.manifest_id])
        assert client.get(url).status_code == 404
        assert client.get(reverse(name, args=["no-such-manifest"])).status_code == 404
    listing = client.get(reverse("repatriation:manifest-list")).content.decode()
    assert night_manifest.manifest_id not in listing


@pytest.mark.parametrize("username", ["consul.nogales", "inm.nogales", "analyst", "admin"])
def test_roles_that_read_no_manifest_are_refused_alike_for_any_id(
    client, actor, night_manifest, username
):
    """Without MANIFEST_READ every manifest page is refused, stored id or not."""
    client.force_login(actor(actors.named(username)))
    assert client.get(reverse("repatriation:manifest-list")).status_code == 403
    for name in ("repatriation:manifest-detail", "repatriation:manifest-report"):
        for manifest_id in (night_manifest.manifest_id, "no-such-manifest"):
            assert client.get(reverse(name, args=[manifest_id])).status_code == 403


@pytest.mark.parametrize(
    ("language", "label", "hint"),
    [
        ("en", "Manifest file", "Upload and check"),
        ("es-mx", "Archivo del manifiesto", "Subir y revisar"),
    ],
)
def test_upload_form_renders_in_both_languages(client, officer, language, label, hint):
    client.cookies["enlace_language"] = language
    html = client.get(UPLOAD_URL).content.decode()
    assert label in html
    assert hint in html
    assert 'enctype="multipart/form-data"' in html
    assert "repatriation/upload.js" in html
    assert_csp_clean(html)


@pytest.mark.parametrize("username", ["consul.nogales", "inm.nogales", "analyst", "admin"])
def test_only_sending_officers_may_upload(client, actor, username):
    client.force_login(actor(actors.named(username)))
    assert client.get(UPLOAD_URL).status_code == 403
    assert _upload(client, manifest_csv()).status_code == 403
    assert not ManifestUpload.objects.exists()


@pytest.mark.parametrize(
    ("language", "message", "citation_text"),
    [
        ("en", "outside the agreed hours", "Blocking"),
        ("es-mx", "fuera del horario acordado", "Bloqueante"),
    ],
)
def test_upload_without_javascript_checks_and_stores_nothing(
    client, officer, language, message, citation_text
):
    """A plain POST keeps a draft and redirects to its check: the planted night handover is
    a finding citing the agreement clause, in the user's language; no manifest is stored."""
    client.cookies["enlace_language"] = language
    manifests = Manifest.objects.count()
    detail = _draft(client, manifest_csv(changes=NIGHT))
    html = client.get(detail).content.decode()
    assert message in html
    assert citation_text in html
    assert "TCA-0003" in html
    assert reverse("agreements:agreement-detail", args=["lra-2016-nogales"]) in html
    upload = ManifestUpload.objects.get()
    assert reverse("repatriation:upload-submit", args=[upload.token]) in html
    assert reverse("repatriation:upload-report", args=[upload.token]) in html
    assert_csp_clean(html)
    assert Manifest.objects.count() == manifests
    audited = AuditEvent.objects.filter(subject_type="repatriation.manifestupload")
    assert set(audited.values_list("action", flat=True)) == {"create", "view"}


def test_the_severity_filter_keeps_only_that_severity(client, officer):
    changes = {**NIGHT, "TCA-0001": {"sex": ""}}  # a warning: statistics incomplete
    detail = _draft(client, manifest_csv(changes=changes))
    everything = client.get(detail).content.decode()
    assert "STATS_COMPLETENESS" in everything
    assert "<code>HOURS</code>" in everything
    warnings = client.get(detail, {"severity": "warn"}).content.decode()
    assert "STATS_COMPLETENESS" in warnings
    assert "<code>HOURS</code>" not in warnings


def test_upload_through_javascript_answers_with_the_check_page(client, officer):
    response = _upload(client, manifest_csv(), HTTP_X_ENLACE_UPLOAD="1")
    upload = ManifestUpload.objects.get()
    assert response.status_code == 200
    assert response.json() == {
        "location": reverse("repatriation:upload-detail", args=[upload.token])
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Choose the manifest file to upload."), ("es-mx", "Elija el archivo del manifiesto")],
)
def test_upload_without_a_file_names_the_field(client, officer, language, expected):
    client.cookies["enlace_language"] = language
    response = client.post(UPLOAD_URL, {})
    assert response.status_code == 400
    assert expected in response.content.decode()
    empty = _upload(client, b"")
    assert empty.status_code == 400
    assert not ManifestUpload.objects.exists()


def test_an_unreadable_file_lists_its_errors_and_offers_no_submit(client, officer):
    content = manifest_csv().replace(b",sex,", b",sexo,", 1)
    detail = _draft(client, content)
    html = client.get(detail).content.decode()
    upload = ManifestUpload.objects.get()
    assert "The file cannot be read" in html
    assert "Missing columns: sex." in html
    assert "Unknown columns: sexo." in html
    assert "<code>sex, sexo</code>" in html
    assert reverse("repatriation:upload-submit", args=[upload.token]) not in html
    report = client.get(reverse("repatriation:upload-report", args=[upload.token]))
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "line", "record_id", "field", "rule", "severity", "message", "agreement", "version",
        "clause",
    ]  # fmt: skip
    assert rows[1][:5] == ["1", "", "sex, sexo", "header", "Error"]


@pytest.mark.parametrize(
    ("language", "header", "message", "severity"),
    [
        ("en", "line", "outside the agreed hours", "Blocking"),
        ("es-mx", "línea", "fuera del horario acordado", "Bloqueante"),
    ],
)
def test_the_error_report_lists_every_finding_in_the_users_language(
    client, officer, language, header, message, severity
):
    client.cookies["enlace_language"] = language
    _draft(client, manifest_csv(changes=NIGHT))
    token = ManifestUpload.objects.get().token
    response = client.get(reverse("repatriation:upload-report", args=[token]))
    assert response["Content-Type"].startswith("text/csv")
    assert "usbp-tca-20190314-report.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == header
    hours = [row for row in rows[1:] if row[3] == "HOURS"]
    assert len(hours) == 1
    line, record_id, field, _rule, label, text, agreement, _version, _clause = hours[0]
    assert (line, record_id, field, label) == ("4", "TCA-0003", "handover_at", severity)
    assert message in text
    assert agreement == "lra-2016-nogales"


def test_submit_stores_once_and_opens_the_manifest(client, officer):
    detail = _draft(client, manifest_csv("usbp-tca-submit-once"))
    token = ManifestUpload.objects.get().token
    submit = reverse("repatriation:upload-submit", args=[token])
    first = client.post(submit)
    manifest_url = reverse("repatriation:manifest-detail", args=["usbp-tca-submit-once"])
    assert first.status_code == 302
    assert first["Location"] == manifest_url
    again = client.post(submit, follow=True)
    assert "already stored" in again.content.decode()
    assert Manifest.objects.filter(manifest_id="usbp-tca-submit-once").count() == 1
    manifest = Manifest.objects.get(manifest_id="usbp-tca-submit-once")
    imports = AuditEvent.objects.filter(action="import", subject_id=str(manifest.pk))
    assert imports.filter(subject_type="repatriation.manifest").count() == 1
    assert client.get(detail).status_code == 200  # the draft stays until it expires


def test_a_conflicting_manifest_id_is_explained_and_nothing_changes(client, officer):
    manifest_submit(actor=officer, content=manifest_csv("usbp-tca-conflict"))
    _draft(client, manifest_csv("usbp-tca-conflict", NIGHT))
    token = ManifestUpload.objects.get().token
    client.cookies["enlace_language"] = "es-mx"
    response = client.post(reverse("repatriation:upload-submit", args=[token]), follow=True)
    html = response.content.decode()
    assert "usbp-tca-conflict" in html
    assert "Ya hay otro manifiesto guardado" in html
    manifest = Manifest.objects.get(manifest_id="usbp-tca-conflict")
    assert manifest.blocking_count == 0


def test_another_offices_file_can_be_checked_but_not_submitted(client, actor):
    client.force_login(actor(actors.REMOVAL_PHOENIX))
    detail = _draft(client, manifest_csv("usbp-tca-not-yours"))
    token = ManifestUpload.objects.get().token
    html = client.get(detail).content.decode()
    assert "only that office" in html
    assert client.post(reverse("repatriation:upload-submit", args=[token])).status_code == 403
    assert not Manifest.objects.filter(manifest_id="usbp-tca-not-yours").exists()


@pytest.mark.parametrize(
    ("username", "status"), [("removal.phoenix", 404), ("consul.nogales", 403), ("analyst", 403)]
)
def test_a_draft_is_only_its_uploaders(client, officer, actor, username, status):
    """Another submitter finds no such draft; a role that submits nothing is refused."""
    _draft(client, manifest_csv())
    token = ManifestUpload.objects.get().token
    client.force_login(actor(actors.named(username)))
    for name in ("upload-detail", "upload-report"):
        assert client.get(reverse(f"repatriation:{name}", args=[token])).status_code == status
    assert client.post(reverse("repatriation:upload-submit", args=[token])).status_code == status
    assert not Manifest.objects.filter(manifest_id="usbp-tca-20190314").exists()


def test_drafts_older_than_a_day_are_deleted_by_the_next_upload(client, officer):
    _draft(client, manifest_csv())
    old = ManifestUpload.objects.get()
    ManifestUpload.objects.filter(pk=old.pk).update(
        uploaded_at=timezone.now() - timedelta(hours=25)
    )
    assert client.get(reverse("repatriation:upload-detail", args=[old.token])).status_code == 404
    _draft(client, manifest_csv())
    assert not ManifestUpload.objects.filter(pk=old.pk).exists()
    assert ManifestUpload.objects.count() == 1


def test_the_stored_manifest_report_and_filter(client, officer, night_manifest):
    url = reverse("repatriation:manifest-report", args=[night_manifest.manifest_id])
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[1][:5] == ["4", "TCA-0003", "handover_at", "HOURS", "Blocking"]
    detail = reverse("repatriation:manifest-detail", args=[night_manifest.manifest_id])
    assert "<code>HOURS</code>" not in client.get(detail, {"severity": "warn"}).content.decode()


def rows_csv(manifest_id: str, count: int, *, night: bool = False, unplanned: bool = False):
    """A manifest of ``count`` adults travelling alone (the example's TCA-0003 repeated
    under new record ids), each with a blocking finding when ``night``."""
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        template = next(row for row in reader if row["record_id"] == "TCA-0003")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(template), lineterminator="\n")
    writer.writeheader()
    for n in range(count):
        row = dict(template, manifest_id=manifest_id, record_id=f"Q-{n:04d}",
                   given_names=f"Juan{n}")  # fmt: skip
        if night:
            row["handover_at"] = "2019-03-14T23:30-07:00"
        if unplanned:
            row.update(handover_port="", handover_at="", notice_sent_at="")
        writer.writerow(row)
    return buffer.getvalue().encode()


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_manifest_list_query_count_does_not_grow_with_manifests(client, officer):
    table = compliance_table()
    counts = []
    for total in (2, 10):
        while Manifest.objects.filter(manifest_id__startswith="usbp-tca-q-").count() < total:
            n = Manifest.objects.filter(manifest_id__startswith="usbp-tca-q-").count()
            manifest_submit(actor=officer, content=rows_csv(f"usbp-tca-q-{n}", 1), table=table)
        counts.append(queries_of(client, reverse("repatriation:manifest-list")))
    assert counts[0] == counts[1]


def test_the_manifest_page_query_count_does_not_grow_with_findings_or_plans(client, officer):
    counts = []
    for rows, plans in ((2, 1), (10, 3)):
        content = rows_csv(f"usbp-tca-q-{rows}", rows, night=True)
        manifest = manifest_submit(actor=officer, content=content).manifest
        for _ in range(plans):
            plan_propose(actor=officer, manifest=manifest)
        html = client.get(reverse("repatriation:manifest-detail", args=[manifest.manifest_id]))
        assert html.content.decode().count("<code>HOURS</code>") == rows
        counts.append(queries_of(client, reverse("repatriation:manifest-detail",
                                                 args=[manifest.manifest_id])))  # fmt: skip
    assert counts[0] == counts[1]
