"""View modules: one per page, from a parsed selection to ready-made labels, figures and rows (no Dash).

:class:`InvalidSelection` is what a view raises when a request carries values no
control can produce (a forged callback, a hand-edited URL): the app answers such a
request with 400 and the message, never with a server error. :func:`scalar` and
:func:`mapping` are the checks every selection parser starts with.
"""

from __future__ import annotations

from typing import Any


class InvalidSelection(ValueError):
    """A request's values are not a selection any control could make (answered with 400)."""


def scalar(value: Any, name: str) -> str | int | float | None:
    """``value`` if it is a plain text, number or None (what a control sends), else InvalidSelection."""
    if value is None or isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    raise InvalidSelection(f"{name}: expected a single value, got {type(value).__name__}")


def mapping(value: Any, name: str) -> dict[str, Any]:
    """``value`` if it is a dict (or None: an empty one), else InvalidSelection."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise InvalidSelection(f"{name}: expected a mapping, got {type(value).__name__}")


def text_list(value: Any, name: str) -> list[str]:
    """A list of texts (a multi-select's value; None: empty), else InvalidSelection."""
    if value is None:
        return []
    if isinstance(value, list | tuple) and all(isinstance(v, str | int) for v in value):
        return [str(v) for v in value]
    raise InvalidSelection(f"{name}: expected a list of codes")
