"""A Babel extractor for the shapes: each ``sh:description`` (a template column's help) is a
catalog entry, so the template's Help sheet shows it in the workbook's language (babel.cfg)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

# a Turtle string after sh:description, without a language tag or tagged @en
_DESCRIPTION = re.compile(r'sh:description\s+"((?:[^"\\]|\\.)*)"(?!@(?!en\b))')


def shape_descriptions(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
                       options: Any) -> Iterator[tuple[int, str, str, list[str]]]:
    """(line, function, message, comments) for Babel, one per ``sh:description``."""
    text = fileobj.read().decode("utf-8")
    for m in _DESCRIPTION.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield line, "N_", m.group(1).replace('\\"', '"').replace("\\\\", "\\"), ["a template column's help"]
