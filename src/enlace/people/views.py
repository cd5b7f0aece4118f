from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.requests import SignedInRequest

from . import selectors


@policy(Capability.PERSON_READ)
@require_GET
def person_list_view(request: SignedInRequest) -> HttpResponse:
    """The persons page; a live search (htmx) gets the results region alone."""
    query = request.GET.get("q", "")[:100].strip()
    context: dict[str, object] = {"query": query}
    if query:
        result = selectors.person_search(user=request.user, query=query)
        context |= {"persons": result.persons, "broad": result.broad, "search_error": result.error}
    else:
        context["persons"] = selectors.person_list(user=request.user)
    live = request.headers.get("HX-Request") == "true"
    template = "people/partials/_person_table.html" if live else "people/person_list.html"
    response = render(request, template, context)
    response.headers["Vary"] = "HX-Request"  # one URL, two bodies: caches must keep both
    return response
