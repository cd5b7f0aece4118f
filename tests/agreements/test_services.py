"""Loading the authored file: counts, idempotence, edited rows kept, refusals, audit; the
snapshots read back from the database; the secretariat's permissions."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.utils import translation

from enlace.accounts.models import User
from enlace.agreements.core.authored import snapshots_from_file
from enlace.agreements.core.instruments import DATA_FILE
from enlace.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Clause,
    Parameter,
)
from enlace.agreements.selectors import arrangement_snapshots
from enlace.agreements.services import (
    AgreementDataError,
    agreements_load,
    secretariat_permissions_grant,
)
from enlace.core.models import AuditAction, AuditEvent

from .. import actors

pytestmark = pytest.mark.django_db

MODELS = (Agreement, AgreementParty, AgreementVersion, Clause, Parameter)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def fresh(db):
    """An inventory with no agreements, whatever the session loaded before."""
    Agreement.objects.all().delete()


def test_fresh_load_creates_everything(fresh):
    """On an empty inventory every authored row is created, in one audited import."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    summary = agreements_load()

    assert (summary.agreements, summary.versions) == (23, 25)
    assert _counts() == {
        "Agreement": 23,
        "AgreementParty": summary.parties,
        "AgreementVersion": 25,
        "Clause": summary.clauses,
        "Parameter": summary.parameters,
    }
    rows = summary.agreements + summary.parties + summary.versions
    assert summary.created == rows + summary.clauses + summary.parameters
    events = AuditEvent.objects.filter(seq__gt=last)
    file_event = events.get(subject_type="agreements.file")
    assert file_event.action == AuditAction.IMPORT
    assert file_event.subject_id == "instruments.json"
    assert file_event.actor_id is None
    assert file_event.detail["created"] == summary.created
    assert events.filter(subject_type="agreements.agreement").count() == 23


def test_nine_2016_arrangements_with_their_ports(fresh):
    agreements_load()
    versions = AgreementVersion.objects.filter(agreement__code__startswith="lra-2016-")
    ports = {v.agreement.code: sorted(v.ports.values_list("code", flat=True)) for v in versions}
    assert len(ports) == 9
    assert ports["lra-2016-el-paso"] == ["2402", "2404", "2406", "2408"]
    assert ports["lra-2016-laredo"] == ["2304"]
    assert ports["lra-2016-san-diego"] == ["2502", "2503", "2504", "2505", "2506", "2507"]


def test_reload_is_idempotent(loaded):
    """A second load changes nothing and audits only the import itself."""
    before = _counts()
    last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    summary = agreements_load()

    assert (summary.created, summary.updated, summary.kept_edited) == (0, 0, 0)
    assert summary.changed == []
    assert _counts() == before
    new = AuditEvent.objects.filter(seq__gt=last)
    assert list(new.values_list("subject_type", flat=True)) == ["agreements.file"]


def _el_paso_window() -> Parameter:
    return Parameter.objects.get(
        version__agreement__code="lra-2016-el-paso", kind="handover_window", port=None
    )


def test_edited_value_survives_reload(loaded):
    """A value the secretariat edited (``edited``) is left as it is by a reload."""
    parameter = _el_paso_window()
    edited = {"intervals": [{"days": "mon-sun", "start": "07:00", "end": "19:00"}]}
    parameter.value, parameter.edited = edited, True
    parameter.save()

    summary = agreements_load()

    parameter.refresh_from_db()
    assert parameter.value == edited
    assert summary.kept_edited == 1
    assert summary.updated == 0


def test_row_renamed_in_the_admin_is_not_created_again(loaded):
    """Rows are matched by their key in the file, so a renamed version stays one version."""
    version = AgreementVersion.objects.get(agreement__code="lra-2016-yuma")
    version.label, version.edited = "2016 (signed in El Paso)", True
    version.save()

    summary = agreements_load()

    labels = AgreementVersion.objects.filter(agreement__code="lra-2016-yuma")
    assert list(labels.values_list("label", flat=True)) == ["2016 (signed in El Paso)"]
    assert summary.created == 0


def test_unedited_value_is_brought_back_to_the_file(loaded):
    """A row not edited in the admin follows the file: a reload restores it."""
    parameter = _el_paso_window()
    authored = parameter.value
    Parameter.objects.filter(pk=parameter.pk).update(value={"intervals": []})

    summary = agreements_load()

    parameter.refresh_from_db()
    assert parameter.value == authored
    assert summary.updated == 1
    assert summary.changed == ["lra-2016-el-paso"]
    event = AuditEvent.objects.order_by("-seq").filter(subject_type="agreements.agreement").first()
    assert event.detail == {
        "agreement": "lra-2016-el-paso",
        "created": 0,
        "updated": 1,
        "kept_edited": 0,
    }


def test_wrong_file_writes_nothing(tmp_path, fresh):
    """A file with a problem is refused whole, naming instrument, version and field."""
    document = json.loads(Path(DATA_FILE).read_text(encoding="utf-8"))
    version = document["agreements"][0]["versions"][0]
    version["effective_to"] = "1990-01-01"
    path = tmp_path / "instruments.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(AgreementDataError) as error, translation.override("en"):
        agreements_load(path=path)

    assert error.value.messages == [
        'Instrument el-paso-juarez-1998, version "1998", field "effective_to": '
        "the end must be after the start"
    ]
    assert Agreement.objects.count() == 0


def test_command_loads_and_reports(fresh):
    out = StringIO()
    with translation.override("en"):
        call_command("load_agreements", stdout=out)
    assert "23 agreements, 25 versions" in out.getvalue()
    assert Agreement.objects.count() == 23


def test_command_refuses_a_wrong_file(tmp_path, fresh):
    path = tmp_path / "instruments.json"
    path.write_text("{}", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"), translation.override("en"):
        call_command("load_agreements", file=path, stderr=err)
    assert "format" in err.getvalue()


def test_snapshots_from_the_database_equal_the_file(fresh, django_assert_max_num_queries):
    """The engine reads the same snapshots from the database as from the file, in a fixed
    handful of queries."""
    agreements_load()
    with django_assert_max_num_queries(8):
        snapshots = arrangement_snapshots()
    assert snapshots == sorted(snapshots_from_file(), key=lambda s: (s.agreement, s.effective_from))


def test_secretariat_permissions():
    """Staff, in the "secretariat" group, with exactly add/change/view on the agreements
    models, and the grant is audited. The secretariat's named actor is created bare here
    (``actors.actor`` would grant the permissions already), so the grant is the first."""
    spec = actors.SECRETARIAT
    user = User.objects.create(username=spec.username, role=spec.role, office_id=spec.office)
    assert not user.is_staff
    assert not user.groups.exists()

    group = secretariat_permissions_grant(user=user)

    user.refresh_from_db()
    assert user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["secretariat"]
    codenames = set(group.permissions.values_list("codename", flat=True))
    models = ("agreement", "agreementparty", "agreementversion", "clause", "parameter")
    assert codenames == {f"{a}_{m}" for a in ("add", "change", "view") for m in models}
    assert (
        Permission.objects.filter(group=group, content_type__app_label="agreements").count() == 15
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.subject_type, event.subject_id) == ("accounts.user", str(user.pk))
