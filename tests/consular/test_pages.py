"""The consular pages: the consul's home queue, the list and one notification, the steps as
small POST forms (plain and htmx), scoped (out of scope looks missing) and audited."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.consular.models import ConsularNotification, NotificationStatus
from enlace.core.models import AuditEvent
from enlace.repatriation.models import ManifestRecord

from .. import actors, factories
from ..web.support import assert_csp_clean, without_per_response_values
from .factories import consul_elsewhere, held_national, notification_upto

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PHOENIX = ZoneInfo("America/Phoenix")  # the Tucson sector's office, where the national is held


@pytest.fixture
def officer(actor):
    return actor(actors.BORDER_TUCSON)


@pytest.fixture
def consul(actor):
    return actor(actors.CONSUL_NOGALES)


@pytest.fixture
def as_user(client):
    def sign_in(user, language="en"):
        client.force_login(user)
        client.cookies["enlace_language"] = language
        return client

    return sign_in


def _detail(n):
    return reverse("consular:notification-detail", args=[n.pk])


def _audits(user, action):
    return AuditEvent.objects.filter(actor=user, action=action)


def test_the_home_queue_shows_each_step_with_its_clock_and_actions(
    officer, consul, as_user, django_assert_max_num_queries
):
    now = timezone.now()
    old = held_national(officer, since=now - timedelta(days=3), given="Overdue")
    late = notification_upto(officer, consul, old, "notified", started=now - timedelta(hours=30))
    fresh = notification_upto(officer, consul, held_national(officer, given="Fresh"),
                              "acknowledged")  # fmt: skip
    minor = held_national(officer, minor=True, given="Minor")
    before = _audits(consul, "list").count()
    client = as_user(consul)
    with django_assert_max_num_queries(40):
        page = client.get(reverse("web:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert_csp_clean(html)
    assert f'id="notification-{late.pk}"' in html
    assert "Overdue" in html
    assert reverse("consular:notification-acknowledge", args=[late.pk]) in html
    assert reverse("consular:notification-interview", args=[fresh.pk]) in html
    assert reverse("people:person-detail", args=[minor.person_id]) in html  # custody + vulnerable
    assert "Unaccompanied minor" in html
    assert _audits(consul, "list").count() - before == 3  # queue, custody, vulnerable


def test_the_home_in_spanish(officer, consul, as_user):
    notification_upto(officer, consul, held_national(officer), "acknowledged")
    html = as_user(consul, "es-mx").get(reverse("web:home")).content.decode()
    assert "Cola de notificaciones" in html
    assert "Registrar la entrevista" in html


def test_vulnerable_persons_come_from_the_manifest_and_interviews(officer, consul, as_user):
    manifest = factories.manifest_submitted(
        officer, factories.manifest_csv(manifest_id="vulnerable-1", surname="Vulnerable")
    )
    records = ManifestRecord.objects.filter(manifest=manifest, pregnant=False)
    record = (
        records.filter(encounter__county__consulates="nogales").first()
        or records.filter(encounter__consulate_id="nogales").first()
    )
    assert record is not None, "the example manifest holds persons in the Nogales district"
    ManifestRecord.objects.filter(pk=record.pk).update(pregnant=True)
    html = as_user(consul).get(reverse("web:home")).content.decode()
    assert reverse("people:person-detail", args=[record.person_id]) in html
    assert "Pregnant" in html


def test_the_list_filters_by_step_and_overdue(
    officer, consul, as_user, django_assert_max_num_queries
):
    now = timezone.now()
    late = notification_upto(officer, consul, held_national(officer, since=now - timedelta(days=3)),
                             "acknowledged", started=now - timedelta(hours=30))  # fmt: skip
    fresh = notification_upto(officer, consul, held_national(officer), "notified")
    client = as_user(consul)
    client.get(reverse("consular:notification-list"))  # the session warms up
    with django_assert_max_num_queries(15):  # not one query per notification
        everything = client.get(reverse("consular:notification-list"))
    assert f'id="notification-{late.pk}"' in everything.content.decode()
    overdue = client.get(reverse("consular:notification-list"), {"overdue": "1"}).content.decode()
    assert f'id="notification-{late.pk}"' in overdue
    assert f'id="notification-{fresh.pk}"' not in overdue
    notified = client.get(reverse("consular:notification-list"), {"status": "notified"})
    assert f'id="notification-{fresh.pk}"' in notified.content.decode()
    assert f'id="notification-{late.pk}"' not in notified.content.decode()


def test_another_consulate_gets_404_like_a_missing_notification(officer, consul, client):
    n = notification_upto(officer, consul, held_national(officer), "notified")
    elsewhere = consul_elsewhere()
    assert elsewhere.office.consulate_id == "tucson"
    client.force_login(elsewhere)
    forbidden = client.get(_detail(n))
    missing = client.get(reverse("consular:notification-detail", args=[n.pk + 10_000]))
    assert forbidden.status_code == missing.status_code == 404
    assert without_per_response_values(forbidden.content) == without_per_response_values(
        missing.content
    )
    assert client.post(reverse("consular:notification-acknowledge", args=[n.pk])).status_code == 404
    n.refresh_from_db()
    assert n.status == NotificationStatus.NOTIFIED
    assert (
        f'id="notification-{n.pk}"'
        not in client.get(reverse("consular:notification-list")).content.decode()
    )


def test_detail_shows_the_timeline_and_is_audited(officer, consul, as_user):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    page = as_user(consul).get(_detail(n))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Notification offered" in html
    assert "Acknowledged by the consulate" in html
    assert AuditEvent.objects.filter(actor=consul, action="view",
                                     subject_id=str(n.pk)).exists()  # fmt: skip


def test_acknowledge_without_javascript_redirects_back(officer, consul, as_user):
    n = notification_upto(officer, consul, held_national(officer), "notified")
    home = reverse("web:home")
    response = as_user(consul).post(
        reverse("consular:notification-acknowledge", args=[n.pk]), {"next": home}
    )
    assert response.status_code == 302
    assert response["Location"] == home
    n.refresh_from_db()
    assert n.status == NotificationStatus.ACKNOWLEDGED


def test_acknowledge_with_htmx_answers_the_fragment(officer, consul, as_user):
    n = notification_upto(officer, consul, held_national(officer), "notified")
    response = as_user(consul).post(
        reverse("consular:notification-acknowledge", args=[n.pk]), {"next": "/"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div id="notification-{n.pk}"')
    assert reverse("consular:notification-interview", args=[n.pk]) in html
    assert 'hx-swap-oob="true"' in html
    assert "acknowledged" in html


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("en", "Choose how the interview took place."),
        ("es-mx", "Elija cómo se realizó la entrevista."),
    ],
)
def test_an_interview_without_its_mode_names_the_field(officer, consul, as_user, language, error):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    url = reverse("consular:notification-interview", args=[n.pk])
    client = as_user(consul, language)
    plain = client.post(url, {f"n{n.pk}-follow_up": "on"})
    assert plain.status_code == 400
    assert error in plain.content.decode()
    fragment = client.post(url, {f"n{n.pk}-at": "yesterday"}, **HTMX).content.decode()
    assert error in fragment
    assert "2019-12-17 09:30" in fragment  # the date's own error
    n.refresh_from_db()
    assert n.status == NotificationStatus.ACKNOWLEDGED


def test_an_interview_in_local_time_of_the_place(officer, consul, as_user):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    local = timezone.localtime(timezone.now() - timedelta(minutes=3), timezone=PHOENIX)
    response = as_user(consul).post(
        reverse("consular:notification-interview", args=[n.pk]),
        {f"n{n.pk}-mode": "in_person", f"n{n.pk}-at": local.strftime("%Y-%m-%dT%H:%M"),
         f"n{n.pk}-follow_up": "on", f"n{n.pk}-note": "needs medical review"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    n.refresh_from_db()
    assert n.status == NotificationStatus.INTERVIEWED
    assert n.interviewed_at == local.replace(second=0, microsecond=0)
    assert n.follow_up


def test_us_officers_take_their_steps_on_the_same_pages(officer, consul, as_user):
    encounter = held_national(officer)
    client = as_user(officer)
    offer_list = client.get(reverse("consular:notification-offer-list")).content.decode()
    assert reverse("consular:notification-offer", args=[encounter.pk]) in offer_list
    offered = client.post(reverse("consular:notification-offer", args=[encounter.pk]),
                          {"consulate": "nogales"})  # fmt: skip
    n = ConsularNotification.objects.get(encounter=encounter)
    assert offered["Location"] == _detail(n)
    client.post(reverse("consular:notification-answer", args=[n.pk]), {"answer": "requested"})
    client.post(reverse("consular:notification-notify", args=[n.pk]))
    n.refresh_from_db()
    assert n.status == NotificationStatus.NOTIFIED
    assert n.notified_by == officer
    # the consul's step is not the officer's, and the officer's is not the consul's
    assert client.post(reverse("consular:notification-acknowledge", args=[n.pk])).status_code == 403
    consul_client = as_user(consul)
    assert (
        consul_client.post(reverse("consular:notification-notify", args=[n.pk])).status_code == 403
    )


def test_an_offer_outside_the_officers_scope_is_404(officer, actor, as_user):
    encounter = held_national(officer)
    client = as_user(actor(actors.REMOVAL_PHOENIX))
    url = reverse("consular:notification-offer", args=[encounter.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"consulate": "nogales"}).status_code == 404
    assert not ConsularNotification.objects.filter(encounter=encounter).exists()
    assert (
        as_user(actor(actors.CONSUL_NOGALES))
        .get(reverse("consular:notification-offer-list"))
        .status_code
        == 403
    )  # the consul does not offer: refused at the door


def test_an_offer_without_a_consulate_names_the_field_in_spanish(officer, as_user):
    encounter = held_national(officer)
    response = as_user(officer, "es-mx").post(
        reverse("consular:notification-offer", args=[encounter.pk]), {"consulate": ""}
    )
    assert response.status_code == 400
    assert "Elija el consulado." in response.content.decode()
    assert not ConsularNotification.objects.filter(encounter=encounter).exists()


def test_roles_without_notifications_are_refused(actor, client):
    client.force_login(actor(actors.ANALYST))
    assert client.get(reverse("consular:notification-list")).status_code == 403


@pytest.mark.parametrize("page", ["consular:notification-list", "web:home"])
def test_the_consul_queue_costs_the_same_queries_for_more_notifications(
    officer, consul, as_user, page
):
    """The list page and the home queue: no query per notification, whatever the step."""
    notification_upto(officer, consul, held_national(officer, given="Uno"), "acknowledged")
    client = as_user(consul)
    client.get(reverse(page))  # the session and caches warm up
    with CaptureQueriesContext(connection) as one:
        first = client.get(reverse(page)).content.decode()
    for given, step in (("Dos", "notified"), ("Tres", "acknowledged"), ("Cuatro", "requested")):
        notification_upto(officer, consul, held_national(officer, given=given), step)

    with CaptureQueriesContext(connection) as four:
        second = client.get(reverse(page)).content.decode()

    assert second.count('id="notification-') == first.count('id="notification-') + 3
    assert len(four) == len(one)
