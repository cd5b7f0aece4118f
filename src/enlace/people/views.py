from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
@login_required
def person_list_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    persons = selectors.person_list(user=request.user, query=query)
    return render(request, "people/person_list.html", {"persons": persons, "query": query})


@require_GET
@login_required
def person_detail_view(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.person_record_get(user=request.user, person_id=person_id)
    return render(request, "people/person_detail.html", {"record": record})
