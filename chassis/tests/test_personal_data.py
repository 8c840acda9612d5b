"""Personal data: per-person keys in the vault (SQLite file or PostgreSQL), sealing bound to the
person, erasure by deleting the key, the access log, the person_ref pseudonym and access codes."""
from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidTag

from chassis.personal_data import (
    PersonalDataCipher,
    PersonKeyVault,
    hash_secret,
    new_secret_code,
    normalise_phone,
    person_ref,
    verify_secret,
)
from chassis.sql import SqlDatabase

from .conftest import backend_params

KEY = "test-person-ref-key-0123456789"
IDENTITY = {"name": "Sunita Devi", "phone": "9876543210", "address": "12 Gomti Nagar", "name_hi": "सुनीता देवी"}


@pytest.fixture(params=backend_params("sqlite", "postgres"))
def settings(request, make_settings):
    return make_settings(request.param)


@pytest.fixture
def open_vault(settings):
    """open_vault() → a vault on its own connection to the backend's store (closed at teardown)."""
    databases = []

    def make() -> PersonKeyVault:
        databases.append(SqlDatabase.for_settings(settings, "person_keys"))
        return PersonKeyVault(databases[-1])

    yield make
    for database in databases:
        database.close()


@pytest.fixture
def vault(open_vault) -> PersonKeyVault:
    return open_vault()


@pytest.fixture
def cipher(vault) -> PersonalDataCipher:
    return PersonalDataCipher(vault)


ALICE = person_ref(KEY, phone="9876543210")
BEENA = person_ref(KEY, phone="9123456780")


def swap_ref(token: str, ref: str) -> str:
    version, _, payload = token.split(":", 2)
    return f"{version}:{ref}:{payload}"


# ------------------------------------------------------------------ sealing


def test_seal_then_open_round_trips_and_hides_the_fields(cipher):
    token = cipher.seal(ALICE, IDENTITY)

    assert token.startswith(f"pd1:{ALICE}:")
    for value in ("Sunita", "9876543210", "Gomti"):
        assert value not in token
        assert value.encode() not in base64.urlsafe_b64decode(token.split(":", 2)[2])
    assert cipher.open(token) == IDENTITY


def test_sealing_the_same_fields_twice_gives_different_tokens(cipher):
    first, second = cipher.seal(ALICE, IDENTITY), cipher.seal(ALICE, IDENTITY)

    assert first != second
    assert cipher.open(first) == cipher.open(second) == IDENTITY


def test_a_token_moved_to_another_person_does_not_open(cipher, vault):
    token = cipher.seal(ALICE, IDENTITY)
    vault.key_for(BEENA)  # Beena has a key of her own

    with pytest.raises(InvalidTag):
        cipher.open(swap_ref(token, BEENA))
    # Even with Alice's key the ref is bound in as associated data: a look-alike ref fails too.
    other_ref_same_key = ALICE[:-1] + ("0" if ALICE[-1] != "0" else "1")
    vault.db.execute("INSERT INTO person_keys (person_ref, key_material, created_at) "
                     "SELECT ?, key_material, created_at FROM person_keys WHERE person_ref = ?",
                     (other_ref_same_key, ALICE))
    with pytest.raises(InvalidTag):
        cipher.open(swap_ref(token, other_ref_same_key))


def test_a_token_with_a_flipped_byte_does_not_open(cipher):
    token = cipher.seal(ALICE, IDENTITY)
    version, ref, payload = token.split(":", 2)
    raw = bytearray(base64.urlsafe_b64decode(payload))
    raw[-1] ^= 0x01

    with pytest.raises(InvalidTag):
        cipher.open(f"{version}:{ref}:{base64.urlsafe_b64encode(bytes(raw)).decode()}")


def test_an_unknown_token_version_is_refused(cipher):
    token = cipher.seal(ALICE, IDENTITY)

    with pytest.raises(ValueError, match="pd0"):
        cipher.open("pd0" + token[3:])


def test_keys_are_shared_by_every_connection_to_the_store(open_vault):
    first, second = open_vault(), open_vault()

    token = PersonalDataCipher(first).seal(ALICE, IDENTITY)

    assert second.key_for(ALICE) == first.key_for(ALICE)
    assert PersonalDataCipher(second).open(token) == IDENTITY
    assert len(first.key_for(BEENA)) == 32  # AES-256


# ------------------------------------------------------------------ erasure


