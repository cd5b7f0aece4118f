"""The secretariat edits agreements in the admin: audited (inline rows too), marked edited,
shown in the change history, and nothing else in the admin is open to it."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from enlace.agreements.models import Agreement, AgreementVersion, Parameter
from enlace.agreements.services import agreements_load
from enlace.core.models import AuditAction, AuditEvent

from .. import actors

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(client, loaded, actor):
    """The secretariat's named actor (granted the agreements admin as the platform grants
    it, ``secretariat_permissions_grant``), signed in."""
    user = actor(actors.SECRETARIAT)
    client.force_login(user)
    return user


def _value(bound: Any) -> Any:
    value = bound.value()
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value


def _form_data(form: Any) -> dict[str, Any]:
    data = {}
    for bound in form:
        value = _value(bound)
        if value is not None:
            data[bound.html_name] = value
            if bound.field.show_hidden_initial:
                data[bound.html_initial_name] = value
    return data


def _post_data(response: Any) -> dict[str, Any]:
    """What the browser would send back for an admin change page left as it is."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def _version(code: str) -> AgreementVersion:
    return AgreementVersion.objects.get(agreement__code=code)


def _parameter_field(data: dict[str, Any], version: AgreementVersion, kind: str) -> str:
    """The POST name of the value of the version-wide parameter of ``kind``."""
    target = Parameter.objects.get(version=version, kind=kind, port=None)
    for name, value in data.items():
        if name.endswith("-id") and str(value) == str(target.pk) and "parameters" in name:
            return name[: -len("-id")] + "-value"
    raise AssertionError("parameter not in the form")


def test_secretariat_opens_the_agreements_admin(client, secretariat):
    assert client.get(reverse("admin:agreements_agreement_changelist")).status_code == 200
    url = reverse(
        "admin:agreements_agreement_change", args=[_version("lra-2016-yuma").agreement_id]
    )
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:reference_port_changelist",
        "admin:core_auditevent_changelist",
    ],
)
def test_secretariat_cannot_open_the_rest_of_the_admin(client, secretariat, url_name):
    assert client.get(reverse(url_name)).status_code == 403


def test_secretariat_cannot_delete_agreements(client, secretariat):
    agreement = Agreement.objects.get(code="lra-2016-yuma")
    url = reverse("admin:agreements_agreement_delete", args=[agreement.pk])
    assert client.get(url).status_code == 403


def test_inline_edit_is_audited_marked_and_shown(client, secretariat):
    """Changing a parameter inline: the row is marked edited, one audit event names the
    agreement and the field, the agreement's page shows it, and a reload keeps it."""
    version = _version("lra-2016-el-paso")
    url = reverse("admin:agreements_agreementversion_change", args=[version.pk])
    data = _post_data(client.get(url))
    edited = {"intervals": [{"days": "mon-sun", "start": "07:00", "end": "19:00"}]}
    data[_parameter_field(data, version, "handover_window")] = json.dumps(edited)
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    response = client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    parameter = Parameter.objects.get(version=version, kind="handover_window", port=None)
    assert parameter.value == edited
    assert parameter.edited is True
    events = AuditEvent.objects.filter(seq__gt=last, subject_type="agreements.parameter")
    (event,) = events
    assert event.action == AuditAction.UPDATE
    assert event.actor_id == secretariat.pk
    assert event.subject_id == str(parameter.pk)
    assert event.detail["agreement"] == "lra-2016-el-paso"
    assert event.detail["fields"] == ["value"]
    assert Parameter.objects.filter(version=version, edited=True).count() == 1

    page = client.get(reverse("agreements:agreement-detail", args=["lra-2016-el-paso"]))
    history = page.content.decode().split('id="history-heading"')[1]
    assert "secretariat" in history
    assert "value" in history
    assert "07:00 to 19:00" in page.content.decode()

    agreements_load()
    parameter.refresh_from_db()
    assert parameter.value == edited


def test_main_form_edit_is_audited(client, secretariat):
    agreement = Agreement.objects.get(code="lra-2016-yuma")
    url = reverse("admin:agreements_agreement_change", args=[agreement.pk])
    data = _post_data(client.get(url))
    data["notes_en"] = "Checked against the DHS base text."
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    response = client.post(url, data)

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.edited is True
    event = AuditEvent.objects.get(seq__gt=last, subject_type="agreements.agreement")
    assert event.detail == {
        "agreement": "lra-2016-yuma",
        "object": "lra-2016-yuma",
        "fields": ["notes_en"],
    }


def test_invalid_parameter_value_is_refused(client, secretariat):
    """The admin checks the value against its kind, as the loader does."""
    version = _version("lra-2016-el-paso")
    url = reverse("admin:agreements_agreementversion_change", args=[version.pk])
    data = _post_data(client.get(url))
    wrong = {"intervals": [{"days": "mon-sun", "start": "20:00", "end": "06:00"}]}
    data[_parameter_field(data, version, "handover_window")] = json.dumps(wrong)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "the end must be after the start" in response.content.decode()
    parameter = Parameter.objects.get(version=version, kind="handover_window", port=None)
    assert parameter.edited is False
