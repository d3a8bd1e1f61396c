"""Errors for bad input: one clear line naming the field and its position."""

from __future__ import annotations


class InputError(ValueError):
    """Input the engine cannot use. ``field`` is a path such as ``contacts[2].at``."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
