"""An upload far over the limit is refused from its Content-Length: the server answers
before the body arrives, so nothing of it is ever written to disk."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest


@pytest.mark.django_db(transaction=True)
def test_a_huge_upload_is_answered_413_without_sending_its_body(live_server):
    address = urlsplit(live_server.url)
    five_gigabytes = 5 * 1024**3
    with socket.create_connection((address.hostname, address.port), timeout=10) as conn:
        conn.sendall(
            (
                "POST /pegawai/impor/pegawai/ HTTP/1.1\r\n"
                f"Host: {address.netloc}\r\n"
                "Content-Type: multipart/form-data; boundary=batas\r\n"
                f"Content-Length: {five_gigabytes}\r\n"
                "Connection: close\r\n\r\n"
                "--batas\r\n"
            ).encode()
        )
        # Nothing more of the body comes: the server decides from the headers alone. (The
        # test server drains the rest before it sends its answer, so close our side.)
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"Unggahan ditolak: ukurannya 5120,0 MB" in body
