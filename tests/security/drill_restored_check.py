"""Run against a restored instance (DATABASE_URL and MEDIA_ROOT of the restore) by the
backup drill (tests/security/test_drill_backup.py): reads answers and downloads an
evidence file through the app itself, as its uploader would. Prints one JSON line.

    python tests/security/drill_restored_check.py '{"answers": [pk, ...], "evidence": id,
                                                    "user": pk}'
"""

from __future__ import annotations

import hashlib
import json
import os
import sys

import django


def main() -> None:
    config = json.loads(sys.argv[1])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
    django.setup()
    # Imported once Django is set up.
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415

    from agencies.models import User  # noqa: PLC0415
    from assessment.models import Answer, Evidence  # noqa: PLC0415

    setup_test_environment()
    answers = {
        str(a.pk): [a.version, a.justification]
        for a in Answer.objects.filter(pk__in=config["answers"])
    }
    evidence = Evidence.objects.get(pk=config["evidence"])
    client = Client()
    client.force_login(User.objects.get(pk=config["user"]))
    response = client.get(f"/penilaian/bukti/{evidence.public_id}/")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    page = client.get(f"/penilaian/{evidence.answer.assessment_id}/")
    print(
        json.dumps(
            {
                "answers": answers,
                "evidence_status": response.status_code,
                "evidence_sha256": hashlib.sha256(body).hexdigest(),
                "assessment_page": page.status_code,
            }
        )
    )


if __name__ == "__main__":
    main()
