"""Personal data protection, written once for every service.

- `person_ref()`: the pseudonym integration events carry: a keyed hash (HMAC-SHA256) of the
  person's normalised phone number, so the same woman is the same ref across programmes, and
  the ref cannot be reversed without the key.
- `PersonKeyVault`: one random AES-256 key per person. Deleting it is erasure: every sealed
  value, in every event of every service's immutable log, becomes unreadable at once.
- `PersonalDataCipher`: seals a dict of personal fields with the person's key (AES-GCM, the
  person_ref bound in as associated data) into an opaque string the domain stores as is.
- Every read of sealed data through `open_for()` is written to the access log (who, whose, why).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chassis.sql import SqlDatabase

TOKEN_VERSION = "pd1"
ERASED = "[erased]"
# A 10-character code carries 50 random bits, so a modest scrypt cost is enough and keeps
# registration fast (the hash runs on the request path).
SCRYPT_COST = 2**12
_NON_DIGITS = re.compile(r"\D")


def normalise_phone(phone: str) -> str:
    """'+91 98765-43210' → '9876543210' (the last ten digits of an Indian number)."""
    digits = _NON_DIGITS.sub("", phone)
    return digits[-10:]


def person_ref(key: str, *, phone: str | None = None, local_id: str | None = None) -> str:
    """Pseudonym for a person: from her phone when she gave one, else from a record-local id
    (an anonymous complainant is then a person of her own, linked to nothing else)."""
    if phone:
        material = "phone:" + normalise_phone(phone)
    elif local_id:
        material = "local:" + local_id
    else:
        raise ValueError("person_ref needs a phone or a local id")
    digest = hmac.new(key.encode(), material.encode(), hashlib.sha256).hexdigest()
    return "p_" + digest[:32]


class PersonKeyVault:
    _SCHEMA = (
        "CREATE TABLE IF NOT EXISTS person_keys (person_ref TEXT PRIMARY KEY, key_material TEXT NOT NULL,"
        " created_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS erased_persons (person_ref TEXT PRIMARY KEY, erased_at TEXT NOT NULL,"
        " erased_by TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS personal_data_reads (at TEXT NOT NULL, actor TEXT NOT NULL,"
        " person_ref TEXT NOT NULL, record TEXT NOT NULL, purpose TEXT NOT NULL)",
    )

    def __init__(self, database: SqlDatabase):
        self.db = database
        for statement in self._SCHEMA:
            self.db.execute(statement)

    def key_for(self, ref: str) -> bytes:
        """The person's key, created on first use. Refuses a person who has been erased."""
        rows = self.db.query("SELECT key_material FROM person_keys WHERE person_ref = ?", (ref,))
        if rows:
            return base64.b64decode(rows[0][0])
        if self.is_erased(ref):
            raise PermissionError("this person's data has been erased; new data needs a new record")
        key = AESGCM.generate_key(bit_length=256)
        self.db.execute(
            "INSERT INTO person_keys (person_ref, key_material, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (person_ref) DO NOTHING",
            (ref, base64.b64encode(key).decode(), _now()),
        )
        return self.existing_key(ref)  # another process may have won the insert race

    def existing_key(self, ref: str) -> bytes | None:
        rows = self.db.query("SELECT key_material FROM person_keys WHERE person_ref = ?", (ref,))
        return base64.b64decode(rows[0][0]) if rows else None

    def is_erased(self, ref: str) -> bool:
        return bool(self.db.query("SELECT 1 FROM erased_persons WHERE person_ref = ?", (ref,)))

    def erase(self, ref: str, erased_by: str) -> bool:
        """Deletes the person's key (erasure everywhere) and remembers that she was erased."""
        with self.db.transaction() as tx:
            existed = bool(tx.query("SELECT 1 FROM person_keys WHERE person_ref = ?", (ref,)))
            tx.execute("DELETE FROM person_keys WHERE person_ref = ?", (ref,))
            tx.execute(
                "INSERT INTO erased_persons (person_ref, erased_at, erased_by) VALUES (?, ?, ?)"
                " ON CONFLICT (person_ref) DO NOTHING",
                (ref, _now(), erased_by),
            )
        return existed

    def record_read(self, actor: str, ref: str, record: str, purpose: str) -> None:
        self.db.execute(
            "INSERT INTO personal_data_reads (at, actor, person_ref, record, purpose) VALUES (?, ?, ?, ?, ?)",
            (_now(), actor, ref, record, purpose),
        )

    def reads_of(self, ref: str) -> list[dict[str, str]]:
        rows = self.db.query(
            "SELECT at, actor, record, purpose FROM personal_data_reads WHERE person_ref = ? ORDER BY at", (ref,)
        )
        return [dict(zip(("at", "actor", "record", "purpose"), row)) for row in rows]


class PersonalDataCipher:
    def __init__(self, vault: PersonKeyVault):
        self.vault = vault

    def seal(self, ref: str, fields: dict[str, Any]) -> str:
        nonce = os.urandom(12)
        plaintext = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        sealed = AESGCM(self.vault.key_for(ref)).encrypt(nonce, plaintext, ref.encode())
        return f"{TOKEN_VERSION}:{ref}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, token: str) -> dict[str, Any] | None:
        """The sealed fields, or None when the person has been erased."""
        version, ref, payload = token.split(":", 2)
        if version != TOKEN_VERSION:
            raise ValueError(f"unknown personal-data token version {version!r}")
        key = self.vault.existing_key(ref)
        if key is None:
            return None
        raw = base64.urlsafe_b64decode(payload)
        return json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], ref.encode()))

    def open_for(self, token: str | None, *, actor: str, record: str, purpose: str) -> dict[str, Any] | None:
        """Opens a sealed value on someone's behalf and writes the read to the access log."""
        if token is None:
            return None
        self.vault.record_read(actor, token.split(":", 2)[1], record, purpose)
        return self.open(token)


def new_secret_code(length: int = 10) -> str:
    """A code a person can read out on the phone: Crockford base32, no I/L/O/U."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def hash_secret(code: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(code.strip().upper().encode(), salt=salt, n=SCRYPT_COST, r=8, p=1)
    return f"scrypt:{salt.hex()}:{digest.hex()}"


def verify_secret(code: str, stored: str) -> bool:
    _, salt, digest = stored.split(":")
    candidate = hashlib.scrypt(code.strip().upper().encode(), salt=bytes.fromhex(salt), n=SCRYPT_COST, r=8, p=1)
    return hmac.compare_digest(candidate.hex(), digest)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()
