"""QuickSelect writes the same HTML as Django's template-rendered Select."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.widgets import QuickSelect
from employees.models import Golongan

CHOICES = [
    ("", "Semua"),
    ("a", 'Unit <Satu> & "Dua"'),
    ("Kelompok", [("b", "Bidang B"), ("c", Decimal("1.5"))]),
    (3, 3000),
]


@pytest.mark.parametrize("value", [None, "", "a", "b", 3, "tidak-ada"])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"class": "form-select form-select-sm"}, {"disabled": True, "hidden": False}],
)
def test_the_same_markup_as_djangos_select(value, attrs):
    for language in ("id", "en"):
        with translation.override(language):
            expected = forms.Select(attrs=attrs, choices=CHOICES).render("unit", value)
            got = QuickSelect(attrs=attrs, choices=CHOICES).render("unit", value)
            assert got == expected


@pytest.mark.django_db
def test_a_model_choice_field_with_a_chosen_value():
    field = forms.ModelChoiceField(queryset=Golongan.objects.order_by("pk"), required=False)
    chosen = Golongan.objects.order_by("pk").last()
    expected = field.widget.render("golongan", chosen.pk if chosen else None)
    field.widget = QuickSelect(choices=field.choices)
    assert field.widget.render("golongan", chosen.pk if chosen else None) == expected
