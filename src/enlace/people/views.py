from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .timeline import person_page


@require_GET
@login_required
def person_list_view(request: HttpRequest) -> HttpResponse:
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


@require_GET
@login_required
def person_detail_view(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, person_id=person_id)
    page = person_page(user=request.user, person=person)
    return render(request, "people/person_detail.html", {"person": person, "page": page})
