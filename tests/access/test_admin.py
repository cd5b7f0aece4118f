"""The admin shows no case content to anyone, superuser included, unless break-glass was
granted; every model is declared case content or operational; break-glass reads are audited."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite, ModelAdmin
from django.core.exceptions import PermissionDenied
from django.test import Client

from enlace.access.admin import (
    CASE_CONTENT,
    BreakGlassModelAdmin,
    admin_declaration_errors,
    admin_declare,
    break_glass_grant,
    break_glass_held,
    models_undeclared,
)
from enlace.core.models import AuditAction, AuditEvent
from enlace.people.models import Person

from .. import actors

pytestmark = pytest.mark.django_db

CASE_PAGES = [
    "/admin/people/person/",
    "/admin/people/encounter/",
    "/admin/repatriation/manifest/",
    "/admin/consular/consularnotification/",
    "/admin/receipts/handoverreceipt/",
]


@pytest.fixture
def superuser(world):
    return world.user(actors.ADMIN)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_model_is_declared():
    """Each installed model is declared case content or operational: a new module's
    models must say which they are before the admin can start."""
    assert models_undeclared() == []
    assert admin_declaration_errors(admin.site) == []


def test_case_content_is_registered_only_behind_break_glass():
    """A case-content model registered with an ordinary admin breaks the declaration."""
    site = AdminSite(name="scratch")
    site.register(Person, ModelAdmin)
    assert admin_declaration_errors(site) == [
        "people.person: case content registered without break-glass"
    ]
    site.unregister(Person)
    site.register(Person, BreakGlassModelAdmin)
    assert admin_declaration_errors(site) == []


def test_a_module_declares_its_own_models():
    """``admin_declare`` adds a module's models; one declared both ways is refused."""
    admin_declare(case_content=["sweep.case"])
    try:
        assert "sweep.case" in CASE_CONTENT
        with pytest.raises(Exception, match="both"):
            admin_declare(operational=["sweep.case"])
    finally:
        CASE_CONTENT.discard("sweep.case")


@pytest.mark.parametrize("url", CASE_PAGES)
def test_superuser_sees_no_case_content(superuser, url):
    """Superuser status does not open case content: the app's 403 page, nothing listed."""
    assert superuser.is_superuser
    assert not break_glass_held(superuser)
    client = _client(superuser)
    assert client.get(url).status_code == 403
    index = client.get("/admin/").content.decode()
    assert "/admin/people/" not in index
    assert "/admin/reference/" in index


def test_break_glass_lets_in_and_is_audited(world, superuser):
    """A granted break-glass opens a case-content list and record; each read is audited,
    and the grant itself is audited."""
    person = world.az.encounter.person
    break_glass_grant(user=superuser, actor=superuser)
    assert AuditEvent.objects.filter(
        subject_type="accounts.user",
        subject_id=str(superuser.pk),
        detail__granted="core.break_glass",
    ).exists()
    client = _client(superuser)
    before = AuditEvent.objects.count()
    assert client.get("/admin/people/person/").status_code == 200
    assert client.get(f"/admin/people/person/{person.pk}/change/").status_code == 200
    events = AuditEvent.objects.order_by("seq")[before:]
    assert [(e.action, e.subject_type, e.detail.get("break_glass")) for e in events] == [
        (AuditAction.LIST, "people.person", True),
        (AuditAction.VIEW, "people.person", True),
    ]
    assert events[1].subject_id == str(person.pk)


def test_break_glass_is_granted_only_by_a_user_manager(world):
    """An officer cannot grant it (to anyone, themself included)."""
    officer = world.user(actors.BORDER_TUCSON)
    with pytest.raises(PermissionDenied):
        break_glass_grant(user=officer, actor=officer)
    assert not break_glass_held(officer)


def test_audit_detail_is_shown_only_under_break_glass(world, superuser):
    """The audit log's change page hides ``detail`` (it may name a record's fields)
    unless break-glass; that read is audited."""
    event = AuditEvent.objects.exclude(detail={}).order_by("-seq").first()
    url = f"/admin/core/auditevent/{event.pk}/change/"
    client = _client(superuser)
    page = client.get(url)
    assert page.status_code == 200
    assert "field-detail" not in page.content.decode()
    break_glass_grant(user=superuser, actor=superuser)
    page = client.get(url)
    assert "field-detail" in page.content.decode()
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, subject_type="core.auditevent", subject_id=str(event.pk)
    ).exists()


def test_secretariat_enters_the_admin_for_agreements_only(world):
    """The secretariat (agreement editing) enters the admin; it lists the agreements and
    no reference data, users or case content."""
    client = _client(world.user(actors.SECRETARIAT))
    index = client.get("/admin/")
    assert index.status_code == 200
    text = index.content.decode()
    assert "/admin/agreements/" in text
    assert "/admin/accounts/" not in text
    assert client.get("/admin/people/person/").status_code == 403


@pytest.mark.parametrize(("spec", "shown"), [(actors.SECRETARIAT, True), (actors.ANALYST, False)])
def test_agreement_page_links_to_editing_for_agreement_editors(world, spec, shown):
    """The agreement's page offers "Edit this agreement" only to a holder of AGREEMENT_EDIT,
    and the link opens for them."""
    client = _client(world.user(spec))
    code = world.agreement.code
    page = client.get(f"/agreements/{code}/").content.decode()
    edit = f"/admin/agreements/agreement/{world.agreement.pk}/change/"
    assert (edit in page) is shown
    if shown:
        assert client.get(edit).status_code == 200


def test_break_glass_command_grants_with_a_reason_lists_and_revokes(world, superuser):
    """``enlace break-glass``: a user manager grants with a reason (audited), the grant is
    listed, and revoked; an officer may not grant and a grant without a reason is refused."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    officer = world.user(actors.BORDER_TUCSON)
    with pytest.raises(CommandError, match="reason"):
        call_command("break_glass", "grant", superuser.username, "--as", superuser.username)
    with pytest.raises(CommandError, match="may not manage users"):
        call_command(
            "break_glass", "grant", officer.username, "--as", officer.username, "--reason", "x"
        )
    assert not break_glass_held(officer)

    call_command(
        "break_glass", "grant", superuser.username, "--as", superuser.username,
        "--reason", "INC-2026-114", stdout=StringIO(),
    )  # fmt: skip
    assert break_glass_held(superuser)
    granted = AuditEvent.objects.filter(subject_id=str(superuser.pk)).order_by("-seq").first()
    assert granted.detail["reason"] == "INC-2026-114"
    listed = StringIO()
    call_command("break_glass", "list", stdout=listed)
    assert superuser.username in listed.getvalue().split()
    call_command(
        "break_glass", "revoke", superuser.username, "--as", superuser.username, stdout=StringIO()
    )
    assert not break_glass_held(superuser)
