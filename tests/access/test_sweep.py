"""The scope sweep: every URL pattern and every API operation, as every role and anonymous,
reading and writing, on records inside and outside the role's scope.

- Every entry point declares a policy (``@policy``); one that does not fails here.
- A role the policy refuses gets the app's own 403 page in its language (the API: a 403
  problem); an anonymous visitor is sent to the login page (the API: 401).
- A record out of scope (another region's, or another office's record of a person the role
  does see) answers exactly as a missing id does: 404.
- A refused write leaves no new row in any table (audit, sessions and sign-in throttling
  aside) and no outbox event.

Routes come from the URL resolver and the OpenAPI document; parameter values from
``params.PARAMS`` (a new parameter name fails the sweep until it has an entry).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client

from enlace.access.policy import Policy

from .. import actors, factories
from ..actors import ActorSpec
from .params import case_values, tempting
from .routes import ADMIN_NAMESPACE, ApiOperation, WebRoute, api_operations, web_routes
from .world import World

pytestmark = pytest.mark.django_db

ROLES: tuple[ActorSpec | None, ...] = (*actors.ONE_PER_ROLE, None)  # None: anonymous
LOGIN = "/accounts/login/"
NOT_COUNTED = {"core.auditevent", "core.audithead", "sessions.session"}
SIZE: dict[str, int] = {"routes": 0, "triples": 0, "requests": 0}

WEB_ROUTES = [r for r in web_routes() if r.namespace.split(":")[0] != ADMIN_NAMESPACE]
ADMIN_ROUTES = [r for r in web_routes() if r.namespace.split(":")[0] == ADMIN_NAMESPACE]
API_OPERATIONS = api_operations()


def _language(spec: ActorSpec | None) -> str:
    """Half the roles browse in Spanish, so every kind of refusal is seen in both."""
    return "es-mx" if ROLES.index(spec) % 2 else "en"


# --- what a write may leave behind ---------------------------------------------------------


def _counted_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_COUNTED
        and model._meta.app_label != "axes"
        and model._meta.managed
        and not model._meta.proxy
    )


TABLES = _counted_tables()


def _rows() -> dict[str, int]:
    """Rows of every counted table, in one query."""
    quote = connection.ops.quote_name
    # table names from the model registry, quoted: no outside input reaches this query
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in TABLES)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(TABLES, cursor.fetchone(), strict=True))


def _grown(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return [f"{t} +{after[t] - before[t]}" for t in TABLES if after[t] > before[t]]


# --- bodies of writes ------------------------------------------------------------------------


def _manifest_file(world: World, values: dict[str, Any]) -> dict[str, Any]:
    content = factories.manifest_csv(manifest_id="sweep-posted-1", surname="Enviada")
    return {"file": SimpleUploadedFile("sweep.csv", content, content_type="text/csv")}


WEB_BODIES: dict[str, Callable[[World, dict[str, Any]], dict[str, Any]]] = {
    "repatriation:manifest-upload": _manifest_file,
    "consular:notification-answer": lambda w, v: {"answer": "requested"},
    "consular:notification-interview": lambda w, v: {"mode": "in_person"},
    "consular:notification-offer": lambda w, v: {"consulate": "nogales"},
    "receipts:handover-offer": lambda w, v: {
        "receiving_officer": w.user(actors.INM_NOGALES).pk,
        "handed_over_at": "2019-03-14T10:00",
        "belongings": "1 x mochila",
    },
    "identity:candidate-decide": lambda w, v: {"decision": "merge"},
    "identity:family-decide": lambda w, v: {"decision": "accept"},
}

API_BODIES: dict[str, Callable[[World, dict[str, Any]], dict[str, Any]]] = {
    "POST /api/v1/manifests": lambda w, v: {
        # the caller's own office: a manifest of another office is refused by the service
        "content": factories.manifest_csv(
            manifest_id="sweep-api-1", sending_office=v["_office"], surname="Api"
        ).decode(),
        "source_name": "sweep.csv",
    },
    "POST /api/v1/notifications": lambda w, v: {
        "encounter_id": v["encounter_id"],
        "consulate": "nogales",
    },
    "POST /api/v1/notifications/{notification_id}/answer": lambda w, v: {"requested": True},
    "POST /api/v1/notifications/{notification_id}/notify": lambda w, v: {},
    "POST /api/v1/notifications/{notification_id}/acknowledge": lambda w, v: {},
    "POST /api/v1/notifications/{notification_id}/interview": lambda w, v: {"mode": "in_person"},
    "POST /api/v1/repatriations/{repatriation_id}/handover": lambda w, v: {
        "receiving_officer": actors.INM_NOGALES.username
    },
}
# parameters an operation takes in its body, swept like the path's
API_BODY_PARAMS = {"POST /api/v1/notifications": ("encounter_id",)}
API_QUERY = {"reception_point": "nogales", "day": "2019-03-14"}


# --- clients -------------------------------------------------------------------------------


def _web_client(world: World, spec: ActorSpec | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=_language(spec))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = _language(spec)
    if spec is not None:
        client.force_login(world.user(spec))
    return client


def _isolated(call: Callable[..., Any], *args: Any) -> tuple[Any, list[str]]:
    """Make the call in a savepoint rolled back afterwards; return the answer and the
    tables that grew."""
    with transaction.atomic():
        before = _rows()
        response = call(*args)
        grown = _grown(before, _rows())
        transaction.set_rollback(True)
    return response, grown


def _refusal_problem(response: Any, language: str) -> str | None:
    if response.status_code != 403:
        return f"expected the 403 page, got {response.status_code}"
    names = [t.name for t in getattr(response, "templates", []) if t.name]
    if "403.html" not in names:
        return f"403 is not the app's own page (templates {names[:3]})"
    title = "No permitido" if language.startswith("es") else "Not allowed"
    if title not in response.content.decode():
        return f"403 page not in {language}"
    return None


def _anonymous_problem(response: Any) -> str | None:
    location = response.get("Location", "")
    if response.status_code != 302 or not location.startswith(LOGIN):
        return f"expected a redirect to the login page, got {response.status_code} {location}"
    return None


# --- every entry point declares a policy ---------------------------------------------------


def test_every_entry_point_declares_a_policy():
    """Every URL pattern and every API operation has a declared access policy."""
    undeclared = [f"web {r.label} ({r.pattern})" for r in web_routes() if r.policy is None]
    undeclared += [f"api {op.label}" for op in API_OPERATIONS if op.policy is None]
    assert not undeclared, "no declared policy:\n" + "\n".join(undeclared)


def test_the_sweep_knows_every_parameter():
    """Every URL and API parameter has sweep values (a new one needs an entry in PARAMS)."""
    from .params import PARAMS

    names = {n for r in web_routes() for n in r.kwargs}
    names |= {n for op in API_OPERATIONS for n in op.path_params}
    assert sorted(names - set(PARAMS)) == []
    assert not [op.label for op in API_OPERATIONS if op.has_body and op.label not in API_BODIES]
    assert not {q for op in API_OPERATIONS for q in op.query_required} - set(API_QUERY)


# --- web -----------------------------------------------------------------------------------


def _web_call(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, body)


def _web_public(world: World, route: WebRoute, client: Client, who: str) -> list[str]:
    problems = []
    for case, values in case_values(route.kwargs, world, None).items():
        response = client.get(route.url(values))
        SIZE["requests"] += 1
        if response.status_code >= 500:
            problems.append(f"{route.label} as {who}, {case}: GET {response.status_code}")
    return problems


def _web_refused(
    world: World, route: WebRoute, client: Client, spec: ActorSpec | None
) -> list[str]:
    """A role the policy refuses, on the Tucson officer's records: 403 page or login."""
    who = spec.label if spec else "anonymous"
    values = tempting(route.kwargs, world)
    url = route.url(values)
    SIZE["triples"] += 1
    problems = []
    for method in ("get", "post"):
        body = WEB_BODIES.get(route.label, lambda w, v: {})(world, values)
        response, grown = _isolated(_web_call, client, method, url, body)
        SIZE["requests"] += 1
        problem = (
            _anonymous_problem(response)
            if spec is None
            else _refusal_problem(response, _language(spec))
        )
        if grown:
            problem = f"{problem or 'refused'}; left rows: {grown}"
        if problem:
            problems.append(f"{route.label} as {who}, refused, {method.upper()}: {problem}")
    return problems


