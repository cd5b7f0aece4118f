"""The sweep's inventory, read from the application itself: every URL pattern of the URL
resolver (with its namespaces) and every operation of the API's OpenAPI document, each with
the policy its view declares. Nothing here is a hand-kept list of pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from enlace.access.policy import Policy, policy_of

API_NAMESPACE = "api"
ADMIN_NAMESPACE = "admin"
_KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class WebRoute:
    """One URL pattern: its full pattern text, namespace, name and view."""

    pattern: str
    namespace: str
    name: str | None
    callback: Any
    kwargs: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else str(self.name)

    @property
    def policy(self) -> Policy | None:
        return policy_of(self.callback, url_name=self.name, namespace=self.namespace)

    def url(self, values: dict[str, Any]) -> str:
        """The address with ``values`` in the pattern's places (route or regex syntax)."""
        text = self.pattern

        def fill(match: re.Match[str]) -> str:
            return str(values[match.group(1) or match.group(2)])

        text = re.sub(r"<(?:\w+:)?(\w+)>", fill, text)
        text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), text)
        text = text.replace("^", "").replace("$", "").replace("\\", "")
        return "/" + text


def _walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[WebRoute]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            text = prefix + str(entry.pattern)
            names = tuple(a or b for a, b in _KWARG.findall(text))
            yield WebRoute(text, namespace, entry.name, entry.callback, names)


def web_routes() -> list[WebRoute]:
    """Every URL pattern outside the API (whose operations are swept from its document)."""
    return [
        route
        for route in _walk(get_resolver().url_patterns, "", "")
        if route.namespace.split(":")[0] != API_NAMESPACE
    ]


@dataclass(frozen=True)
class ApiOperation:
    """One operation of the OpenAPI document and the view function that serves it."""

    method: str
    path: str  # the document's path, e.g. /api/v1/manifests/{manifest_id}
    operation_id: str
    path_params: tuple[str, ...]
    query_required: tuple[str, ...]
    has_body: bool
    view: Any

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def policy(self) -> Policy | None:
        return policy_of(self.view) if self.view is not None else None


def _views_by_operation_id(api: Any) -> dict[str, Any]:
    """The view functions of the API, by operation id, read from its routers."""
    found: dict[str, Any] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                operation_id = operation.operation_id or api.get_openapi_operation_id(operation)
                found[operation_id] = operation.view_func
    return found


def api_operations() -> list[ApiOperation]:
    from enlace.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    views = _views_by_operation_id(api)
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = operation.get("parameters", [])
            found.append(
                ApiOperation(
                    method=method,
                    path=path,
                    operation_id=operation["operationId"],
                    path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                    query_required=tuple(
                        p["name"] for p in params if p["in"] == "query" and p.get("required")
                    ),
                    has_body="requestBody" in operation,
                    view=views.get(operation["operationId"]),
                )
            )
    return found
