"""The signed credential of a certificate: W3C Verifiable Credentials 2.0 / Open Badges 3.0 shape, with a
Data Integrity proof in the manner of eddsa-jcs-2022 (docs/certificates.md).

Canonical form: JCS (RFC 8785). For the data we sign (strings, integers, booleans, None, lists and
objects; no floats) `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)` produces
exactly the JCS bytes, so no JCS library is needed. The signed bytes are
SHA-256(canonical proof options) + SHA-256(canonical credential without its proof), as the cryptosuite
says. Contexts are plain strings: nothing is ever fetched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hocvuso.certificates.constants import OB3_CONTEXT, PROOF_CRYPTOSUITE, PROOF_TYPE, VC_CONTEXT
from hocvuso.certificates.models import Certificate, SigningKey
from hocvuso.certificates.signing import (
    b64url_decode,
    issuer_profile,
    private_key_of,
    verification_method,
)
from hocvuso.framework.constants import RuleGroup

CREDENTIAL_TYPE = "OpenBadgeCredential"
BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BASE58_INDEX = {c: i for i, c in enumerate(BASE58_ALPHABET)}


# --- base58btc (the multibase "z" encoding of proofValue) ---------------------------------------


def base58_encode(data: bytes) -> str:
    zeros = len(data) - len(data.lstrip(b"\0"))
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(BASE58_ALPHABET[r])
    return "1" * zeros + "".join(reversed(out))


def base58_decode(text: str) -> bytes:
    """Raises ValueError on a character outside the base58btc alphabet."""
    zeros = len(text) - len(text.lstrip("1"))
    n = 0
    for c in text:
        if c not in _BASE58_INDEX:
            raise ValueError(f"not base58btc: {c!r}")
        n = n * 58 + _BASE58_INDEX[c]
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * zeros + body


# --- building -----------------------------------------------------------------------------------


def canonical(value: Any) -> bytes:
    """JCS (RFC 8785) bytes of JSON data without floats."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def achievement_id(slug: str, version: int, group: str, level: int) -> str:
    return f"urn:hocvuso:achievement:{slug}:v{version}:{group}:{level}"


def build_credential(cert: Certificate, *, verify_url: str) -> dict[str, Any]:
    """The unsigned credential of `cert`. Its text is Vietnamese whatever the request language.

    The holder is named by name and birth date (or year) so that the PDF's holder can be matched; the
    CCCD is never put in a credential that is handed out and shown to anyone who scans the QR code.
    """
    version = cert.version
    framework = version.framework
    with translation.override("vi"):
        group_label = str(RuleGroup(cert.group).label) if cert.group in RuleGroup.values else cert.group
        achievement_name = _("Reached basic digital skills")
        title = _("Certificate: reached basic digital skills")
        description = _(
            "%(holder)s has the digital skills that %(framework)s requires of the group “%(group)s”, at level "
            "%(level)s or above."
        ) % {"holder": cert.holder_name, "framework": framework.name, "group": group_label, "level": cert.level}
        narrative = _("%(framework)s, version %(version)s; group: %(group)s; level %(level)s.") % {
            "framework": framework.name,
            "version": version.number,
            "group": group_label,
            "level": cert.level,
        }
    subject: dict[str, Any] = {"type": ["AchievementSubject"], "name": cert.holder_name}
    if cert.holder_birth_date:
        subject["birthDate"] = cert.holder_birth_date.isoformat()
    birth_year = cert.holder_birth_date.year if cert.holder_birth_date else cert.holder_birth_year
    if birth_year:
        subject["birthYear"] = birth_year
    subject["achievement"] = {
        "id": achievement_id(framework.slug, version.number, cert.group, cert.level),
        "type": ["Achievement"],
        "name": achievement_name,
        "description": description,
        "criteria": {"narrative": narrative},
        "achievementType": "Certificate",
    }
    issued_at = timezone.localtime(cert.issued_at).replace(microsecond=0)
    return {
        "@context": [VC_CONTEXT, OB3_CONTEXT],
        "id": verify_url,
        "type": ["VerifiableCredential", CREDENTIAL_TYPE],
        "issuer": issuer_profile(),
        "validFrom": issued_at.isoformat(),
        "name": title,
        "credentialSubject": subject,
        "hocvuso": {
            "number": cert.number,
            "framework": framework.slug,
            "frameworkVersion": version.number,
            "group": cert.group,
            "level": cert.level,
            "commune": cert.commune_id,
        },
    }


