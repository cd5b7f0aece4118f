"""The access policy of every entry point: a web view or an API operation declares who may
call it, and the declaration is enforced where it is made.

``@policy(Capability.X)`` lets in a signed-in principal holding X (any of several when more
are named); ``@policy()`` any signed-in user; ``@policy(public=True)`` anyone. A refusal is
``PermissionDenied``: the web answers with the app's own 403 page in the user's language,
the API with a problem document. Which *records* a caller reaches is the scope registry's
business (``get_in_scope``): out of scope is a 404, like missing.

The sweep test walks every URL pattern and every API operation and fails on one that
declares no policy (``policy_of``), so a new page cannot forget to say who may see it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .capabilities import Capability, capabilities_of

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Policy:
    """Who may call an entry point: anyone (``public``), any signed-in user (no
    capabilities named) or a holder of one of ``capabilities``."""

    capabilities: frozenset[Capability] = frozenset()
    public: bool = False

    def admits(self, principal: Any) -> bool:
        if self.public:
            return True
        if principal is None or not getattr(principal, "is_authenticated", False):
            return False
        if not self.capabilities:
            return bool(getattr(principal, "is_active", False))
        return bool(self.capabilities & capabilities_of(principal))


def principal_of(request: HttpRequest) -> Any:
    """The caller: the API token's user where the API authenticated one, else the session's."""
    auth = getattr(request, "auth", None)
    return auth if auth is not None else getattr(request, "user", None)


def policy(*capabilities: Capability, public: bool = False) -> Callable[[F], F]:
    """Declare and enforce who may call the decorated view or API operation."""
    declared = Policy(capabilities=frozenset(capabilities), public=public)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            principal = principal_of(request)
            if not declared.admits(principal):
                if not getattr(principal, "is_authenticated", False) and not hasattr(
                    request, "auth"
                ):
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.access_policy = declared  # type: ignore[attr-defined]
        # django-ninja reads the signature: resolve it where the view's names live
        with contextlib.suppress(NameError):
            guarded.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


# Entry points enlace does not define: Django's sign-in and language switch are public;
# the admin site has its own gate (``enlace.access.admin``), declared here for the sweep.
EXTERNAL_POLICIES: dict[str, Policy] = {
    "login": Policy(public=True),
    "logout": Policy(public=True),
    "set_language": Policy(public=True),
}
ADMIN_POLICY = Policy(
    capabilities=frozenset(
        {Capability.REFERENCE_MANAGE, Capability.USER_MANAGE, Capability.AGREEMENT_EDIT}
    )
)


def policy_of(callback: Any, *, url_name: str | None = None, namespace: str = "") -> Policy | None:
    """The policy a resolved view declares (unwrapping decorators), or None if it has none."""
    if namespace == "admin":
        return ADMIN_POLICY
    if url_name in EXTERNAL_POLICIES and not namespace:
        return EXTERNAL_POLICIES[url_name]
    seen = callback
    while seen is not None:
        found = getattr(seen, "access_policy", None)
        if found is not None:
            return found
        seen = getattr(seen, "__wrapped__", None)
    return None
