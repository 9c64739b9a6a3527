"""Every stored file lives in one of the private folders the clean-up sweeps."""

from __future__ import annotations

from agencies.files import PRIVATE_FOLDERS, file_fields


def test_every_file_field_stores_under_a_private_folder():
    fields = list(file_fields())
    assert len(fields) >= 4
    for model, field in fields:
        name = field.generate_filename(model(), "contoh.pdf")
        assert name.startswith(PRIVATE_FOLDERS), f"{model.__name__}.{field.name}: {name}"
