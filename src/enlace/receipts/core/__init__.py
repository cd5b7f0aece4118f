"""Handover receipts as data: canonical JSON (RFC 8785) signed with Ed25519. No Django.

A receipt file is the canonical JSON of an envelope::

    {"format": "enlace-handover-receipt/1",
     "document": {...who handed whom to whom, where and when, belongings, remarks...},
     "signatures": {"delivering": {"officer": ..., "public_key": ..., "signature": ...},
                    "receiving": {...}}}

The delivering officer signs the canonical document; the receiving officer signs the
canonical pair of the document and the delivering signature, so the receiving signature
also attests that the delivering officer signed first. Keys and signatures are base64
(standard alphabet). The file must be byte-for-byte canonical: any changed byte either
breaks the canonical form or a signature.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = "enlace-handover-receipt/1"
ROLES = ("delivering", "receiving")
_ENVELOPE_KEYS = {"format", "document", "signatures"}
_SIGNATURE_KEYS = {"officer", "public_key", "signature"}


class Problem(StrEnum):
    """Why a receipt does not verify (stable codes; the command prints them)."""

    UNREADABLE = "unreadable"
    NOT_CANONICAL = "not_canonical"
    WRONG_FORMAT = "wrong_format"
    MISSING_SIGNATURE = "missing_signature"
    BAD_SIGNATURE = "bad_signature"
    UNTRUSTED_KEY = "untrusted_key"


def canonical(value: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON bytes of ``value``."""
    return rfc8785.dumps(value)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    """Decode base64, refusing any text but the one canonical encoding of the bytes."""
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if b64(data) != text:
        raise ValueError("non-canonical base64")
    return data


def public_key_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def delivering_message(document: dict[str, Any]) -> bytes:
    """The bytes the delivering officer signs."""
    return canonical(document)


def receiving_message(document: dict[str, Any], delivering_signature: str) -> bytes:
    """The bytes the receiving officer signs: the document and the first signature."""
    return canonical({"document": document, "delivering_signature": delivering_signature})


def signature_make(key: Ed25519PrivateKey, message: bytes) -> str:
    return b64(key.sign(message))


def envelope_bytes(document: dict[str, Any], signatures: dict[str, dict[str, str]]) -> bytes:
    """The receipt file: the canonical envelope."""
    return canonical({"format": FORMAT, "document": document, "signatures": signatures})


@dataclass
class Verification:
    """The outcome of ``receipt_verify``: ``ok`` only when ``problems`` is empty."""

    problems: list[tuple[Problem, str]] = field(default_factory=list)
    document: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _signature_check(public_key: str, signature: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(unb64(public_key)).verify(unb64(signature), message)
    except (InvalidSignature, ValueError, binascii.Error, TypeError, AttributeError):
        return False
    return True


def _parse(data: bytes, result: Verification) -> dict[str, Any] | None:
    try:
        envelope = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        result.problems.append((Problem.UNREADABLE, "not JSON"))
        return None
    if not isinstance(envelope, dict) or set(envelope) != _ENVELOPE_KEYS:
        result.problems.append((Problem.WRONG_FORMAT, "not an enlace handover receipt"))
        return None
    if envelope.get("format") != FORMAT:
        result.problems.append((Problem.WRONG_FORMAT, "not an enlace handover receipt"))
        return None
    try:
        recanonical = canonical(envelope)
    except (rfc8785.CanonicalizationError, ValueError, TypeError):
        recanonical = b""
    if recanonical != data:
        result.problems.append((Problem.NOT_CANONICAL, "bytes differ from the canonical form"))
    if not isinstance(envelope.get("document"), dict) or not isinstance(
        envelope.get("signatures"), dict
    ):
        result.problems.append((Problem.WRONG_FORMAT, "document or signatures missing"))
        return None
    return envelope


def receipt_verify(data: bytes, *, trusted_keys: set[str] | None = None) -> Verification:
    """Verify a receipt file offline. ``trusted_keys`` (base64 public keys), when given,
    must contain both signers' keys; otherwise the embedded keys are taken as given."""
    result = Verification()
    envelope = _parse(data, result)
    if envelope is None:
        return result
    document, signatures = envelope["document"], envelope["signatures"]
    result.document = document
    signed: dict[str, str] = {}
    if set(signatures) - set(ROLES):
        result.problems.append((Problem.WRONG_FORMAT, "unknown signature"))
    for role in ROLES:
        entry = signatures.get(role)
        if not isinstance(entry, dict) or not entry.get("signature"):
            result.problems.append((Problem.MISSING_SIGNATURE, role))
            continue
        party = document.get(role)
        named = party.get("officer") if isinstance(party, dict) else None
        if set(entry) != _SIGNATURE_KEYS or entry.get("officer") != named:
            result.problems.append((Problem.WRONG_FORMAT, f"{role} signer"))
        key, signature = str(entry.get("public_key", "")), str(entry["signature"])
        signed[role] = signature
        if role == "delivering":
            message = delivering_message(document)
        else:
            message = receiving_message(document, signed.get("delivering", ""))
        if not _signature_check(key, signature, message):
            result.problems.append((Problem.BAD_SIGNATURE, role))
        if trusted_keys is not None and key not in trusted_keys:
            result.problems.append((Problem.UNTRUSTED_KEY, role))
    return result
