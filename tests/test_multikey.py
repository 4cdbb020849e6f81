"""Multikey strings for Ed25519 keys, checked against the W3C and 1EdTech published values."""

from __future__ import annotations

import os

import pytest
from nacl.signing import SigningKey

from badgegen.openbadges.multikey import (
    b58decode,
    b58encode,
    decode_public_key_multibase,
    decode_secret_key_multibase,
    multibase_decode,
    multibase_encode,
    public_key_multibase,
    secret_key_multibase,
)
from tests.conftest import load_test_data

W3C = load_test_data("vc_di_eddsa_rdfc_2022_vector.json")
OB3 = load_test_data("ob3_eddsa_rdfc_2022_vector.json")


@pytest.mark.parametrize(
    ("raw", "encoded"),
    [
        # draft-msporny-base58-03 test vectors
        (b"Hello World!", "2NEpo7TZRRrLZSi2U"),
        (
            b"The quick brown fox jumps over the lazy dog.",
            "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
        ),
        (bytes.fromhex("0000287fb4cd"), "11233QC4"),
        (b"", ""),
        (b"\x00", "1"),
        (b"\x00\x00\x00", "111"),
    ],
)
def test_base58btc_known_values(raw: bytes, encoded: str) -> None:
    assert b58encode(raw) == encoded
    assert b58decode(encoded) == raw


def test_base58btc_round_trips_random_bytes_with_leading_zeros() -> None:
    for length in range(0, 70, 7):
        data = b"\x00" * (length % 3) + os.urandom(length)
        assert b58decode(b58encode(data)) == data


@pytest.mark.parametrize("char", ["0", "O", "I", "l", "+", " "])
def test_base58btc_rejects_characters_outside_the_alphabet(char: str) -> None:
    with pytest.raises(ValueError, match="not a base58btc character"):
        b58decode("2NEpo" + char)


def test_w3c_key_pair() -> None:
    """vc-di-eddsa TestVectors/keyPair.json: the seed gives the published public key."""
    pair = W3C["keyPair"]
    seed = decode_secret_key_multibase(pair["privateKeyMultibase"])
    public = bytes(SigningKey(seed).verify_key)
    assert public_key_multibase(public) == pair["publicKeyMultibase"]
    assert secret_key_multibase(seed) == pair["privateKeyMultibase"]
    assert decode_public_key_multibase(pair["publicKeyMultibase"]) == public


def test_1edtech_key() -> None:
    public = bytes.fromhex(OB3["publicKeyHex"])
    seed = bytes.fromhex(OB3["privateKeyHex"])[:32]
    assert bytes(SigningKey(seed).verify_key) == public
    assert public_key_multibase(public) == OB3["publicKeyMultibase"]
    assert decode_public_key_multibase(OB3["publicKeyMultibase"]) == public
    # The vector's secretKeyMultibase is the older 64-byte form (seed ‖ public key).
    assert decode_secret_key_multibase(OB3["secretKeyMultibase64"]) == seed
    assert decode_secret_key_multibase(secret_key_multibase(seed)) == seed


def test_prefixes_of_random_keys() -> None:
    for _ in range(20):
        key = SigningKey.generate()
        assert public_key_multibase(bytes(key.verify_key)).startswith("z6Mk")
        assert secret_key_multibase(bytes(key)).startswith("z3u2")


def test_decoders_reject_the_other_kind_of_key() -> None:
    seed = bytes(range(32))
    public = bytes(SigningKey(seed).verify_key)
    with pytest.raises(ValueError, match="ed25519-pub"):
        decode_public_key_multibase(secret_key_multibase(seed))
    with pytest.raises(ValueError, match="ed25519-priv"):
        decode_secret_key_multibase(public_key_multibase(public))


@pytest.mark.parametrize("length", [0, 31, 33, 63, 65])
def test_decoders_reject_wrong_lengths(length: int) -> None:
    body = bytes([7]) * length
    with pytest.raises(ValueError, match="32 bytes"):
        decode_public_key_multibase(multibase_encode(b"\xed\x01" + body))
    with pytest.raises(ValueError, match="32 bytes"):
        decode_secret_key_multibase(multibase_encode(b"\x80\x26" + body))


def test_encoders_reject_wrong_lengths() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        public_key_multibase(b"\x01" * 31)
    with pytest.raises(ValueError, match="32 bytes"):
        secret_key_multibase(b"\x01" * 64)


def test_a_64_byte_secret_key_whose_halves_disagree_is_refused() -> None:
    seed, other = bytes(range(32)), bytes(range(1, 33))
    mismatched = multibase_encode(b"\x80\x26" + seed + bytes(SigningKey(other).verify_key))
    with pytest.raises(ValueError, match="does not match"):
        decode_secret_key_multibase(mismatched)


def test_only_base58btc_multibase_is_accepted_and_secrets_are_not_echoed() -> None:
    secret = "u" + secret_key_multibase(bytes(range(32)))[1:]
    with pytest.raises(ValueError) as caught:
        decode_secret_key_multibase(secret)
    assert secret[1:] not in str(caught.value)
    with pytest.raises(ValueError, match="starting with 'z'"):
        multibase_decode("f00")