def test_erasure_makes_every_token_unreadable_and_refuses_new_data(cipher, vault, open_vault):
    identity_token = cipher.seal(ALICE, IDENTITY)
    comment_token = cipher.seal(ALICE, {"comment": "he is still there"})
    beena_token = cipher.seal(BEENA, {"name": "Beena"})

    assert vault.erase(ALICE, "dpo-1") is True

    assert cipher.open(identity_token) is None
    assert cipher.open(comment_token) is None
    assert vault.is_erased(ALICE)
    assert vault.existing_key(ALICE) is None
    with pytest.raises(PermissionError):
        vault.key_for(ALICE)
    with pytest.raises(PermissionError):
        cipher.seal(ALICE, {"name": "again"})
    # Another connection (another service) sees the erasure too.
    assert PersonalDataCipher(open_vault()).open(identity_token) is None
    # Nobody else is touched.
    assert cipher.open(beena_token) == {"name": "Beena"}
    assert not vault.is_erased(BEENA)


def test_erasing_twice_or_erasing_a_person_without_a_key(vault):
    vault.key_for(ALICE)

    assert vault.erase(ALICE, "dpo-1") is True
    assert vault.erase(ALICE, "dpo-2") is False
    assert vault.erase(BEENA, "dpo-1") is False  # no key yet, but remembered as erased
    with pytest.raises(PermissionError):
        vault.key_for(BEENA)


# ------------------------------------------------------------------ the access log


def test_open_for_records_who_read_whose_data_and_why(cipher, vault):
    token = cipher.seal(ALICE, IDENTITY)

    assert cipher.open_for(token, actor="msp-7", record="VK-LKO-2601-AAAAAA", purpose="MSP legal vetting") == IDENTITY
    cipher.open_for(token, actor="so-3", record="VK-LKO-2601-AAAAAA", purpose="police view")

    reads = vault.reads_of(ALICE)
    # Sorted: two reads in the same microsecond have the same `at`, the log's only order.
    assert sorted((r["actor"], r["record"], r["purpose"]) for r in reads) == [
        ("msp-7", "VK-LKO-2601-AAAAAA", "MSP legal vetting"),
        ("so-3", "VK-LKO-2601-AAAAAA", "police view"),
    ]
    assert all(r["at"] for r in reads)
    assert vault.reads_of(BEENA) == []
    # open() is the unlogged primitive; open_for(None) has nothing to read and logs nothing.
    cipher.open(token)
    assert cipher.open_for(None, actor="msp-7", record="x", purpose="y") is None
    assert len(vault.reads_of(ALICE)) == 2


def test_a_read_attempt_after_erasure_is_still_logged(cipher, vault):
    token = cipher.seal(ALICE, IDENTITY)
    vault.erase(ALICE, "dpo-1")

    assert cipher.open_for(token, actor="msp-7", record="r-1", purpose="vetting") is None
    assert [r["actor"] for r in vault.reads_of(ALICE)] == ["msp-7"]


# ------------------------------------------------------------------ pseudonyms and access codes (no store)


@pytest.mark.parametrize("phone", ["+91 98765-43210", "09876543210", "919876543210", "98765 43210", "9876543210"])
def test_person_ref_is_the_same_for_every_way_of_writing_the_number(phone):
    assert normalise_phone(phone) == "9876543210"
    assert person_ref(KEY, phone=phone) == person_ref(KEY, phone="+91 98765-43210")


def test_person_ref_depends_on_the_key_and_the_person_and_hides_the_number():
    ref = person_ref(KEY, phone="9876543210")

    assert ref.startswith("p_") and len(ref) == 34
    assert "9876543210" not in ref and "43210" not in ref
    assert person_ref("another-key-0123456789", phone="9876543210") != ref
    assert person_ref(KEY, phone="9123456780") != ref
    # An anonymous complainant is a person of her own, never linked to a phone.
    assert person_ref(KEY, local_id="VK-LKO-2601-AAAAAA") != person_ref(KEY, local_id="VK-LKO-2601-BBBBBB")
    assert person_ref(KEY, local_id="9876543210") != ref
    # The phone wins over the local id when both are given.
    assert person_ref(KEY, phone="9876543210", local_id="VK-1") == ref


def test_person_ref_needs_a_phone_or_a_local_id():
    with pytest.raises(ValueError):
        person_ref(KEY)


def test_verify_secret_accepts_the_code_however_it_is_typed_and_refuses_another():
    code = "7K3M9QXR2T"
    stored = hash_secret(code)

    assert stored.startswith("scrypt:")
    assert code not in stored and code.lower() not in stored
    assert verify_secret(code, stored)
    assert verify_secret("  7k3m9qxr2t \n", stored)
    assert not verify_secret("7K3M9QXR2V", stored)
    assert not verify_secret("", stored)
    assert hash_secret(code) != stored  # salted


def test_new_secret_codes_are_readable_out_loud():
    codes = {new_secret_code() for _ in range(50)}

    assert len(codes) == 50
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len(new_secret_code(6)) == 6