def _answer_problem(case: str, status: int, grown: list[str]) -> str | None:
    """In scope: answered; out of scope or missing: the same 404 (405 where the route does
    not take the method), and a write stores nothing."""
    if status >= 500:
        return f"{status}"
    if case in ("inside", "no-record"):
        return f"{status} for a record in scope" if status in (401, 403, 404) else None
    if status not in (404, 405):
        return f"{status}, not the 404 of a missing record"
    return f"a refused write left rows: {grown}" if grown else None


def _web_admitted(world: World, route: WebRoute, client: Client, spec: ActorSpec) -> list[str]:
    problems = []
    for case, values in case_values(route.kwargs, world, spec.username).items():
        SIZE["triples"] += 1
        url = route.url(values)
        for method in ("get", "post"):
            body = WEB_BODIES.get(route.label, lambda w, v: {})(world, values)
            response, grown = _isolated(_web_call, client, method, url, body)
            SIZE["requests"] += 1
            problem = _answer_problem(case, response.status_code, grown)
            if problem:
                where = f"{route.label} as {spec.label}, {case}, {method.upper()} {url}"
                problems.append(f"{where}: {problem}")
    return problems


def _web_case(world: World, route: WebRoute, policy: Policy, spec: ActorSpec | None) -> list[str]:
    client = _web_client(world, spec)
    if policy.public:
        return _web_public(world, route, client, spec.label if spec else "anonymous")
    if spec is None or not policy.admits(world.user(spec)):
        return _web_refused(world, route, client, spec)
    return _web_admitted(world, route, client, spec)


