"""Grid options every dash-ag-grid shares.

:data:`KEYBOARD_GRID_OPTIONS` makes a grid one Tab stop (issue 14, item 7): Tab leaves the
grid from a header or a cell instead of walking every one of them (the arrows move inside,
as in any ARIA grid), so a keyboard reaches the controls after it. Enter on a focused cell
acts as a click (``assets/app/keyboard.js``), so a row opens from the keyboard.
"""

from __future__ import annotations

KEYBOARD_GRID_OPTIONS: dict[str, object] = {
    "tabToNextCell": {"function": "false"},
    "tabToNextHeader": {"function": "false"},
}
