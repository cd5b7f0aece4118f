"""API clients for named actors, authenticated with real personal tokens."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from enlace.api.tokens import token_create

from .. import actors

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


class ApiClient:
    def __init__(self, token: str, language: str = "en") -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=language)

    def get(self, path: str, **extra):
        return self.client.get(f"/api/v1{path}", **extra)

    def post(self, path: str, data: object | None = None, **extra):
        return self.client.post(f"/api/v1{path}", data or {}, content_type="application/json",
                                **extra)  # fmt: skip

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def api_as(actor):
    """``api_as(spec)`` (or a label, ``api_as("inm.nogales")``) → an API client of that
    named actor (``tests.actors``), with a personal token of its own."""

    def make(who: actors.ActorSpec | str, language: str = "en") -> ApiClient:
        spec = actors.named(who) if isinstance(who, str) else who
        _token, plain = token_create(actor=actor(spec), name="test")
        return ApiClient(plain, language)

    return make