@pytest.mark.parametrize("route", WEB_ROUTES, ids=lambda r: r.label)
def test_web_route(world, route):
    """Each page, as each role and anonymous: refused by its policy with the app's page,
    in scope answered, out of scope a 404 like a missing record, no refused write stored."""
    SIZE["routes"] += 1
    policy = route.policy
    assert policy is not None, f"{route.label}: no declared policy"
    problems = list(
        itertools.chain.from_iterable(_web_case(world, route, policy, spec) for spec in ROLES)
    )
    assert not problems, "\n".join(problems)


# --- the admin -----------------------------------------------------------------------------


def _admin_values(route: WebRoute, world: World) -> dict[str, Any]:
    return case_values(route.kwargs, world, None).get("missing", {})


def test_admin_gate(world):
    """Every admin URL: an anonymous visitor goes to the app's login page, a signed-in role
    the admin policy does not admit gets the app's 403 page in its language, and a refused
    write stores nothing; admitted roles see no case content without break-glass."""
    from enlace.access.policy import ADMIN_POLICY

    refused = [s for s in actors.ONE_PER_ROLE if not ADMIN_POLICY.admits(world.user(s))]
    clients = {s: _web_client(world, s) for s in refused}
    anonymous = _web_client(world, None)
    problems = []
    for index, route in enumerate(ADMIN_ROUTES):
        SIZE["routes"] += 1
        url = route.url(_admin_values(route, world))
        spec = refused[index % len(refused)]
        for method in ("get", "post"):
            response, grown = _isolated(_web_call, anonymous, method, url, {})
            problem = _anonymous_problem(response) or (grown and f"left rows {grown}")
            if problem:
                problems.append(f"{route.label} as anonymous, {method.upper()}: {problem}")
            response, grown = _isolated(_web_call, clients[spec], method, url, {})
            problem = _refusal_problem(response, _language(spec)) or (
                grown and f"left rows {grown}"
            )
            if problem:
                problems.append(f"{route.label} as {spec.label}, {method.upper()}: {problem}")
            SIZE["requests"] += 2
        SIZE["triples"] += 2
    assert not problems, "\n".join(problems)


