"""Nothing that looks like an email address or key material reaches a log handler."""

from __future__ import annotations

import logging

import pytest

from badgegen import log


def test_redact_hides_emails_and_keys() -> None:
    secret = "z3u2" + "A" * 44
    text = log.redact(f"mail camille@example.net key {secret} hash sha256$" + "a" * 64)
    assert "camille@example.net" not in text
    assert secret not in text
    assert "[redacted email]" in text and "[redacted key]" in text


def test_log_records_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    log.setup(0)
    logging.getLogger("badgegen.test").warning("could not reach %s", "someone@example.org")
    assert "someone@example.org" not in capsys.readouterr().err
