"""The statistics as a CSV file: the analyst home's tables, same filters, same disclosure
control (``enlace.stats.selectors``)."""

from __future__ import annotations

import csv
from typing import cast

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.models import User

from . import selectors


@policy(Capability.STATISTICS_READ)
@require_GET
def statistics_csv(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # the policy admits signed-in users only
    errors, rows = selectors.statistics_csv_rows(user=user, params=request.GET)
    if errors:
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="enlace-statistics.csv"'
    csv.writer(response).writerows(rows)
    return response
