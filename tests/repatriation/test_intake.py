"""Submitting manifests: stored once, all or nothing, findings kept; the command's contract."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from enlace.access import Capability, SystemActor
from enlace.core.models import AuditEvent
from enlace.people.models import Encounter, Person
from enlace.repatriation.catalog import manifest_catalog
from enlace.repatriation.core.manifest.columnar import read_manifest_frame
from enlace.repatriation.intake import (
    ManifestConflictError,
    ManifestRejectedError,
    manifest_submit,
)
from enlace.repatriation.models import Finding, Manifest, ManifestRecord, Repatriation

from .. import actors

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


def _counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (Manifest, ManifestRecord, Person, Encounter, Repatriation, Finding, AuditEvent)
    )


def test_submit_stores_manifest_persons_and_handovers(actor):
    officer = actor(actors.BORDER_TUCSON)
    result = manifest_submit(actor=officer, content=EXAMPLE.read_bytes(), source_name="m.csv")
    manifest = result.manifest
    assert result.created
    assert (manifest.record_count, manifest.blocking_count) == (4, 0)
    records = list(manifest.records.select_related("person", "encounter", "repatriation"))
    assert [r.record_id for r in records] == ["TCA-0001", "TCA-0002", "TCA-0003", "TCA-0004"]
    mother, child = records[0], records[1]
    assert mother.person.curp == "HERJ880517MGRRZS02"
    assert mother.family_group_id == child.family_group_id is not None
    assert mother.encounter.sector_id == "TCA"
    assert mother.encounter.consulate_id == "nogales"
    assert mother.repatriation.reception_point_id == "nogales"
    assert records[3].repatriation.unaccompanied_minor
    assert AuditEvent.objects.filter(subject_type="repatriation.manifest", action="import").exists()


def test_known_documents_link_rows_to_existing_persons(actor):
    """A row whose CURP or A-number is already on file is the same person, not a new one."""
    from enlace.people.services import PersonData, document_add, person_create

    officer = actor(actors.BORDER_TUCSON)
    known = person_create(actor=officer, data=PersonData(given_names="Juan", paternal_surname="P"))
    document_add(actor=officer, person=known, kind="curp", number="HERJ880517MGRRZS02")
    document_add(actor=officer, person=known, kind="a_number", number="A204512339")
    manifest = manifest_submit(actor=officer, content=EXAMPLE.read_bytes()).manifest
    records = {r.record_id: r.person_id for r in manifest.records.all()}
    assert records["TCA-0001"] == known.pk  # by CURP, held only as a document
    assert records["TCA-0002"] == known.pk  # by A-number
    assert records["TCA-0003"] != known.pk


def test_submitting_the_same_file_twice_stores_it_once(actor):
    officer = actor(actors.BORDER_TUCSON)
    manifest_submit(actor=officer, content=EXAMPLE.read_bytes())
    before = _counts()
    again = manifest_submit(actor=officer, content=EXAMPLE.read_bytes())
    assert not again.created
    assert _counts() == before


def test_a_different_file_under_a_stored_id_is_refused(actor):
    officer = actor(actors.BORDER_TUCSON)
    manifest_submit(actor=officer, content=EXAMPLE.read_bytes())
    changed = EXAMPLE.read_bytes().replace("Peña".encode(), b"Pena")
    before = _counts()
    with pytest.raises(ManifestConflictError):
        manifest_submit(actor=officer, content=changed)
    assert _counts() == before


def test_a_bad_file_stores_nothing(actor):
    bad = EXAMPLE.read_bytes().replace(b"2011-02", b"2011-14")
    before = _counts()
    with pytest.raises(ManifestRejectedError) as excinfo:
        manifest_submit(actor=actor(actors.BORDER_TUCSON), content=bad)
    assert [(e.line, e.field) for e in excinfo.value.errors] == [(3, "date_of_birth")]
    assert _counts() == before


@pytest.mark.usefixtures("example_day")
def test_findings_are_stored_with_the_manifest(actor):
    night = EXAMPLE.read_bytes().replace(b"2019-03-14T13:30-07:00", b"2019-03-14T23:30-07:00")
    manifest = manifest_submit(actor=actor(actors.BORDER_TUCSON), content=night).manifest
    finding = Finding.objects.get(manifest=manifest)
    assert (finding.rule, finding.severity, finding.record.record_id) == (
        "HOURS",
        "block",
        "TCA-0003",
    )
    assert (finding.agreement, finding.version) == ("lra-2016-nogales", "2016")
    assert manifest.blocking_count == 1
    assert not Repatriation.objects.filter(manifest_record=finding.record).exists()


@pytest.mark.usefixtures("example_day")
def test_check_command_prints_json_and_exits_by_severity(tmp_path):
    out = StringIO()
    call_command("manifest", "check", str(EXAMPLE), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["records"], report["blocking"], report["findings"]) == (4, 0, [])
    night = tmp_path / "night.csv"
    night.write_bytes(EXAMPLE.read_bytes().replace(b"T13:30-07:00", b"T23:30-07:00"))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("manifest", "check", str(night), "--format", "json", stdout=out)
    assert exit_info.value.code == 1
    finding = json.loads(out.getvalue())["findings"][0]
    assert finding["rule"] == "HOURS"
    assert "23:30" in finding["message_en"]
    assert "23:30" in finding["message_es"]
    assert finding["message_es"] != finding["message_en"]
    assert finding["clause"]


def test_check_command_exits_2_with_bilingual_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(EXAMPLE.read_bytes().replace(b"2604", b"9999", 1))
    out = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("manifest", "check", str(bad), "--format", "json", stdout=out)
    assert exit_info.value.code == 2
    error = json.loads(out.getvalue())["errors"][0]
    assert (error["line"], error["field"], error["code"]) == (2, "handover_port", "unknown_code")
    assert error["message_es"] != error["message_en"]


def test_submit_command_is_idempotent(tmp_path, actor):
    officer = actor(actors.BORDER_TUCSON)
    out = StringIO()
    call_command("manifest", "submit", str(EXAMPLE), "--as", officer.username, stdout=out)
    call_command("manifest", "submit", str(EXAMPLE), "--as", officer.username, stdout=out)
    assert Manifest.objects.filter(manifest_id="usbp-tca-20190314").count() == 1
    assert "already stored" in out.getvalue()
    manifest = Manifest.objects.get(manifest_id="usbp-tca-20190314")
    assert manifest.submitted_by == officer


@pytest.mark.parametrize(
    ("arguments", "english", "spanish"),
    [
        (["--as", actors.ANALYST.username], "may not submit this manifest",
         "no puede enviar este manifiesto"),
        (["--as", actors.REMOVAL_PHOENIX.username], "only an officer of its sending office",
         "solo un oficial de la oficina remitente"),
        (["--as", "no.such.user"], "There is no active user", "No hay ningún usuario activo"),
        ([], "submit needs --as USERNAME", "submit necesita --as USUARIO"),
    ],
)  # fmt: skip
def test_submit_command_refuses_in_both_languages_and_stores_nothing(
    actor, arguments, english, spanish
):
    """The analyst holds no MANIFEST_SUBMIT, Phoenix's officer is not of the file's office,
    and a submission needs a user: exit 2, a message in English and Spanish, no row."""
    for spec in (actors.ANALYST, actors.REMOVAL_PHOENIX):
        actor(spec)  # the users the command is asked to act as
    before = _counts()
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("manifest", "submit", str(EXAMPLE), *arguments, stdout=out, stderr=err)
    assert exit_info.value.code == 2
    assert english in err.getvalue()
    assert spanish in err.getvalue()
    assert "Traceback" not in err.getvalue() + out.getvalue()
    assert not Manifest.objects.filter(manifest_id="usbp-tca-20190314").exists()
    assert _counts() == before


def test_a_system_actor_holding_the_capability_submits_for_any_office():
    demo = SystemActor(name="test-batch", capabilities=frozenset({Capability.MANIFEST_SUBMIT}))
    manifest = manifest_submit(actor=demo, content=EXAMPLE.read_bytes()).manifest
    assert manifest.submitted_by is None
    assert AuditEvent.objects.filter(
        action="import", subject_type="repatriation.manifest", subject_id=str(manifest.pk)
    ).exists()


@pytest.mark.parametrize("spec", [actors.ANALYST, actors.INM_NOGALES, actors.CONSUL_NOGALES,
                                  actors.REMOVAL_PHOENIX], ids=lambda spec: spec.label)  # fmt: skip
def test_submit_refuses_users_who_may_not_submit_the_offices_manifest(actor, spec):
    user = actor(spec)
    before = _counts()
    with pytest.raises(PermissionDenied):
        manifest_submit(actor=user, content=EXAMPLE.read_bytes())
    with pytest.raises(PermissionDenied):
        manifest_submit(actor=SystemActor(name="no-capability"), content=EXAMPLE.read_bytes())
    assert _counts() == before


def _stored(manifest: Manifest) -> list[tuple]:
    """What a manifest put in the database, without ids that differ between two stores."""
    records = manifest.records.select_related("person", "encounter", "repatriation")
    return [
        (
            r.record_id, r.line, r.handover_port_id, r.handover_at, r.unaccompanied_minor,
            r.person.given_names, r.person.paternal_surname, r.person.maternal_surname,
            r.person.sex, r.person.birth_date, r.person.birth_date_precision,
            r.person.state_of_birth_id, r.encounter.occurred_at, r.encounter.sector_id,
            r.encounter.consulate_id, r.encounter.latitude, r.encounter.longitude,
            r.encounter.kind, r.family_group_id is not None,
            getattr(getattr(r, "repatriation", None), "scheduled_at", None),
            sorted(f.rule for f in r.findings.all()),
        )
        for r in records.order_by("line")
    ]  # fmt: skip


def test_the_fast_and_the_row_by_row_paths_store_the_same(actor):
    """A quoted cell sends a file down the row reader; what is stored must not change."""
    officer = actor(actors.BORDER_TUCSON)
    content = EXAMPLE.read_bytes().replace(b"\r\n", b"\n")
    fast = manifest_submit(actor=officer, content=content).manifest
    header, *lines = content.decode().splitlines()
    renamed = [line.replace("usbp-tca-20190314,", "usbp-tca-20190314-b,", 1) for line in lines]
    quoted = "\n".join([header, *renamed]).replace(",Hernández,", ',"Hernández",', 1)
    catalog = manifest_catalog()
    assert read_manifest_frame(content, catalog=catalog).rows is None, "read as columns"
    assert read_manifest_frame(quoted.encode(), catalog=catalog).rows, "read row by row"
    slow = manifest_submit(actor=officer, content=quoted.encode()).manifest
    assert slow.manifest_id != fast.manifest_id
    assert _stored(slow) == _stored(fast)
    assert len(_stored(fast)) == 4


def test_the_file_is_kept_as_received(actor):
    content = EXAMPLE.read_bytes()
    manifest = manifest_submit(actor=actor(actors.BORDER_TUCSON), content=content).manifest
    manifest.refresh_from_db()
    assert manifest.content_bytes() == content


def test_a_check_today_finds_the_example_handovers_already_past():
    """Checked now, years after its handover day, every planned row of the example is
    already past: a warning each (not a block), naming the local time."""
    out = StringIO()
    call_command("manifest", "check", str(EXAMPLE), "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    past = [f for f in report["findings"] if f["rule"] == "HANDOVER_PAST"]
    assert report["blocking"] == 0
    assert len(past) == report["records"] == 4
    assert {f["severity"] for f in past} == {"warn"}
    assert "2019-03-14 10:00" in past[0]["message_en"]