# --- signing and verifying ----------------------------------------------------------------------


def _signing_input(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {k: v for k, v in proof_options.items() if k != "proofValue"}
    options["@context"] = unsigned.get("@context")
    return hashlib.sha256(canonical(options)).digest() + hashlib.sha256(canonical(unsigned)).digest()


def sign_credential(unsigned: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """`unsigned` with a DataIntegrityProof (eddsa-jcs-2022 style) made by `key`."""
    document = {k: v for k, v in unsigned.items() if k != "proof"}
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": PROOF_CRYPTOSUITE,
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "verificationMethod": verification_method(key.key_id),
        "proofPurpose": "assertionMethod",
    }
    signature = private_key_of(key).sign(_signing_input(document, proof))
    proof["proofValue"] = "z" + base58_encode(signature)
    return {**document, "proof": proof}


@dataclass(frozen=True)
class CredentialCheck:
    ok: bool
    number: str = ""
    key_id: str = ""
    problem: str = ""  # a sentence for people (translated) when not ok


def database_keys() -> dict[str, bytes]:
    """key_id -> raw public key of every key the province ever had (one query)."""
    return {kid: b64url_decode(x) for kid, x in SigningKey.objects.values_list("key_id", "public_key")}


def keys_from_document(doc: dict[str, Any]) -> dict[str, bytes]:
    """key_id -> raw public key from an exported keys document (export_certificate_keys).

    Raises ValueError when `doc` is not such a document.
    """
    entries = doc.get("keys") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise ValueError(_("This is not a file of certificate keys."))
    keys: dict[str, bytes] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
            continue
        kid, x = entry.get("kid"), entry.get("x")
        if not isinstance(kid, str) or not isinstance(x, str):
            continue
        try:
            raw = b64url_decode(x)
        except ValueError:
            continue
        if len(raw) == 32:
            keys[kid] = raw
    return keys


def verify_credential(doc: dict[str, Any], keys: dict[str, bytes] | None = None) -> CredentialCheck:
    """Does `doc` carry a valid signature of one of the province's keys? Never raises on bad input.

    `keys` (key_id -> raw public key) makes it work offline; None reads the keys from the database.
    """
    if not isinstance(doc, dict):
        return CredentialCheck(False, problem=_("The file is not a certificate (it is not a JSON object)."))
    section = doc.get("hocvuso")
    types = doc.get("type")
    number = section.get("number") if isinstance(section, dict) else None
    if not isinstance(number, str) or not isinstance(types, list) or CREDENTIAL_TYPE not in types:
        return CredentialCheck(False, problem=_("This is not a certificate of this province."))
    proof = doc.get("proof")
    if not isinstance(proof, dict):
        return CredentialCheck(False, number=number, problem=_("The certificate has no signature."))
    method = proof.get("verificationMethod")
    value = proof.get("proofValue")
    key_id = method.rpartition("#")[2] if isinstance(method, str) else ""
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != PROOF_CRYPTOSUITE or not key_id:
        return CredentialCheck(False, number=number, problem=_("The certificate's signature is of an unknown kind."))
    if not isinstance(value, str) or not value.startswith("z"):
        return CredentialCheck(False, number, key_id, _("The certificate's signature is damaged."))
    try:
        signature = base58_decode(value[1:])
    except ValueError:
        return CredentialCheck(False, number, key_id, _("The certificate's signature is damaged."))
    if keys is None:
        keys = database_keys()
    public = keys.get(key_id)
    if public is None:
        return CredentialCheck(
            False, number, key_id, _("The certificate was signed with a key this province does not know.")
        )
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _signing_input(doc, proof))
    except InvalidSignature:
        return CredentialCheck(
            False, number, key_id, _("The signature does not match: the certificate was changed after it was issued.")
        )
    except (TypeError, ValueError):  # not JSON data, or a key of the wrong length
        return CredentialCheck(False, number, key_id, _("The certificate is damaged."))
    return CredentialCheck(True, number, key_id)
