"""Ed25519 keys as Multikey strings (W3C Controlled Identifiers §2.2.2, vc-di-eddsa §2.1.1).

`publicKeyMultibase` = "z" + base58btc(0xed 0x01 ‖ 32-byte public key), always starting "z6Mk";
`secretKeyMultibase` = "z" + base58btc(0x80 0x26 ‖ 32-byte seed), always starting "z3u2". The two
prefixes are the unsigned-varint multicodec headers `ed25519-pub` (0xed) and `ed25519-priv`
(0x1300). base58btc is an encoding, not cryptography, so it is written out here rather than
pulled in as a dependency.
"""

from __future__ import annotations

from nacl.signing import SigningKey

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"  # Bitcoin's
_INDEX = {char: value for value, char in enumerate(_ALPHABET)}

ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"
KEY_LENGTH = 32


def b58encode(data: bytes) -> str:
    """base58btc with the Bitcoin alphabet; each leading zero byte becomes a "1"."""
    number = int.from_bytes(data, "big")
    digits: list[str] = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return "1" * zeros + "".join(reversed(digits))


def b58decode(text: str) -> bytes:
    """Inverse of `b58encode`; raises ValueError on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise ValueError(f"{char!r} is not a base58btc character") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\x00" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: "z" + base58btc (the form of `proofValue` and Multikey strings)."""
    return "z" + b58encode(data)


def multibase_decode(value: str) -> bytes:
    """Inverse of `multibase_encode`; only the base58btc ("z") multibase is accepted."""
    if not value.startswith("z"):
        # The value may be a secret key: never echo it into a message.
        raise ValueError(
            f"expected a base58btc multibase value starting with 'z', got {value[:1]!r}"
        )
    return b58decode(value[1:])


def public_key_multibase(public_key: bytes) -> str:
    """The `publicKeyMultibase` of a raw 32-byte Ed25519 public key ("z6Mk…")."""
    _check_length(public_key, "an Ed25519 public key")
    return multibase_encode(ED25519_PUB_HEADER + public_key)


def secret_key_multibase(seed: bytes) -> str:
    """The `secretKeyMultibase` of a 32-byte Ed25519 seed ("z3u2…")."""
    _check_length(seed, "an Ed25519 seed")
    return multibase_encode(ED25519_PRIV_HEADER + seed)


def decode_public_key_multibase(value: str) -> bytes:
    """The raw 32-byte public key in a `publicKeyMultibase`; ValueError if it is not Ed25519."""
    raw = _decode_with_header(value, ED25519_PUB_HEADER, "ed25519-pub")
    _check_length(raw, "the Ed25519 public key in a publicKeyMultibase")
    return raw


def decode_secret_key_multibase(value: str) -> bytes:
    """The 32-byte seed in a `secretKeyMultibase`; ValueError if it is not an Ed25519 key.

    Also accepts the 64-byte form (seed ‖ public key) that older Digital Bazaar libraries
    exported, as in the 1EdTech OB 3.0 test vector, provided its public half matches the seed.
    """
    raw = _decode_with_header(value, ED25519_PRIV_HEADER, "ed25519-priv")
    if len(raw) == 2 * KEY_LENGTH:
        seed, public = raw[:KEY_LENGTH], raw[KEY_LENGTH:]
        if bytes(SigningKey(seed).verify_key) != public:
            raise ValueError("the public half of this 64-byte Ed25519 secret key does not match")
        return seed
    _check_length(raw, "the Ed25519 seed in a secretKeyMultibase")
    return raw


def _decode_with_header(value: str, header: bytes, codec: str) -> bytes:
    raw = multibase_decode(value)
    if not raw.startswith(header):
        raise ValueError(f"expected a multicodec {codec} key (0x{header.hex()} prefix)")
    return raw[len(header) :]


def _check_length(data: bytes, what: str) -> None:
    if len(data) != KEY_LENGTH:
        raise ValueError(f"{what} must be {KEY_LENGTH} bytes, got {len(data)}")
