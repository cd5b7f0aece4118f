"""The identity review in words: a field missing on both records says so, and the
similarity measure's name stays in a tooltip, never in the visible text."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from enlace.identity.models import MatchCandidate

from .. import actors
from .test_pages import _person

pytestmark = pytest.mark.django_db
REASONS = {
    "given_names": "first given name spelled alike (Jaro-Winkler >= 0.9)",
    "paternal_surname": "paternal surname agrees",
    "maternal_surname": "missing on one side",
    "curp": "missing on one side",
}


@pytest.fixture
def candidate(actor, client) -> MatchCandidate:
    user = actor(actors.BORDER_TUCSON)
    client.force_login(user)
    client.cookies["enlace_language"] = "es-mx"
    first = _person(user, given_names="Jesús", paternal_surname="Quintanar", sex="M")
    second = _person(user, given_names="Jesus", paternal_surname="Quintanar", sex="M",
                     maternal_surname="Ruelas")  # fmt: skip
    return MatchCandidate.objects.create(
        person_a=first, person_b=second, probability=0.9, reasons=REASONS
    )


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_a_curp_missing_on_both_records_is_missing_on_both_sides(client, candidate):
    html = client.get(reverse("identity:candidate-detail", args=[candidate.pk])).content.decode()
    curp_row = re.search(r"<th scope=\"row\">CURP</th>(.*?)</tr>", html, re.S)
    assert curp_row, "no CURP row"
    assert "Falta en ambos registros" in curp_row.group(1)
    assert "falta en ambos registros" in curp_row.group(1)
    assert "Falta en un registro" not in curp_row.group(1)
    maternal = re.search(r"Segundo apellido</th>(.*?)</tr>", html, re.S)
    assert maternal, "no maternal surname row"
    assert "Falta en un registro" in maternal.group(1)


@pytest.mark.parametrize("page", ["identity:candidate-detail", "identity:candidate-list"])
def test_the_similarity_measure_is_a_tooltip_not_text(client, candidate, page):
    args = [candidate.pk] if page.endswith("detail") else []
    html = client.get(reverse(page, args=args)).content.decode()
    text = _visible(html)
    assert "Jaro" not in text
    assert "Winkler" not in text
    assert 'title="Jaro-Winkler' in html
    assert "el primer nombre se escribe casi igual" in text
