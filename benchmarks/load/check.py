"""After the load test: every answer a user saved (and the server confirmed) must be in the
database exactly as last saved. Prints the result and exits 1 on any lost answer."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
# A developer's tool, run by hand: the defaults of manage.py (DEBUG on unless set).
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402

django.setup()

from assessment.models import Answer  # noqa: E402


def main(expected_path: Path) -> int:
    expected = {int(k): v for k, v in json.loads(expected_path.read_text()).items()}
    stored = {
        a.pk: [a.level, a.justification]
        for a in Answer.objects.filter(pk__in=expected).only("level", "justification")
    }
    lost = {pk: (want, stored.get(pk)) for pk, want in expected.items() if stored.get(pk) != want}
    print(f"answers checked: {len(expected)}, lost or different: {len(lost)}")
    for pk, (want, got) in list(lost.items())[:10]:
        print(f"  answer {pk}: saved {want}, database has {got}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
