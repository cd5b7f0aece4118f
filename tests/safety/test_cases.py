"""Missing reports and remains cases in scope: a consulate sees its own reports only; the
medical examiner its own remains and only the reports a family consented to share; the
analyst sees no names at all."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from enlace.access import scoped
from enlace.safety.cases import CaseInputError, missing_report_record, remains_case_record
from enlace.safety.models import MissingReport, RemainsCase

from ..actors import (
    ANALYST,
    BORDER_TUCSON,
    CONSUL_NOGALES,
    CONSUL_SAN_DIEGO,
    MEDICAL_EXAMINER_PIMA,
    ActorSpec,
    actor,
)

pytestmark = pytest.mark.django_db


def _report(spec: ActorSpec, report_id: str, *, share: bool) -> MissingReport:
    return missing_report_record(
        actor=actor(spec),
        consent_medical_examiner=share,
        consent_other_government=False,
        report_id=report_id,
        given_names="María Elena",
        paternal_surname="Ramírez",
        maternal_surname="Soto",
        sex="F",
        date_of_birth="1994-03",
        height_cm=158,
        last_seen_date=datetime.date(2019, 6, 2),
        last_seen_place="Sasabe, Sonora",
    )


def test_a_consulate_sees_only_its_own_reports():
    nogales = _report(CONSUL_NOGALES, "MR-NOG-1", share=False)
    san_diego = _report(CONSUL_SAN_DIEGO, "MR-SD-1", share=True)
    assert list(scoped(actor(CONSUL_NOGALES), MissingReport)) == [nogales]
    assert list(scoped(actor(CONSUL_SAN_DIEGO), MissingReport)) == [san_diego]


def test_the_medical_examiner_sees_only_reports_shared_with_it_and_its_own_remains():
    _report(CONSUL_NOGALES, "MR-NOG-2", share=False)
    shared = _report(CONSUL_NOGALES, "MR-NOG-3", share=True)
    case = remains_case_record(
        actor=actor(MEDICAL_EXAMINER_PIMA),
        case_id="19-01234",
        sex="F",
        age_min=20,
        age_max=35,
        found_date=datetime.date(2019, 8, 1),
    )
    examiner = actor(MEDICAL_EXAMINER_PIMA)
    assert list(scoped(examiner, MissingReport)) == [shared]
    assert list(scoped(examiner, RemainsCase)) == [case]
    assert not scoped(actor(CONSUL_NOGALES), RemainsCase).exists()


def test_the_analyst_and_border_patrol_see_no_names():
    _report(CONSUL_NOGALES, "MR-NOG-4", share=True)
    for spec in (ANALYST, BORDER_TUCSON):
        assert not scoped(actor(spec), MissingReport).exists()
        assert not scoped(actor(spec), RemainsCase).exists()


def test_only_the_protection_desk_records_reports_and_bad_input_is_named():
    with pytest.raises(PermissionDenied):
        _report(ANALYST, "MR-X", share=False)
    with pytest.raises(CaseInputError) as refused:
        missing_report_record(
            actor=actor(CONSUL_NOGALES),
            consent_medical_examiner=False,
            consent_other_government=False,
            report_id="MR-BAD",
            sex="X",
            date_of_birth="03/1994",
            curp="NOTACURP",
        )
    assert set(refused.value.errors) == {"sex", "date_of_birth", "curp"}
    assert not MissingReport.objects.exists()
    with pytest.raises(CaseInputError) as bad_case:
        remains_case_record(
            actor=actor(MEDICAL_EXAMINER_PIMA), case_id="19-9", age_min=40, age_max=30
        )
    assert set(bad_case.value.errors) == {"age_min"}


def test_the_cases_page_shows_names_only_in_scope_and_audits_the_read():
    from django.test import Client
    from django.urls import reverse

    from enlace.core.models import AuditAction, AuditEvent

    _report(CONSUL_NOGALES, "MR-NOG-5", share=False)
    _report(CONSUL_SAN_DIEGO, "MR-SD-5", share=True)
    nogales = Client()
    nogales.force_login(actor(CONSUL_NOGALES))
    before = AuditEvent.objects.filter(action=AuditAction.LIST).count()
    text = nogales.get(reverse("safety:cases")).content.decode()
    assert "MR-NOG-5" in text
    assert "MR-SD-5" not in text
    assert AuditEvent.objects.filter(action=AuditAction.LIST).count() == before + 2
    examiner = Client()
    examiner.force_login(actor(MEDICAL_EXAMINER_PIMA))
    text = examiner.get(reverse("safety:cases")).content.decode()
    assert "MR-SD-5" in text
    assert "MR-NOG-5" not in text
    analyst = Client()
    analyst.force_login(actor(ANALYST))
    assert analyst.get(reverse("safety:cases")).status_code == 403


def test_the_forms_record_a_report_with_consent_and_a_remains_case():
    from django.test import Client
    from django.urls import reverse

    consul = Client(HTTP_ACCEPT_LANGUAGE="es")
    consul.force_login(actor(CONSUL_NOGALES))
    bad = consul.post(reverse("safety:missing-record"), {"report_id": "", "height_cm": "alto"})
    assert bad.status_code == 400
    assert "se requiere un valor" in bad.content.decode()
    assert not MissingReport.objects.exists()
    done = consul.post(
        reverse("safety:missing-record"),
        {
            "report_id": "MR-NOG-9",
            "given_names": "Juan",
            "paternal_surname": "Pérez",
            "sex": "m",
            "last_seen_date": "2019-06-01",
            "consent_medical_examiner": "1",
        },
    )
    assert done.status_code == 302
    report = MissingReport.objects.get(report_id="MR-NOG-9")
    assert report.sex == "M"
    assert report.share_with_medical_examiner
    assert not report.share_with_other_government
    examiner = Client()
    examiner.force_login(actor(MEDICAL_EXAMINER_PIMA))
    made = examiner.post(
        reverse("safety:remains-record"), {"case_id": "19-555", "sex": "M", "age_min": "20"}
    )
    assert made.status_code == 302
    assert RemainsCase.objects.get(case_id="19-555").age_min == 20
    assert consul.get(reverse("safety:remains-record")).status_code == 403