# --- the API -------------------------------------------------------------------------------


def _api_client(world: World, spec: ActorSpec | None) -> Client:
    headers = {"HTTP_ACCEPT_LANGUAGE": _language(spec)}
    if spec is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[spec.username]}"
    return Client(**headers)


def _api_call(client: Client, op: ApiOperation, world: World, values: dict[str, Any]) -> Any:
    path = op.path
    for name in op.path_params:
        path = path.replace("{" + name + "}", str(values[name]))
    query = {q: API_QUERY[q] for q in op.query_required}
    if op.method == "get":
        return client.get(path, query)
    body = API_BODIES.get(op.label, lambda w, v: {})(world, values)
    extra = {"HTTP_IDEMPOTENCY_KEY": f"sweep-{id(values)}"}
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return getattr(client, op.method)(path, body, content_type="application/json", **extra)


def _api_case(world: World, op: ApiOperation, policy: Policy, spec: ActorSpec | None) -> list[str]:
    client = _api_client(world, spec)
    user = world.user(spec) if spec else None
    who = spec.label if spec else "anonymous"
    names = op.path_params + API_BODY_PARAMS.get(op.label, ())
    problems: list[str] = []
    admitted = user is not None and policy.admits(user)
    if not admitted and not policy.public:
        SIZE["triples"] += 1
        values = {**tempting(names, world), "_office": "usbp-tca"}
        response, grown = _isolated(_api_call, client, op, world, values)
        SIZE["requests"] += 1
        expected = 401 if spec is None else 403
        if response.status_code != expected:
            problems.append(f"{op.label} as {who}, refused: {response.status_code} != {expected}")
        if grown:
            problems.append(f"{op.label} as {who}, refused: left rows {grown}")
        return problems
    office = user.office_id if user is not None else ""
    for case, values in case_values(names, world, spec.username if spec else None).items():
        SIZE["triples"] += 1
        response, grown = _isolated(_api_call, client, op, world, {**values, "_office": office})
        SIZE["requests"] += 1
        problem = _answer_problem(case, response.status_code, grown)
        if problem:
            problems.append(f"{op.label} as {who}, {case}: {problem}")
    return problems


@pytest.fixture
def _api_unthrottled(settings):
    settings.ENLACE_API_RATE = "1000000/min"
    cache.clear()


@pytest.mark.usefixtures("_api_unthrottled")
@pytest.mark.parametrize("op", API_OPERATIONS, ids=lambda op: op.label)
def test_api_operation(world, op):
    """Each API operation, as each role (with a personal token) and anonymous."""
    SIZE["routes"] += 1
    policy = op.policy
    assert policy is not None, f"{op.label}: no declared policy"
    problems = list(
        itertools.chain.from_iterable(_api_case(world, op, policy, spec) for spec in ROLES)
    )
    assert not problems, "\n".join(problems)


# --- the refusals a user meets most ----------------------------------------------------------


@pytest.mark.parametrize(("language", "title"), [("en", "Not allowed"), ("es-mx", "No permitido")])
@pytest.mark.parametrize(
    ("spec", "url"),
    [(actors.ANALYST, "/manifests/upload/"), (actors.BORDER_TUCSON, "/admin/")],
    ids=["upload-as-analyst", "admin-as-officer"],
)
@pytest.mark.parametrize("by", ["cookie", "accept-language"])
def test_refusal_is_the_apps_page_in_the_users_language(world, spec, url, language, title, by):
    """The analyst's upload and an officer's visit to the admin: the app's 403 page."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language if by == "accept-language" else "")
    if by == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.user(spec))
    response = client.get(url)
    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]
    assert title in response.content.decode()
    assert f'lang="{language}"' in response.content.decode()


def test_admin_asks_an_anonymous_visitor_to_sign_in_on_the_apps_page(world):
    """The admin's own login page is not shown: the app's sign-in, back to the admin after."""
    response = Client().get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=/admin/" in response["Location"]
