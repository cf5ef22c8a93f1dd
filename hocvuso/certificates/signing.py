"""The province's Ed25519 signing keys: the active key, rotation, and the public keys document.

The private half of a key is kept in the database as a Fernet token whose key is derived from
SECRET_KEY (HKDF-SHA256): a copy of the database alone cannot sign certificates. Changing SECRET_KEY
makes the stored private keys unreadable; the fix is to rotate to a new key (docs/certificates.md).
Retired keys keep their public half, so every certificate they signed still verifies.
"""

from __future__ import annotations

import base64
import functools
from typing import Any

from cryptography.exceptions import InvalidKey
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.constants import AuditAction
from hocvuso.accounts.models import User
from hocvuso.accounts.services import audit
from hocvuso.certificates.models import SigningKey

HKDF_INFO = b"hocvuso certificate signing key"
KEYS_PATH = "/api/v1/certificates/keys"  # served by the certificates API; also the proofs' verificationMethod


class SigningKeyUnreadable(Exception):
    """The stored private key cannot be decrypted: SECRET_KEY changed since the key was made."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@functools.lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


@functools.lru_cache(maxsize=16)
def _decrypt(secret_key: str, token: str) -> bytes:
    return _fernet(secret_key).decrypt(token.encode("ascii"))


def _raw_private(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        encoding=serialization.Encoding.Raw,
        format=serialization.PrivateFormat.Raw,
        encryption_algorithm=serialization.NoEncryption(),
    )


def public_key_bytes(public: Ed25519PublicKey) -> str:
    """The raw 32-byte public key as stored in SigningKey.public_key: base64url without padding."""
    return b64url(public.public_bytes(encoding=serialization.Encoding.Raw, format=serialization.PublicFormat.Raw))


def private_key_of(key: SigningKey) -> Ed25519PrivateKey:
    """The private half of `key`; SigningKeyUnreadable when SECRET_KEY changed or the key was destroyed."""
    if not key.private_key_encrypted:
        raise SigningKeyUnreadable(
            _("The private half of signing key %(key)s was destroyed; rotate to a new key.") % {"key": key.key_id}
        )
    try:
        raw = _decrypt(settings.SECRET_KEY, key.private_key_encrypted)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except (InvalidToken, InvalidKey, ValueError) as exc:
        raise SigningKeyUnreadable(
            _(
                "The private half of signing key %(key)s cannot be read: SECRET_KEY has changed since the key "
                "was made. Run `python manage.py rotate_certificate_key` to start signing with a new key; "
                "certificates signed earlier still verify."
            )
            % {"key": key.key_id}
        ) from exc


def public_key_of(key: SigningKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(b64url_decode(key.public_key))


def _next_key_id() -> str:
    prefix = settings.HOCVUSO_CERTIFICATE_PREFIX.lower()
    year = timezone.localdate().year
    n = SigningKey.objects.count() + 1
    while SigningKey.objects.filter(key_id=f"{prefix}-{year}-{n}").exists():
        n += 1
    return f"{prefix}-{year}-{n}"


def _new_key() -> SigningKey:
    private = Ed25519PrivateKey.generate()
    token = _fernet(settings.SECRET_KEY).encrypt(_raw_private(private)).decode("ascii")
    return SigningKey.objects.create(
        key_id=_next_key_id(),
        public_key=public_key_bytes(private.public_key()),
        private_key_encrypted=token,
        is_active=True,
    )


def _active() -> SigningKey | None:
    return SigningKey.objects.filter(is_active=True).first()


def active_key() -> SigningKey:
    """The key that signs new certificates; the first one is made on first use.

    Two processes making the first key at once: the partial unique constraint one_active_signing_key
    (or the unique key_id) lets one win; the other reads the winner's key.
    """
    key = _active()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _new_key()
            audit(
                None,
                AuditAction.ROTATE_SIGNING_KEY,
                object_type="signing_key",
                object_id=key.key_id,
                details={"new": key.key_id, "retired": None},
            )
            return key
    except IntegrityError:
        return SigningKey.objects.get(is_active=True)


def rotate_key(*, actor: User | None = None) -> SigningKey:
    """Retire the active key (it keeps its public half) and make a new active one, in one transaction."""
    with transaction.atomic():
        old = SigningKey.objects.select_for_update().filter(is_active=True).first()
        if old is not None:
            old.is_active = False
            old.retired_at = timezone.now()
            old.save(update_fields=["is_active", "retired_at"])
        key = _new_key()
        audit(
            actor,
            AuditAction.ROTATE_SIGNING_KEY,
            object_type="signing_key",
            object_id=key.key_id,
            details={"new": key.key_id, "retired": old.key_id if old else None},
        )
        return key


def issuer_profile() -> dict[str, Any]:
    """The issuer as named in credentials and in the public keys document."""
    return {"id": settings.HOCVUSO_PUBLIC_URL, "type": ["Profile"], "name": settings.HOCVUSO_CERTIFICATE_ISSUER}


def verification_method(key_id: str) -> str:
    return f"{settings.HOCVUSO_PUBLIC_URL}{KEYS_PATH}#{key_id}"


def public_keys_document() -> dict[str, Any]:
    """Every key, active and retired, as a JWKS-like document for offline verification (export_certificate_keys,
    GET /api/v1/certificates/keys). Holds public halves only."""
    keys = []
    for key in SigningKey.objects.order_by("created_at", "pk"):
        keys.append(
            {
                "kid": key.key_id,
                "kty": "OKP",
                "crv": "Ed25519",
                "x": key.public_key,
                "status": "active" if key.is_active else "retired",
                "created": key.created_at.isoformat(),
                "retired": key.retired_at.isoformat() if key.retired_at else None,
            }
        )
    return {"issuer": issuer_profile(), "keys": keys}
