"""Errors a user can act on.

Every failure that a person can fix (a bad file, an unreachable endpoint, a missing
store) is raised as a :class:`UserError` carrying one clear line; the CLI prints it and
exits with its code, the web app turns it into an HTTP status. No tracebacks for users.
"""

from __future__ import annotations

import errno


class UserError(Exception):
    """A failure the user can fix. ``exit_code`` 2 = unusable input or environment."""

    exit_code = 2
    http_status = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(UserError):
    """A file or request body that cannot be read (syntax, format, size)."""


class TooLarge(InputError):
    """Input over one of the caps (size, rows, triples, nesting): refused before it is read in full."""

    http_status = 413


class StoreError(UserError):
    """The store cannot be opened, reached or written."""

    http_status = 503


class StoreInUse(StoreError):
    """The embedded store is held by another process (a running ``serve``, or a long command)."""


class QueryError(UserError):
    """A SPARQL query that is malformed or refused."""


class NotAcceptable(UserError):
    """No representation we offer fits what the client accepts (HTTP 406)."""

    http_status = 406


class UnsupportedMediaType(UserError):
    """A request body of a type we do not read (HTTP 415)."""

    http_status = 415


class QueryTimeout(UserError):
    """A query that ran past its time limit and was stopped."""

    http_status = 503


def no_space(e: BaseException) -> bool:
    """An error saying the disk (or quota) is full; RocksDB's errors carry it only in their text."""
    return getattr(e, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left" in str(e)
