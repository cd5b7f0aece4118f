"""schemathesis against the running application's OpenAPI document (loaded over WSGI):
no 5xx, every response conforms to its documented schema, status code and content type."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from enlace.api.tokens import token_create

from .. import actors

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]  # fmt: skip


@pytest.fixture
def token(actor):
    """A token, and the test client's habit: keep the test's connection open across requests
    (the WSGI handler would close it at each request's end, rolling back the test data)."""
    cache.clear()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield token_create(actor=actor(actors.BORDER_TUCSON), name="schemathesis")[1]
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])  # fmt: skip
def test_api_conforms(case, token):
    cache.clear()  # the rate limit is tested elsewhere
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
