"""``--lang``: the language of a command's messages, its report and its error line.

The option remembers its value in the click context's ``meta`` (shared by a command and its
group), so the group that prints a :class:`~ungass_kg.errors.UserError` prints it in that language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import click

from .. import i18n
from ..errors import UserError

F = TypeVar("F", bound=Callable[..., object])
META_KEY = "ungass_kg.lang"


def _remember(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[META_KEY] = value
    return value


def lang_option(help_text: str) -> Callable[[F], F]:
    # eager: read before the other arguments, so an error raised while reading them is in the language too
    return click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default=i18n.DEFAULT, show_default=True,
                        is_eager=True, callback=_remember, help=help_text)


def error_line(ctx: click.Context, err: UserError) -> str:
    """``error: ...`` in the command's ``--lang`` (English when it has none)."""
    lang = ctx.meta.get(META_KEY, i18n.DEFAULT)
    if lang == i18n.DEFAULT:
        return f"error: {err}"
    return i18n.gettext_for(lang)(i18n.N_("error: %(error)s"), error=err.line(lang))
