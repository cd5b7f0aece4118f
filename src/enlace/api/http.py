"""The API object's HTTP habits: token auth, rate limit, ETags, cursors."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from ninja import NinjaAPI
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from enlace.accounts.models import User

from .tokens import token_authenticate

DEFAULT_RATE = "600/min"


class ApiRequest(HttpRequest):
    """A request the API has authenticated: ``auth`` is the token's user. Operations type
    their ``request`` with it (every operation requires a token, ``TokenAuth``)."""

    auth: User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer enl_…``: a personal API token."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class RateThrottle(SimpleRateThrottle):
    """Per user (or address before authentication); ``settings.ENLACE_API_RATE`` is read at
    each request so deployments and tests may change it."""

    scope = "enlace_api"

    def __init__(self) -> None:
        super().__init__(rate=DEFAULT_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, "ENLACE_API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        auth = getattr(request, "auth", None)
        ident = f"user-{auth.pk}" if auth is not None else f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class EnlaceApi(NinjaAPI):
    """Adds a strong ETag to successful GET answers and honours ``If-None-Match``; documents
    error answers as ``application/problem+json``."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status) >= "400" and "application/json" in content:
                        content["application/problem+json"] = content.pop("application/json")
        return schema

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            patch_vary_headers(response, ["Authorization", "Accept-Language"])
            if etag in request.headers.get("If-None-Match", ""):
                not_modified = HttpResponseNotModified()
                not_modified["ETag"] = etag
                return not_modified
        return response


def cursor_encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str | None) -> int:
    """The id after which the next page starts; 0 for none or an unreadable cursor."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        return max(0, int(text.removeprefix("id:"))) if text.startswith("id:") else 0
    except (ValueError, UnicodeDecodeError):
        return 0
