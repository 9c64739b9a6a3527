"""A NIP registered at another agency: what the asking agency is told, and the transfer
request it can send to its province's reviewer.

The agency is never told that, or where, the NIP exists: the import and the form say only
that it cannot be used here (the talent import says the same for a NIP found nowhere), and
the request is recorded the same way whether the NIP exists or not."""

from __future__ import annotations

from django.db import transaction

from agencies.models import AuditEvent, Instansi, User

from .models import TransferRequest

NIP_NOT_HERE = (
    "NIP ini tidak dapat dipakai di instansi Anda. Jika pegawai ini pindah ke instansi Anda, "
    "ajukan permintaan pindah ke reviewer provinsi (Pegawai → Permintaan pindah)."
)
# The talent imports: the same words whether the NIP is elsewhere or nowhere.
NIP_NOT_IN_AGENCY = (
    "NIP ini tidak ada di data pegawai instansi Anda; impor data pegawainya dulu, atau ajukan "
    "permintaan pindah jika pegawai ini pindah ke instansi Anda."
)


@transaction.atomic
def transfer_request_create(
    *, nip: str, instansi: Instansi, actor: User, catatan: str = ""
) -> TransferRequest:
    request = TransferRequest.objects.create(
        nip=nip, instansi=instansi, requested_by=actor, catatan=catatan
    )
    AuditEvent.record(
        action="employees.transfer_request",
        summary=f"Permintaan pindah pegawai NIP {nip} ke {instansi}",
        actor=actor,
        instansi=instansi,
        nip=nip,
    )
    return request
