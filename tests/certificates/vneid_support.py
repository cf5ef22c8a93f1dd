"""Helpers of the VNeID tests: certificate rows made directly (no issuing service, a dummy key) and a
stand-in receiver on 127.0.0.1 that fails on purpose when told to."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.conf import settings
from django.utils import timezone

from hocvuso.certificates.constants import VNeIDStatus
from hocvuso.certificates.models import Certificate, SigningKey, VNeIDConfirmation
from hocvuso.framework.constants import RuleGroup
from hocvuso.framework.models import Framework, FrameworkVersion
from hocvuso.people.models import Person


def vneid_version() -> FrameworkVersion:
    framework, _ = Framework.objects.get_or_create(slug="vneid-test", defaults={"name": "Khung thử VNeID"})
    version, _ = FrameworkVersion.objects.get_or_create(framework=framework, number=1)
    return version


def dummy_key() -> SigningKey:
    key, _ = SigningKey.objects.get_or_create(
        key_id="vneid-test", defaults={"public_key": "dummy", "private_key_encrypted": "", "is_active": False}
    )
    return key


def make_certificate(person: Person, *, number: str | None = None) -> Certificate:
    number = number or f"TV-2026-{900000 + person.pk}"
    return Certificate.objects.create(
        number=number,
        person=person,
        version=vneid_version(),
        group=RuleGroup.CITIZEN,
        level=1,
        holder_name=person.full_name,
        holder_birth_year=person.birth_year,
        commune_id=person.commune_id,
        issued_at=timezone.now(),
        key=dummy_key(),
        credential={
            "id": f"{settings.HOCVUSO_PUBLIC_URL}/v/{number}/",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "proof": {"proofValue": "z-dummy"},
        },
    )


def make_confirmation(person: Person, status: str = VNeIDStatus.FAILED, **fields: Any) -> VNeIDConfirmation:
    cert = make_certificate(person)
    defaults: dict[str, Any] = {"status": status, **fields}
    if status == VNeIDStatus.FAILED and "last_error" not in fields:
        defaults["last_error"] = "VNeID refused the certificate (HTTP 400): bad"
    return VNeIDConfirmation.objects.create(certificate=cert, **defaults)


@dataclass
class Received:
    key: str
    authorization: str
    content_type: str
    body: dict[str, Any]


@dataclass
class StandIn:
    """A receiver that answers each request with the next step of `script`, then as a correct,
    idempotent receiver ("auto"): a new key is recorded and confirmed; a known key answers 409.

    Steps: "503", "timeout" (records, then answers too late), "reset" (drops the connection),
    "202" (records, accepted), "200" (records, confirmed), "400", "409" (already there),
    "slow" (records, waits 0.3 s, confirmed), "auto".
    """

    client_timeout: float = 1.0
    script: list[str] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> body, the receiver's store
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def next_step(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "auto"

    def record(self, r: Received) -> bool:
        """Store the certificate; False when this key was already stored."""
        with self.lock:
            if r.key in self.records:
                return False
            self.records[r.key] = r.body
            return True

    def numbers_recorded(self) -> list[str]:
        return sorted(body["certificate_number"] for body in self.records.values())


def _handler(stand_in: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received = Received(
                key=self.headers.get("Idempotency-Key", ""),
                authorization=self.headers.get("Authorization", ""),
                content_type=self.headers.get("Content-Type", ""),
                body=json.loads(raw),
            )
            with stand_in.lock:
                stand_in.requests.append(received)
            step = stand_in.next_step()
            ref = {"id": f"VN-{received.body['certificate_number']}"}
            if step == "503":
                self._answer(503, {"error": "maintenance"})
            elif step == "timeout":
                stand_in.record(received)
                time.sleep(stand_in.client_timeout + 0.5)
                with suppress(OSError):
                    self._answer(200, {"status": "confirmed", **ref})
            elif step == "reset":
                # SO_LINGER 0: close() sends a TCP reset instead of an orderly shutdown.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()
            elif step == "202":
                stand_in.record(received)
                self._answer(202, {"status": "accepted", **ref})
            elif step == "200":
                stand_in.record(received)
                self._answer(200, {"status": "confirmed", **ref})
            elif step == "400":
                self._answer(400, {"error": "national_id: not a valid CCCD number"})
            elif step == "409":
                self._answer(409, {"status": "confirmed", "idempotency_key": received.key, **ref})
            elif step == "slow":
                stand_in.record(received)
                time.sleep(0.3)
                self._answer(200, {"status": "confirmed", **ref})
            elif stand_in.record(received):
                self._answer(200, {"status": "confirmed", **ref})
            else:
                self._answer(409, {"status": "confirmed", "idempotency_key": received.key, **ref})

    return Handler


@contextmanager
def stand_in_receiver(script: list[str] | None = None, client_timeout: float = 1.0) -> Iterator[StandIn]:
    stand_in = StandIn(client_timeout=client_timeout, script=list(script or []))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stand_in))
    server.daemon_threads = True
    stand_in.url = f"http://127.0.0.1:{server.server_address[1]}/certificates"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()
