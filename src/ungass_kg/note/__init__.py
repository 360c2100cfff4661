"""A draft of the Secretariat's note (sections IV-VIII) from the data, every number traced.

``write(store, period, against)`` builds the draft as data (:mod:`.model`); :mod:`.render` turns
it into Markdown or HTML and :mod:`.docx` into a Word document. ``Draft.trace()`` lists every
number with the saved query, parameters, row and column it was read from. See docs/note.md.
"""

from __future__ import annotations

from .draft import FIRST_PARAGRAPH, SECTIONS, write
from .facts import recompute
from .model import Draft

FORMATS = ("docx", "html", "md")

__all__ = ["FIRST_PARAGRAPH", "FORMATS", "SECTIONS", "Draft", "recompute", "write"]
