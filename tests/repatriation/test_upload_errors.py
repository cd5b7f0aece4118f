"""Upload errors that say what the file is: a picture or a workbook is named as such, a
wrong header is one error naming the columns, and the format page and a template CSV are a
link away."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from enlace.repatriation.core.manifest import COLUMNS
from enlace.repatriation.uploads import file_kind

from .. import actors
from .test_pages import _draft, manifest_csv, officer  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("officer")]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PNG, "an image (PNG)"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "an image (JPEG)"),
        (b"GIF89a\x01\x00", "an image (GIF)"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"PK\x03\x04\x14\x00", "a ZIP archive or an Excel workbook (XLSX)"),
        (b"\x00\x01\x02binary", "a binary file"),
        ("manifest_id,récord\n".encode("cp1252"), ""),
    ],
)
def test_file_kind_by_first_bytes(content, kind):
    assert file_kind(content) == kind


@pytest.mark.parametrize(
    ("language", "expected", "wrong"),
    [
        ("en", "This file is an image (PNG), not a CSV manifest.", "Windows-1252"),
        ("es-mx", "Este archivo es una imagen (PNG), no un manifiesto CSV.", "Windows-1252"),
    ],
)
def test_a_png_is_called_an_image_not_a_text_in_another_encoding(client, language, expected, wrong):
    client.cookies["enlace_language"] = language
    html = client.get(_draft(client, PNG)).content.decode()
    assert expected in html
    assert wrong not in html
    assert reverse("repatriation:manifest-format") in html
    assert reverse("repatriation:manifest-template") in html


def test_a_windows_1252_text_file_is_still_called_not_utf8(client):
    content = manifest_csv().decode().replace("María", "Marìa").encode("cp1252")
    html = client.get(_draft(client, content)).content.decode()
    assert "Windows-1252" in html
    assert "not a CSV manifest" not in html


@pytest.mark.parametrize(
    ("language", "missing", "unknown"),
    [
        ("en", "Missing columns: given_names, sex.", "Unknown columns: nombre, sexo."),
        ("es-mx", "Faltan las columnas: given_names, sex.", "Columnas desconocidas: nombre, sexo."),
    ],
)
def test_a_wrong_header_is_one_error_naming_the_columns(client, language, missing, unknown):
    client.cookies["enlace_language"] = language
    content = manifest_csv().replace(b",sex,", b",sexo,", 1).replace(b"given_names", b"nombre", 1)
    html = client.get(_draft(client, content)).content.decode()
    assert missing in html
    assert unknown in html
    body = html.split('id="errors"', 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr>") == 2  # the header row of the table and the one error
    assert reverse("repatriation:manifest-format") in html


def test_the_template_csv_has_the_header_and_one_example_row(client):
    response = client.get(reverse("repatriation:manifest-template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 2
    assert len(rows[1]) == len(COLUMNS)


def test_the_template_csv_is_a_readable_manifest(client):
    content = client.get(reverse("repatriation:manifest-template")).content
    html = client.get(_draft(client, content)).content.decode()
    assert "The file cannot be read" not in html


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_the_format_page_lists_every_column_in_order(client, language):
    client.cookies["enlace_language"] = language
    html = client.get(reverse("repatriation:manifest-format")).content.decode()
    positions = [html.index(f"<code>{name}</code>") for name in COLUMNS]
    assert positions == sorted(positions)


def test_roles_that_do_not_submit_get_no_format_page(client, actor):
    client.force_login(actor(actors.ANALYST))
    assert client.get(reverse("repatriation:manifest-format")).status_code == 403
    assert client.get(reverse("repatriation:manifest-template")).status_code == 403
