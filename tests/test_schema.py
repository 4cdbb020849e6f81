"""The schema check that takes the parts the credentials of a badge class share once finds
exactly what the whole check finds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from badgegen.openbadges import schema
from badgegen.openbadges.schema import schema_problems, shared_schema_problems
from tests.conftest import demo_credentials

Change = Callable[[dict[str, Any]], None]


def _achievement(document: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = document["credentialSubject"]["achievement"]
    return achievement


BREAKS: dict[str, Change] = {
    "achievement without a name": lambda d: _achievement(d).pop("name"),
    "achievement of another type": lambda d: _achievement(d).update(type=["Badge"]),
    "criteria as a number": lambda d: _achievement(d).update(criteria=3),
    "issuer as a number": lambda d: d.update(issuer=7),
    "issuer without an id": lambda d: d["issuer"].pop("id"),
    "validFrom as a number": lambda d: d.update(validFrom=2025),
    "no achievement at all": lambda d: d["credentialSubject"].pop("achievement"),
    "everything at once": lambda d: [
        _achievement(d).pop("name"),
        d["issuer"].pop("id"),
        d.update(validFrom=2025),
        d["credentialSubject"].update(type=7),
    ],
}


def _awards() -> list[dict[str, Any]]:
    return [d for d in demo_credentials() if "OpenBadgeCredential" in d["type"]]


def test_every_demo_credential_passes_both_checks() -> None:
    documents = demo_credentials()
    assert len(documents) > 20
    for document in documents:
        assert shared_schema_problems(document) == schema_problems(document) == []


@pytest.mark.parametrize("change", BREAKS.values(), ids=BREAKS.keys())
def test_a_broken_credential_gets_the_same_problems_in_the_same_order(change: Change) -> None:
    for document in _awards()[:3]:
        broken = copy.deepcopy(document)
        change(broken)
        expected = schema_problems(broken)
        assert expected
        assert shared_schema_problems(broken) == expected
        assert shared_schema_problems(broken) == expected  # again, from what was kept


def test_a_shared_part_is_checked_once_for_the_credentials_that_share_it() -> None:
    schema._part_errors.cache_clear()
    documents = _awards()
    for document in documents:
        shared_schema_problems(document)
    info = schema._part_errors.cache_info()
    assert info.hits > 0 and info.misses < 2 * len(documents)
