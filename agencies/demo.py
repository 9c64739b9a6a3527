"""Demo agencies, units and users for a newcomer's instance. Idempotent: running it twice
leaves one copy of everything."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import Instansi, UnitKerja, User

DEMO_PASSWORD = "merit-demo-2026"  # noqa: S105 - printed to the newcomer on purpose

PROVINSI = ("Provinsi Nusa Merit", "9100")
DAERAH = [
    ("Kabupaten Contoh", Instansi.Jenis.KABUPATEN, "9101"),
    ("Kabupaten Sukamaju", Instansi.Jenis.KABUPATEN, "9102"),
    ("Kota Harapan", Instansi.Jenis.KOTA, "9171"),
    ("Kota Sejahtera", Instansi.Jenis.KOTA, "9172"),
]
# A second province, so a reviewer's scope has a visible edge.
PROVINSI_LAIN = ("Provinsi Tanjung Lestari", "9200")
DAERAH_LAIN = [("Kabupaten Seberang", Instansi.Jenis.KABUPATEN, "9201")]

UNIT_TREE = {
    "Sekretariat Daerah": ["Bagian Umum", "Bagian Hukum", "Bagian Organisasi"],
    "Badan Kepegawaian dan Pengembangan SDM": [
        "Bidang Pengadaan dan Informasi",
        "Bidang Mutasi dan Promosi",
        "Bidang Pengembangan Kompetensi",
    ],
    "Dinas Pendidikan": ["Bidang Pembinaan SD", "Bidang Pembinaan SMP"],
    "Dinas Kesehatan": ["Bidang Pelayanan Kesehatan", "Bidang Pencegahan Penyakit"],
    "Dinas Pekerjaan Umum": ["Bidang Bina Marga", "Bidang Sumber Daya Air"],
    "Badan Perencanaan Pembangunan Daerah": ["Bidang Ekonomi", "Bidang Infrastruktur"],
}


@dataclass
class DemoAccount:
    username: str
    role: str
    instansi: Instansi | None
    description: str


def _instansi(nama: str, jenis: str, kode: str, provinsi: Instansi | None = None) -> Instansi:
    obj, _ = Instansi.objects.update_or_create(
        kode_bkn=kode, defaults={"nama": nama, "jenis": jenis, "provinsi": provinsi}
    )
    return obj


def _units(instansi: Instansi) -> None:
    for index, (top, children) in enumerate(UNIT_TREE.items(), start=1):
        parent, _ = UnitKerja.objects.get_or_create(
            instansi=instansi, induk=None, nama=top, defaults={"kode": f"{index:02d}"}
        )
        for child_index, child in enumerate(children, start=1):
            UnitKerja.objects.get_or_create(
                instansi=instansi,
                induk=parent,
                nama=child,
                defaults={"kode": f"{index:02d}.{child_index:02d}"},
            )


def _user(account: DemoAccount) -> User:
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
    user.role = account.role
    user.instansi = account.instansi
    user.first_name = account.description
    user.is_staff = account.role == User.Role.SUPERADMIN
    user.is_superuser = account.role == User.Role.SUPERADMIN
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


# Extra agencies for load tests (`manage.py demo --agencies 30`) sit under their own province,
# so the demo reviewers' scopes stay as they are.
PROVINSI_BEBAN = ("Provinsi Uji Beban", "9300")


def _load_agencies(count: int) -> list[Instansi]:
    """`count` extra kabupaten with units, an operator and an admin each (operator_beban01...),
    for load tests that need many agencies working at once."""
    if count <= 0:
        return []
    provinsi = _instansi(PROVINSI_BEBAN[0], Instansi.Jenis.PROVINSI, PROVINSI_BEBAN[1])
    created = []
    for number in range(1, count + 1):
        instansi = _instansi(
            f"Kabupaten Beban {number:02d}", Instansi.Jenis.KABUPATEN, f"93{number:02d}", provinsi
        )
        _units(instansi)
        for role, prefix in ((User.Role.OPERATOR, "operator"), (User.Role.ADMIN_INSTANSI, "admin")):
            _user(DemoAccount(f"{prefix}_beban{number:02d}", role, instansi, instansi.nama))
        created.append(instansi)
    return created


@transaction.atomic
def populate(total_agencies: int = 0) -> tuple[list[Instansi], list[DemoAccount]]:
    """Create the demo agencies and users; return the agencies that get employees and the
    accounts to print. With `total_agencies` above the seven demo agencies, load-test
    agencies are added until there are that many."""
    provinsi = _instansi(PROVINSI[0], Instansi.Jenis.PROVINSI, PROVINSI[1])
    daerah = [_instansi(nama, jenis, kode, provinsi) for nama, jenis, kode in DAERAH]
    provinsi_lain = _instansi(PROVINSI_LAIN[0], Instansi.Jenis.PROVINSI, PROVINSI_LAIN[1])
    daerah_lain = [_instansi(n, j, k, provinsi_lain) for n, j, k in DAERAH_LAIN]
    agencies = [provinsi, *daerah, provinsi_lain, *daerah_lain]
    for instansi in agencies:
        _units(instansi)

    contoh = daerah[0]
    accounts = [
        DemoAccount("superadmin", User.Role.SUPERADMIN, None, "Superadmin Merit"),
        DemoAccount("reviewer_nasional", User.Role.REVIEWER, None, "Reviewer Nasional"),
        DemoAccount("reviewer_provinsi", User.Role.REVIEWER, provinsi, "Reviewer Nusa Merit"),
        DemoAccount("admin_contoh", User.Role.ADMIN_INSTANSI, contoh, "Admin Kabupaten Contoh"),
        DemoAccount("operator_contoh", User.Role.OPERATOR, contoh, "Operator Kabupaten Contoh"),
        DemoAccount("admin_harapan", User.Role.ADMIN_INSTANSI, daerah[2], "Admin Kota Harapan"),
        DemoAccount("operator_harapan", User.Role.OPERATOR, daerah[2], "Operator Kota Harapan"),
        DemoAccount("operator_sukamaju", User.Role.OPERATOR, daerah[1], "Operator Sukamaju"),
    ]
    for account in accounts:
        _user(account)
    agencies += _load_agencies(total_agencies - len(agencies))
    return agencies, accounts
