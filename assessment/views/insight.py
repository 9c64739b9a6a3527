"""Beyond the form: the path to the next category, and year-over-year comparison."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from agencies import scoping

from .. import planning
from ..models import Indicator, Instrument, Level
from ..selectors import get_assessment


@login_required
def instrument_detail(request, pk: int):
    """The instrument as a reader sees it: aspects, indicators, the four levels, evidence."""
    instrument = get_object_or_404(Instrument, pk=pk)
    aspects = instrument.aspects.order_by("order").prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order")),
        Prefetch("indicators__levels", queryset=Level.objects.order_by("score")),
    )
    return render(
        request,
        "assessment/instrument.html",
        {"instrument": instrument, "aspects": aspects, "bands": instrument.bands.all()},
    )


@login_required
def plan(request, pk: int):
    assessment = get_assessment(request.user, pk)
    return render(
        request,
        "assessment/plan.html",
        {"assessment": assessment, "plan": planning.plan_for(assessment)},
    )


@login_required
def compare(request, instansi_pk: int):
    instansi = scoping.get_instansi_for_user(request.user, instansi_pk)
    return render(
        request,
        "assessment/compare.html",
        {"instansi": instansi, "comparison": planning.compare_years(instansi)},
    )
