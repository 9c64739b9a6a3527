"""Facts from talent's records for the assessment (#14); registered in core.facts from
TalentConfig.ready. Each is one aggregate query over one agency's active ASN, except the
succession one, which reuses bench strength's fixed set of queries.

"This year" for an assessment of year Y means Y or Y - 1: the SKP that a mapping in Y uses
is the one of Y - 1, and an agency filling in early in Y has not yet closed Y's SKP."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.facts import FactValue, once, register, share
from employees.models import Employee, HasilKompetensi

from . import succession
from .models import (
    MappingPeriod,
    PerformanceRecord,
    Placement,
    RencanaPengembangan,
    TargetPost,
)


def _active_share(instansi_id: int, records: QuerySet) -> FactValue:
    """Of the agency's active ASN, the share with at least one of `records` (a queryset of
    rows with an `employee` key). Two COUNTs: the base, and the base with WHERE EXISTS, which
    the database runs as a semi-join (faster than a FILTER over a subquery, measured)."""
    active = Employee.objects.filter(instansi_id=instansi_id, aktif=True)
    hit = active.filter(Exists(records.filter(employee=OuterRef("pk")))).count()
    # The base is the same for every such fact: counted once per round of facts.
    return share(hit, once(("aktif", instansi_id), active.count))


@register(
    "ninebox_terpetakan",
    _("ASN aktif terpetakan di nine-box tahun ini"),
    url_name="talent:period_list",
)
def ninebox_mapped(instansi_id: int, year: int) -> FactValue:
    placed = Placement.objects.filter(
        period__instansi_id=instansi_id,
        period__tahun_skp__in=(year - 1, year),
        kotak__isnull=False,
    )
    return _active_share(instansi_id, placed)


@register(
    "skp_tercatat",
    _("ASN aktif dengan data SKP tahun ini"),
    url_name="talent:record_list",
    url_kwargs={"kind": "kinerja"},
)
def skp_recorded(instansi_id: int, year: int) -> FactValue:
    records = PerformanceRecord.objects.filter(tahun__in=(year - 1, year))
    return _active_share(instansi_id, records)


@register(
    "kompetensi_tercatat",
    _("ASN aktif dengan hasil penilaian kompetensi"),
    url_name="talent:competency_list",
)
def competency_recorded(instansi_id: int, year: int) -> FactValue:
    results = HasilKompetensi.objects.filter(tanggal__year__lte=year)
    return _active_share(instansi_id, results)


@register(
    "idp_selesai",
    _("Rencana pengembangan (IDP) yang selesai"),
    url_name="talent:competency_summary",
)
def idp_completed(instansi_id: int, year: int) -> FactValue:
    """Of the IDP items due in the year (cancelled ones left out), the share completed."""
    counts = (
        RencanaPengembangan.objects.filter(employee__instansi_id=instansi_id, tenggat__year=year)
        .exclude(status=RencanaPengembangan.Status.BATAL)
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=RencanaPengembangan.Status.SELESAI)),
        )
    )
    return share(counts["done"], counts["total"])


@register(
    "jabatan_target_siap",
    _("Jabatan target dengan sedikitnya satu suksesor siap sekarang"),
    url_name="talent:bench_strength",
)
def target_posts_ready(instansi_id: int, year: int) -> FactValue:
    """Of the agency's target posts, the share with at least one candidate ready now, in the
    latest computed period of SKP year Y or Y - 1. The rule is bench strength's
    (talent/succession.py), which reads the pool, sanctions, standards and competency results
    once whatever the number of posts; so this is a fixed number of queries, and only the
    ranking in Python grows with posts x pool."""
    posts = list(
        TargetPost.objects.filter(instansi_id=instansi_id).select_related(
            "golongan_minimal", "pendidikan_minimal"
        )
    )
    if not posts:
        return share(0, 0)
    period = (
        MappingPeriod.objects.filter(
            instansi_id=instansi_id,
            tahun_skp__in=(year - 1, year),
            dihitung_pada__isnull=False,
        )
        .order_by("-tahun_skp", "-nama")
        .first()
    )
    if period is None:  # nothing mapped: no post has a ready successor yet
        return share(0, len(posts))
    rows = succession.bench_strength(posts, period)
    return share(sum(1 for row in rows if row.siap_sekarang), len(posts))
