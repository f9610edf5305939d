"""Encryption at rest for the most sensitive text, with cryptography's MultiFernet.

Keys come from `PEERCIRCLE_ENCRYPTION_KEYS` (comma-separated Fernet keys, newest first) or from a key file
(`PEERCIRCLE_ENCRYPTION_KEY_FILE`, one key per line, newest first). In local development a key file is
created in `var/` on first use; production refuses to start without configured keys.
Rotation: put a new key first, keep the old ones, run `peercircle rotate-keys`, then drop the old keys.
"""

from __future__ import annotations

import os
import threading
import time
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1:"
_lock = threading.Lock()


_checked: dict[str, tuple[float, int, int]] = {}
RECHECK_SECONDS = 1.0


def _keys_from_file(path: Path) -> list[str]:
    # Every encrypted field read or written asks for the keys: read the file again only when it changed,
    # and look at it at most once a second (reading it each time was 4% of the chat server's time under
    # load, bench.chat). A rotated key file is picked up within a second.
    now = time.monotonic()
    checked = _checked.get(str(path))
    if checked is None or now - checked[0] >= RECHECK_SECONDS:
        stat = path.stat()
        checked = (now, stat.st_mtime_ns, stat.st_size)
        _checked[str(path)] = checked
    return list(_read_key_file(str(path), checked[1], checked[2]))


@lru_cache(maxsize=8)
def _read_key_file(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    return tuple(
        line.strip()
        for line in Path(path).read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )


def configured_keys() -> list[str]:
    raw = os.environ.get("PEERCIRCLE_ENCRYPTION_KEYS", "") or getattr(settings, "ENCRYPTION_KEYS", "")
    if raw:
        return [key.strip() for key in raw.split(",") if key.strip()]
    key_file = os.environ.get("PEERCIRCLE_ENCRYPTION_KEY_FILE") or getattr(
        settings, "ENCRYPTION_KEY_FILE", ""
    )
    if key_file:
        path = Path(key_file)
        if path.exists():
            return _keys_from_file(path)
        if not getattr(settings, "ENCRYPTION_CREATE_KEY_FILE", False):
            raise ImproperlyConfigured(f"Encryption key file {path} does not exist.")
        with _lock:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(Fernet.generate_key().decode() + "\n")
                path.chmod(0o600)
        return _keys_from_file(path)
    raise ImproperlyConfigured("Set PEERCIRCLE_ENCRYPTION_KEYS or PEERCIRCLE_ENCRYPTION_KEY_FILE.")


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured("An encryption key is not a valid Fernet key.") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(configured_keys()))


def encrypt(text: str) -> str:
    return PREFIX + fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(value: str) -> str:
    """Decrypt a stored value; plain values (written before encryption was enabled) pass through."""
    if not value.startswith(PREFIX):
        return value
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("Stored text cannot be decrypted with the configured keys.") from exc


def rotate(value: str) -> str:
    """Re-encrypt a stored value under the newest key."""
    if not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode("ascii")).decode("ascii")


def is_current(value: str) -> bool:
    """True when the value is encrypted with the newest key (Fernet tokens do not name their key)."""
    if not value.startswith(PREFIX):
        return False
    primary = Fernet(configured_keys()[0].encode())
    try:
        primary.decrypt(value[len(PREFIX) :].encode("ascii"))
    except InvalidToken:
        return False
    return True
