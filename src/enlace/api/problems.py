"""RFC 9457 problem details, in the caller's language (``Accept-Language``), naming the field.

Every error the API answers goes through ``problem_response``; codes are a stable enum
(clients test the code, not the wording).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from enlace.access import Capability

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemCode(StrEnum):
    NOT_FOUND = "not_found"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    MANIFEST_REJECTED = "manifest_rejected"
    BAD_REQUEST = "bad_request"


class FieldError(Schema):
    field: str
    message: str
    code: str


class Problem(Schema):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: list[FieldError] = []


def _titles() -> dict[ProblemCode, str]:
    return {
        ProblemCode.NOT_FOUND: _("Not found"),
        ProblemCode.UNAUTHORIZED: _("Authentication required"),
        ProblemCode.FORBIDDEN: _("Not allowed"),
        ProblemCode.INVALID: _("The request is not valid"),
        ProblemCode.CONFLICT: _("Conflict"),
        ProblemCode.RATE_LIMITED: _("Too many requests"),
        ProblemCode.MANIFEST_REJECTED: _("The manifest was rejected"),
        ProblemCode.BAD_REQUEST: _("Bad request"),
    }


class ProblemError(Exception):
    """Raise from an endpoint to answer with a problem document."""

    def __init__(
        self,
        status: int,
        code: ProblemCode,
        detail: str,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.detail, self.errors = status, code, detail, errors or []


@contextmanager
def conflict_on(*errors: type[Exception], message: str) -> Iterator[None]:
    """Answer 409 with ``message`` when the step inside raises one of ``errors``: the record
    is not in a state that allows it (a plan already accepted, a receipt already signed)."""
    try:
        yield
    except errors:
        raise ProblemError(409, ProblemCode.CONFLICT, message) from None


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    code: ProblemCode,
    detail: str,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    import json

    body = {
        "type": f"urn:enlace:problem:{code.value}",
        "title": _titles()[code],
        "status": status,
        "detail": detail,
        "instance": request.path,
        "code": code.value,
        "errors": errors or [],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def _refusal(exc: Exception) -> str:
    """What a refusal says: the service names the capability it found missing
    (``PermissionDenied(capability.value)``); a few refusals have more to tell."""
    named = {
        Capability.MANIFEST_SUBMIT.value: _(
            "Only an officer of the sending office may submit its manifests."
        ),
    }
    reason = str(exc.args[0]) if exc.args else ""
    return named.get(reason, _("Your role or office does not allow this."))


def _field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("string_too_long", "too_long")):
        return _("This value is too long.")
    if kind.startswith(("string_too_short", "too_short")):
        return _("This value is too short.")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("Enter a number in the allowed range.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a valid date and time (ISO 8601).")
    return _("This value is not valid.")


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Ninja/pydantic errors as ``{field, message, code}``, ``field`` a dotted location."""
    return [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())),
            "message": _field_message(error),
            "code": str(error.get("type", "invalid")),
        }
        for error in errors
    ]


def handlers_install(api: NinjaAPI) -> None:
    """Answer every error as a problem document; never a 500 for a caller's mistake."""

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem_response(
            request, status=422, code=ProblemCode.INVALID,
            detail=_("Some fields are not valid; see errors."),
            errors=validation_errors(list(exc.errors)),
        )  # fmt: skip

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = _("There is nothing here, or you may not see it.")
        return problem_response(request, status=404, code=ProblemCode.NOT_FOUND, detail=detail)

    def on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(request, status=403, code=ProblemCode.FORBIDDEN,
                                detail=_refusal(exc))  # fmt: skip

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError) or exc.status_code == 401:
            response = problem_response(
                request, status=401, code=ProblemCode.UNAUTHORIZED,
                detail=_("Send a valid, unexpired API token: Authorization: Bearer <token>."),
            )  # fmt: skip
            response["WWW-Authenticate"] = 'Bearer realm="enlace"'
            return response
        if isinstance(exc, Throttled):
            response = problem_response(request, status=429, code=ProblemCode.RATE_LIMITED,
                                        detail=_("Slow down and retry later."))  # fmt: skip
            response["Retry-After"] = str(int(exc.wait or 1))
            return response
        code = ProblemCode.FORBIDDEN if exc.status_code == 403 else ProblemCode.BAD_REQUEST
        return problem_response(request, status=exc.status_code, code=code,
                                detail=_("The request cannot be served."))  # fmt: skip

    def on_problem(request: HttpRequest, exc: ProblemError) -> HttpResponse:
        return problem_response(request, status=exc.status, code=exc.code, detail=exc.detail,
                                errors=exc.errors)  # fmt: skip

    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, on_forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http)  # type: ignore[arg-type]
    api.add_exception_handler(ProblemError, on_problem)  # type: ignore[arg-type]
