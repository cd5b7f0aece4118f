"""The consul of Nogales works the notification queue in the browser, in English and in
Spanish: an overdue item is marked, acknowledged and its interview recorded in place (htmx),
then the list and the notification's page. axe-core on each page, one screenshot each."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enlace.accounts.models import User
from enlace.consular.models import ConsularNotification, NotificationStatus

from ..browser import axe_check, screenshot
from .factories import held_national, notification_upto

pytestmark = pytest.mark.browser


def _text(language: str, message: str) -> str:
    with translation.override(language):
        return _(message)


def _overdue_notification(given: str) -> ConsularNotification:
    officer = User.objects.select_related("office").get(username="border.tucson")
    consul = User.objects.select_related("office").get(username="consul.nogales")
    now = timezone.now()
    encounter = held_national(officer, since=now - timedelta(days=2), given=given)
    return notification_upto(officer, consul, encounter, "notified",
                             started=now - timedelta(hours=30))  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_the_consul_acknowledges_and_records_the_interview_in_place(browse, language):
    from playwright.sync_api import expect

    n = _overdue_notification(f"Vencida{language.replace('-', '')}")
    session = browse("consul.nogales", language)
    page = session.page
    session.goto("/")
    item = page.locator(f"#notification-{n.pk}")
    expect(item.locator(".usa-tag", has_text=_text(language, "Overdue"))).to_be_visible()
    axe_check(page)
    screenshot(page, f"consular-home-{language}")
    home_url = page.url

    to_acknowledge = page.locator('[data-count="notified"]')
    to_interview = page.locator('[data-count="acknowledged"]')
    before = int(to_acknowledge.inner_text()), int(to_interview.inner_text())
    item.get_by_role("button", name=_text(language, "Acknowledge")).click()
    status = page.locator("#consular-status")
    expect(status).to_contain_text(_text(language, "The notification was acknowledged."))
    # The queue follows without a reload: the item moved from one step to the next.
    expect(to_acknowledge).to_have_text(str(before[0] - 1))
    expect(to_interview).to_have_text(str(before[1] + 1))
    expect(page.locator("#queue-acknowledged").locator("..")).to_contain_text(n.person.full_name)
    item.locator("summary").click()
    item.get_by_text(_text(language, "By video call")).click()
    item.get_by_text(_text(language, "Protection follow-up needed")).click()
    item.get_by_label(_text(language, "Follow-up note")).fill("needs medical review")
    item.get_by_role("button", name=_text(language, "Save the interview")).click()
    expect(status).to_contain_text(_text(language, "The interview was recorded."))
    # Interviewed, the notification leaves the queue, and the count with it.
    expect(to_interview).to_have_text(str(before[1]))
    expect(item).to_have_count(0)
    assert page.url == home_url, "the steps were taken in place"
    n.refresh_from_db()
    assert n.status == NotificationStatus.INTERVIEWED
    assert (n.interview_mode, n.follow_up) == ("video", True)
    axe_check(page)

    session.goto("/consular/?overdue=1")
    expect(page.locator("h1")).to_have_text(_text(language, "Consular notifications"))
    axe_check(page)
    screenshot(page, f"consular-list-{language}")

    session.goto(f"/consular/{n.pk}/")
    expect(page.locator("ol.usa-process-list > li")).to_have_count(5)
    expect(page.locator("main")).to_contain_text(re.compile("needs medical review"))
    axe_check(page)
    screenshot(page, f"consular-detail-{language}")
    assert session.problems == []
