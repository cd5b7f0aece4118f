"""Officers' Ed25519 keys, held by the application, private halves sealed at rest.

A private key is stored sealed with AES-256-GCM under a key derived (HKDF-SHA256) from
``settings.ENLACE_RECEIPT_KEY_SECRET`` when set, else from ``settings.SECRET_KEY``; the
associated data binds the sealed key to its user. Rotating the secret makes existing sealed
keys unreadable (new keys are issued; receipts already signed stay verifiable, since they
carry the public keys). See docs/adr/0011-api-receipts-outbox.md.
"""

from __future__ import annotations

import os
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .core import b64, public_key_bytes
from .models import OfficerKey

_INFO = b"enlace receipts: officer signing keys v1"


def _sealing_key() -> bytes:
    secret = getattr(settings, "ENLACE_RECEIPT_KEY_SECRET", "") or settings.SECRET_KEY
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO)
    return hkdf.derive(secret.encode("utf-8"))


def _aad(user_id: int) -> bytes:
    return f"user:{user_id}".encode()


def key_seal(*, user_id: int, key: Ed25519PrivateKey) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_sealing_key()).encrypt(nonce, key.private_bytes_raw(), _aad(user_id))


def key_unseal(*, user_id: int, sealed: bytes) -> Ed25519PrivateKey:
    nonce, body = sealed[:12], sealed[12:]
    raw = AESGCM(_sealing_key()).decrypt(nonce, body, _aad(user_id))
    return Ed25519PrivateKey.from_private_bytes(raw)


def officer_key_get_or_create(*, user: Any) -> OfficerKey:
    """The user's key pair, created on first use (call inside the caller's transaction)."""
    existing = OfficerKey.objects.filter(user=user).first()
    if existing is not None:
        return existing
    private = Ed25519PrivateKey.generate()
    return OfficerKey.objects.create(
        user=user,
        public_key=b64(public_key_bytes(private)),
        private_key_sealed=key_seal(user_id=user.pk, key=private),
    )


def officer_private_key(officer_key: OfficerKey) -> Ed25519PrivateKey:
    return key_unseal(user_id=officer_key.user_id, sealed=bytes(officer_key.private_key_sealed))
