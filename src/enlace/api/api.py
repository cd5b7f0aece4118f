"""The API at ``/api/v1``: token auth, rate limit, ETags, problem details, the routers."""

from __future__ import annotations

from .http import EnlaceApi, RateThrottle, TokenAuth
from .problems import handlers_install
from .routers import consular, manifests, persons, reference, repatriations, tokens

api = EnlaceApi(
    title="enlace API",
    version="1.0.0",
    description=(
        "US–Mexico repatriation coordination. Authenticate with a personal token "
        "(`Authorization: Bearer enl_…`); errors are RFC 9457 problem details in the "
        "language of `Accept-Language` (en, es-MX)."
    ),
    auth=TokenAuth(),
    throttle=RateThrottle(),
    urls_namespace="api",
    docs_url="/docs",
)
handlers_install(api)
api.add_router("/manifests", manifests.router)
api.add_router("/persons", persons.router)
api.add_router("/repatriations", repatriations.router)
api.add_router("/", reference.router)
api.add_router("/tokens", tokens.router)
api.add_router("/notifications", consular.router)
api.add_router("/encounters", consular.encounters)
