"""The analyst's statistics as a CSV file: the home page's tables, same filters, same
disclosure control (``enlace.web.statistics``)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from . import statistics


@require_GET
@login_required
def statistics_csv(request: HttpRequest) -> HttpResponse:
    errors, rows = statistics.analyst_csv(user=request.user, params=request.GET)
    if errors:
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enlace-statistics.csv"'
    csv.writer(response).writerows(rows)
    return response
