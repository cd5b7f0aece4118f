"""Consular notifications, encounters and person search through the API: steps, scopes, cursors."""

from __future__ import annotations

import pytest

from .. import actors
from ..consular.factories import held_national

pytestmark = pytest.mark.django_db


def test_the_notification_steps_through_the_api(api_as, actor):
    tucson = actor(actors.BORDER_TUCSON)
    encounter = held_national(tucson, given="Uno")
    held_national(tucson, given="Dos")
    held_national(tucson, given="Tres")
    officer = api_as(actors.BORDER_TUCSON)
    encounters = officer.get("/encounters?limit=2").json()
    assert len(encounters["items"]) == 2
    assert encounters["next_cursor"]
    offered = officer.post("/notifications", {"encounter_id": encounter.pk, "consulate": "nogales"})
    assert offered.status_code == 201, offered.content
    number = offered.json()["id"]
    assert officer.post(f"/notifications/{number}/answer", {"requested": True}).json()["due_at"]
    assert officer.post(f"/notifications/{number}/notify", {}).json()["status"] == "notified"
    consul = api_as(actors.CONSUL_NOGALES, "es-MX")
    again = officer.post(f"/notifications/{number}/notify", {})
    assert again.status_code == 409
    assert consul.post(f"/notifications/{number}/acknowledge", {}).json()["status"] == (
        "acknowledged"
    )
    assert [n["id"] for n in consul.get("/notifications").json()["items"]] == [number]
    conflict = consul.post(f"/notifications/{number}/acknowledge", {})
    assert conflict.status_code == 409
    assert conflict.json()["detail"].startswith("Este paso requiere")


def test_another_consulate_sees_nothing(api_as, actor):
    officer = api_as(actors.BORDER_TUCSON)
    encounter = held_national(actor(actors.BORDER_TUCSON))
    number = officer.post(
        "/notifications", {"encounter_id": encounter.pk, "consulate": "tucson"}
    ).json()["id"]
    nogales = api_as(actors.CONSUL_NOGALES)
    assert nogales.get(f"/notifications/{number}").status_code == 404
    assert nogales.post(f"/notifications/{number}/acknowledge", {}).status_code == 404
    assert (
        api_as(actors.INM_NOGALES)
        .post("/notifications", {"encounter_id": encounter.pk, "consulate": "nogales"})
        .status_code
        == 403  # INM does not offer consular notification: the operation itself is refused
    )


def test_person_search_pages_with_a_cursor(api_as, actor):
    tucson = actor(actors.BORDER_TUCSON)
    for given in ("Uno", "Dos", "Tres", "Cuatro", "Cinco", "Seis", "Siete"):
        held_national(tucson, given=given)
    officer = api_as(actors.BORDER_TUCSON)
    first = officer.get("/persons?limit=3").json()
    assert len(first["items"]) == 3
    assert first["next_cursor"]
    second = officer.get(f"/persons?limit=3&cursor={first['next_cursor']}").json()
    ids = [p["id"] for p in first["items"] + second["items"]]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids) == 6


def test_the_interview_through_the_api(api_as, actor):
    officer = api_as(actors.BORDER_TUCSON)
    encounter = held_national(actor(actors.BORDER_TUCSON))
    number = officer.post(
        "/notifications", {"encounter_id": encounter.pk, "consulate": "nogales"}
    ).json()["id"]
    officer.post(f"/notifications/{number}/answer", {"requested": True})
    notified = officer.post(f"/notifications/{number}/notify", {}).json()
    assert notified["clock"] == "interview"
    assert notified["due_at"]
    consul = api_as(actors.CONSUL_NOGALES, "es-MX")
    early = consul.post(f"/notifications/{number}/interview", {"mode": "phone"})
    assert early.status_code == 409  # not acknowledged yet
    consul.post(f"/notifications/{number}/acknowledge", {})
    assert consul.post(f"/notifications/{number}/interview", {"mode": "fax"}).status_code == 422
    assert officer.post(f"/notifications/{number}/interview", {"mode": "phone"}).status_code == 403
    done = consul.post(
        f"/notifications/{number}/interview",
        {"mode": "video", "follow_up": True, "note": "needs medical review"},
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "interviewed"
    assert body["interview_mode"] == "video"
    assert body["follow_up"] is True
    assert body["overdue"] is False
    assert body["interviewed_at"]
    again = consul.post(f"/notifications/{number}/interview", {"mode": "video"})
    assert again.status_code == 409
    assert again.json()["detail"].startswith("Este paso requiere")
