"""The admin follows the count against the target and the rate per unit, but never sees a
group under the minimum size, nor any single answer."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from survey import progress, workflow
from survey.models import Response
from survey.scoring import Group, breakdown, survey_score
from tests.factories import EmployeeFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


def add_answers(survey, unit, count: int, values=(4, 4, 4)) -> None:
    Response.objects.bulk_create(
        Response(survey=survey, unit=unit, values=dict(zip(survey.item_codes, values, strict=True)))
        for _ in range(count)
    )


def test_a_unit_with_fewer_answers_than_the_minimum_is_not_shown(
    client, people, survey, units, referensi
):
    cache.clear()
    bkd, dinas, inspektorat = units.values()
    for _ in range(20):
        EmployeeFactory(instansi=survey.assessment.instansi, unit=bkd)
    add_answers(survey, bkd, 12)
    add_answers(survey, dinas, 11)
    add_answers(survey, inspektorat, 9)
    add_answers(survey, None, 3)  # people who did not name their unit
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/kemajuan/").content.decode()
    assert "35 / 140" in page
    assert "Badan Kepegawaian Daerah" in page and "Dinas Pendidikan" in page
    assert "60%" in page  # 12 of BKD's 20 active staff
    assert "Inspektorat" not in page and "Tidak menyebutkan unit" not in page
    assert "kurang dari 10 jawaban" in page and "Bersama-sama: 12 jawaban" in page
    # Never an individual answer: the values are not on the page at all.
    assert "Setuju" not in page


def test_a_hidden_group_cannot_be_worked_out_by_subtraction(client, people, survey, units):
    bkd, dinas, inspektorat = units.values()
    add_answers(survey, bkd, 30)
    add_answers(survey, dinas, 12)
    add_answers(survey, inspektorat, 4)
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/kemajuan/").content.decode()
    # 46 in all; showing 30 and 12 would give Inspektorat away as 4. Dinas joins the hidden.
    assert "46 / 140" in page and "Badan Kepegawaian Daerah" in page
    assert "Dinas Pendidikan" not in page and "Inspektorat" not in page
    assert "Bersama-sama: 16 jawaban" in page


def test_three_answers_show_only_the_count(client, people, survey, units):
    add_answers(survey, units["Inspektorat"], 3)
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/").content.decode()
    assert "3 / 140" in page
    assert 'data-testid="unit-breakdown"' not in page


def test_the_progress_costs_the_same_queries_for_few_or_many_answers(
    client, people, survey, units, django_assert_max_num_queries
):
    client.force_login(people["admin_contoh"])
    add_answers(survey, units["Inspektorat"], 1)
    client.get(f"/survei/{survey.pk}/kemajuan/")
    with django_assert_max_num_queries(12) as few:
        client.get(f"/survei/{survey.pk}/kemajuan/")
    for unit in units.values():
        add_answers(survey, unit, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/survei/{survey.pk}/kemajuan/")


def test_the_score_is_the_mean_answer_on_zero_to_one():
    assert survey_score([{"a": 1}, {"a": 1}], 1, 5).score == 0
    assert survey_score([{"a": 5, "b": 5}], 1, 5).score == 1
    assert survey_score([{"a": 3}], 1, 5).score.to_eng_string() == "0.5000"
    assert survey_score([{"a": 4, "b": 5}, {"a": 2, "b": 3}], 1, 5).score.to_eng_string() == (
        "0.6250"
    )
    assert survey_score([], 1, 5) is None


def test_the_breakdown_rule():
    groups = [Group(1, "A", 10), Group(2, "B", 9), Group(3, "C", 0)]
    result = breakdown(groups, 10)
    # B alone is hidden and its 9 could be derived from the total: A joins it.
    assert result.shown == [] and result.hidden_groups == 3 and result.hidden_responses == 19
    result = breakdown([Group(1, "A", 25), Group(2, "B", 10), Group(3, "C", 10)], 10)
    assert [g.label for g in result.shown] == ["A", "B", "C"] and result.hidden_groups == 0
    result = breakdown([Group(1, "A", 25), Group(2, "B", 0)], 10)
    assert [g.label for g in result.shown] == ["A"] and result.hidden_responses is None


def test_a_bidang_counts_in_its_dinas(client, people, survey, units, referensi):
    dinas = units["Dinas Pendidikan"]
    bidang = UnitKerjaFactory(instansi=dinas.instansi, induk=dinas, nama="Bidang Pembinaan SD")
    for unit in (dinas, bidang, bidang, bidang):
        EmployeeFactory(instansi=dinas.instansi, unit=unit)
    # Staff choose among the dinas and badan only.
    form = Client().get(f"/survei/isi/{survey.code}/").content.decode()
    assert "Dinas Pendidikan" in form and "Bidang Pembinaan SD" not in form
    # An answer naming the bidang (an old link, a crafted form) is kept under its dinas.
    response = workflow.response_submit(
        survey=survey, values={"K1": 4, "K2": 4, "E1": 4}, unit=bidang
    )
    assert response.unit == dinas
    add_answers(survey, bidang, 11)  # stored before the rule, say
    client.force_login(people["admin_contoh"])
    page = client.get(f"/survei/{survey.pk}/kemajuan/").content.decode()
    assert "Dinas Pendidikan" in page and "Bidang Pembinaan SD" not in page
    row = next(g for g in progress.progress(survey).breakdown.shown if g.key == dinas.pk)
    assert (row.responses, row.staff, row.rate) == (12, 4, 300)
