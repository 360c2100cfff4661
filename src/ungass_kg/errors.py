"""Errors a user can act on.

Every failure that a person can fix (a bad file, an unreachable endpoint, a missing
store) is raised as a :class:`UserError` carrying one clear line; the CLI prints it and
exits with its code, the web app turns it into an HTTP status. No tracebacks for users.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from typing import Self


class Count:
    """A number shown with the language's digit grouping and decimal sign (``25,000``, ``25 000``);
    a plain ``int`` value (a year, a row) is shown as it is."""

    def __init__(self, value: int | float) -> None:
        self.value = value

    def shown(self, lang: str) -> str:
        if lang == "en":  # Python's own formatting: the English lines stay as they always were
            return f"{self.value:,}" if isinstance(self.value, int) else f"{self.value:,.1f}".removesuffix(".0")
        from babel.numbers import format_decimal  # only when an error is shown in another language

        return format_decimal(round(self.value, 1), locale=lang)


class UserError(Exception):
    """A failure the user can fix. ``exit_code`` 2 = unusable input or environment.

    With ``values`` the message and hint are catalog templates (``N_("%(file)s: ...")``) and the
    values their facts (file, row, column, value): the English line is the template filled in, and
    :meth:`line` gives it in any of the six languages with the same facts. Without ``values`` the
    message is English only, in every language.
    """

    exit_code = 2
    http_status = 400

    def __init__(self, message: str, *, hint: str | None = None,
                 values: Mapping[str, object] | None = None) -> None:
        self.template = message if values is not None else None
        self.hint_template = hint if values is not None else None
        self.values = dict(values or {})
        if self.template is not None:
            message, hint = self._filled("en")
        super().__init__(message)
        self.message = message
        self.hint = hint

    def _filled(self, lang: str) -> tuple[str, str | None]:
        assert self.template is not None
        from .i18n import translations

        t = translations(lang)
        shown = {k: v.shown(lang) if isinstance(v, Count) else v for k, v in self.values.items()}
        message = t.gettext(self.template) % shown
        hint = t.gettext(self.hint_template) % shown if self.hint_template else None
        return message, hint

    def line(self, lang: str = "en") -> str:
        """The one line in ``lang`` (English when the message has no template)."""
        if self.template is None or lang == "en":
            return str(self)
        from .i18n import N_, gettext_for

        message, hint = self._filled(lang)
        return gettext_for(lang)(N_("%(error)s (%(hint)s)"), error=message, hint=hint) if hint else message

    def in_language(self, lang: str) -> Self:
        """A copy whose ``message``, ``hint`` and ``str()`` are in ``lang`` (for the web's error pages)."""
        if self.template is None or lang == "en":
            return self
        other = type(self).__new__(type(self))  # not copy.copy: subclasses take other arguments
        other.__dict__.update(self.__dict__)
        other.message, other.hint = self._filled(lang)
        other.args = (other.message,)
        return other

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
