"""How the talent views fetch what they show: scoped to the user's agencies
(agencies.scoping), so another agency's period or target post answers 404. The view modules
import these from here, never from each other."""

from __future__ import annotations

from agencies.models import User
from agencies.scoping import get_for_user

from .models import MappingPeriod, TargetPost

PAGE_SIZE = 25


def get_period(user: User, pk: int, *, edit: bool = False) -> MappingPeriod:
    """The mapping period if the user's agencies include it (to change, with edit), else 404."""
    return get_for_user(MappingPeriod.objects.select_related("instansi"), user, edit=edit, pk=pk)


def get_target_post(user: User, pk: int) -> TargetPost:
    """The target post with what its page shows, if the user's agencies include it."""
    return get_for_user(
        TargetPost.objects.select_related(
            "instansi", "unit", "jenis_jabatan", "golongan_minimal", "pendidikan_minimal"
        ),
        user,
        pk=pk,
    )
