from __future__ import annotations

import pytest
from django.core.management import call_command

from agencies.models import Instansi, User
from employees.models import Golongan

from .factories import KabupatenFactory, ProvinsiFactory, UnitKerjaFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    # Real hashing costs ~0.3 s a login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _translations():
    # .mo files are build output, not in git: compile them once per run.
    call_command("compile_translations", verbosity=0)


@pytest.fixture
def referensi(db):
    """Golongan, education and job types from fixtures/referensi.json."""
    if not Golongan.objects.exists():
        call_command("loaddata", "referensi", verbosity=0)


@pytest.fixture
def wilayah(db):
    """Two provinces: Provinsi Contoh with Kabupaten Contoh and Kota Contoh under it, and
    Provinsi Lain with Kabupaten Lain, plus a ministry that belongs to no province."""
    contoh = ProvinsiFactory(nama="Provinsi Contoh", kode_bkn="9100")
    lain = ProvinsiFactory(nama="Provinsi Lain", kode_bkn="9200")
    return {
        "provinsi": contoh,
        "kabupaten": KabupatenFactory(nama="Kabupaten Contoh", kode_bkn="9101", provinsi=contoh),
        "kota": KabupatenFactory(
            nama="Kota Contoh", kode_bkn="9171", provinsi=contoh, jenis=Instansi.Jenis.KOTA
        ),
        "provinsi_lain": lain,
        "kabupaten_lain": KabupatenFactory(nama="Kabupaten Lain", kode_bkn="9201", provinsi=lain),
        "kementerian": ProvinsiFactory(
            nama="Kementerian Contoh", kode_bkn="0100", jenis=Instansi.Jenis.KEMENTERIAN
        ),
    }


@pytest.fixture
def people(wilayah):
    """One user of every role, named after what they are."""
    return {
        "operator_contoh": UserFactory(username="operator_contoh", instansi=wilayah["kabupaten"]),
        "admin_contoh": UserFactory(
            username="admin_contoh", role=User.Role.ADMIN_INSTANSI, instansi=wilayah["kabupaten"]
        ),
        "operator_lain": UserFactory(username="operator_lain", instansi=wilayah["kabupaten_lain"]),
        "admin_lain": UserFactory(
            username="admin_lain", role=User.Role.ADMIN_INSTANSI, instansi=wilayah["kabupaten_lain"]
        ),
        "reviewer_provinsi": UserFactory(
            username="reviewer_provinsi", role=User.Role.REVIEWER, instansi=wilayah["provinsi"]
        ),
        "reviewer_nasional": UserFactory(
            username="reviewer_nasional", role=User.Role.REVIEWER, instansi=None
        ),
        "superadmin": UserFactory(
            username="superadmin",
            role=User.Role.SUPERADMIN,
            instansi=None,
            is_superuser=True,
            is_staff=True,
        ),
    }


@pytest.fixture
def unit_contoh(wilayah):
    return UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Badan Kepegawaian Daerah")
