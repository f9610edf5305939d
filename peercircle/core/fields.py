"""Model fields for sensitive text: encrypted at rest, plain in Python."""

from __future__ import annotations

from typing import Any

from django.db import models

from peercircle.core import crypto

# Every model field that holds encrypted text registers here, so key rotation and erasure can find them.
ENCRYPTED_FIELDS: list[tuple[type[models.Model], str]] = []


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A TextField stored as Fernet ciphertext. It cannot be searched or ordered in SQL by design.

    `max_length` is enforced on the plain text (forms and validation), not on the stored ciphertext.
    """

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        # Historical models built by migrations live in the "__fake__" module: not the real tables' owners.
        if not cls._meta.abstract and cls.__module__ != "__fake__" and (cls, name) not in ENCRYPTED_FIELDS:
            ENCRYPTED_FIELDS.append((cls, name))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
