"""The signed credential: VC 2.0 / Open Badges 3.0 shape, eddsa-jcs-2022-style proof, tamper evidence."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from hocvuso.certificates.constants import OB3_CONTEXT, PROOF_CRYPTOSUITE, PROOF_TYPE, VC_CONTEXT
from hocvuso.certificates.credential import (
    base58_decode,
    base58_encode,
    build_credential,
    keys_from_document,
    sign_credential,
    verify_credential,
)
from hocvuso.certificates.signing import active_key, public_keys_document, rotate_key
from tests.certificates import signed_certificate, verify_url


@given(st.binary(max_size=80))
def test_base58_round_trips_any_bytes_including_leading_zeros(data: bytes) -> None:
    assert base58_decode(base58_encode(data)) == data


def test_base58_matches_the_bitcoin_alphabet() -> None:
    assert base58_encode(b"hello world") == "StV1DL6CwTryKyV"
    assert base58_encode(b"\0\0\x01") == "112"
    with pytest.raises(ValueError):
        base58_decode("0OIl")


@pytest.mark.django_db
def test_the_credential_has_the_open_badges_shape_and_no_national_id(settings) -> None:  # type: ignore[no-untyped-def]
    cert = signed_certificate()
    doc = cert.credential
    assert doc["@context"] == [VC_CONTEXT, OB3_CONTEXT]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["id"] == verify_url(cert.number)
    assert doc["issuer"]["name"] == settings.HOCVUSO_CERTIFICATE_ISSUER
    assert doc["validFrom"].startswith(str(cert.issued_at.year))
    subject = doc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["name"] == "Nguyễn Văn An" and subject["birthDate"] == "1968-03-02"
    assert subject["achievement"]["achievementType"] == "Certificate"
    assert doc["hocvuso"] == {
        "number": "TV-2026-000123",
        "framework": "basic-757",
        "frameworkVersion": 1,
        "group": "citizen",
        "level": 1,
        "commune": 29242,
    }
    proof = doc["proof"]
    assert proof["type"] == PROOF_TYPE and proof["cryptosuite"] == PROOF_CRYPTOSUITE
    assert proof["verificationMethod"].endswith(f"/api/v1/certificates/keys#{cert.key.key_id}")
    assert proof["proofPurpose"] == "assertionMethod" and proof["proofValue"].startswith("z")
    assert cert.person.national_id not in json.dumps(doc, ensure_ascii=False)


@pytest.mark.django_db
def test_the_achievement_is_written_in_vietnamese_whatever_the_request_language() -> None:
    cert = signed_certificate()
    with translation.override("vi"):
        expected = translation.gettext("Reached basic digital skills")
    with translation.override("en"):
        unsigned = build_credential(cert, verify_url=verify_url(cert.number))
    assert unsigned["credentialSubject"]["achievement"]["name"] == expected


@pytest.mark.django_db
def test_a_signed_credential_verifies() -> None:
    cert = signed_certificate()
    check = verify_credential(cert.credential)
    assert check.ok and check.number == cert.number and check.key_id == cert.key.key_id and check.problem == ""


def _changed(doc: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("credentialSubject", "name"), "Nguyễn Văn Anh"),
        (("hocvuso", "number"), "TV-2026-000124"),
        (("hocvuso", "level"), 3),
        (("credentialSubject", "birthYear"), 1990),
        (("validFrom",), "2020-01-01T00:00:00+07:00"),
        (("proof", "created"), "2020-01-01T00:00:00+00:00"),
    ],
)
def test_changing_any_field_breaks_the_signature(path: tuple[str, ...], value: object) -> None:
    cert = signed_certificate()
    with translation.override("en"):
        check = verify_credential(_changed(cert.credential, path, value))
    assert not check.ok
    assert "was changed" in check.problem


@pytest.mark.django_db
@pytest.mark.parametrize(
    "garble",
    [
        lambda d: d.pop("proof"),
        lambda d: d.update(proof="not a proof"),
        lambda d: d["proof"].update(proofValue="z0OIl"),
        lambda d: d["proof"].update(proofValue="zz"),
        lambda d: d["proof"].update(proofValue=12),
        lambda d: d["proof"].update(proofValue="u" + d["proof"]["proofValue"][1:]),
        lambda d: d["proof"].update(cryptosuite="ecdsa-rdfc-2019"),
        lambda d: d["proof"].update(verificationMethod=None),
        lambda d: d["proof"].update(verificationMethod="https://elsewhere.example/keys#other-2026-1"),
        lambda d: d.update(type=["VerifiableCredential"]),
        lambda d: d.pop("hocvuso"),
        lambda d: d["credentialSubject"].update(score=float("nan")),
    ],
)
def test_a_missing_or_garbled_proof_fails_without_an_exception(garble: Any) -> None:
    cert = signed_certificate()
    doc = copy.deepcopy(cert.credential)
    garble(doc)
    check = verify_credential(doc)
    assert not check.ok and check.problem


@pytest.mark.django_db
@pytest.mark.parametrize("doc", [None, [], "text", 12, {}, {"type": "OpenBadgeCredential"}])
def test_input_that_is_no_credential_at_all_fails_without_an_exception(doc: Any) -> None:
    check = verify_credential(doc)
    assert not check.ok and check.problem


@pytest.mark.django_db
def test_a_credential_of_another_issuer_names_an_unknown_key() -> None:
    cert = signed_certificate()
    with translation.override("en"):
        check = verify_credential(cert.credential, keys={"other-2026-1": bytes(32)})
    assert not check.ok and "key" in check.problem


@pytest.mark.django_db
def test_verification_offline_with_an_exported_keys_file_reads_no_database(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    old = signed_certificate(number="TV-2026-000001")
    rotate_key()
    new = signed_certificate(number="TV-2026-000002")
    keys = keys_from_document(json.loads(json.dumps(public_keys_document())))
    with django_assert_num_queries(0):
        assert verify_credential(old.credential, keys).ok
        assert verify_credential(new.credential, keys).ok
        assert not verify_credential(_changed(new.credential, ("hocvuso", "level"), 2), keys).ok


def test_a_file_that_is_not_a_keys_document_is_refused() -> None:
    with pytest.raises(ValueError):
        keys_from_document({"something": "else"})
    assert keys_from_document({"keys": [{"kid": "a", "kty": "RSA"}, "junk", {"kid": "b", "kty": "OKP"}]}) == {}


@pytest.mark.django_db
def test_signing_again_replaces_the_proof_and_still_verifies() -> None:
    cert = signed_certificate()
    again = sign_credential(cert.credential, active_key())
    assert verify_credential(again).ok
