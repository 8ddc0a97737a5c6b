"""Shared Dash pieces: the one place both ``layouts/`` and ``callbacks/`` may import.

- :func:`status_chip` — a target status or comparison label (one colour table);
- :func:`definition_box` — the collapsible "definition" next to a number or chart;
- :func:`no_data_notice` — what to load when an area has no data yet;
- :func:`findings_list` — "what the data says" (``id="findings"``);
- :data:`KEYBOARD_GRID_OPTIONS` — a grid is one Tab stop;
- :data:`URL_SYNC_JS` — the one clientside function that writes a page's
  choices back into the address bar (``history.replaceState``).

Nothing here queries the database; it receives ready-made text.
"""

from __future__ import annotations

from components.chips import chip_colours, status_chip
from components.downloads import download_buttons, send_table
from components.findings import findings_list
from components.grids import KEYBOARD_GRID_OPTIONS
from components.notices import definition_box, no_data_notice

__all__ = [
    "KEYBOARD_GRID_OPTIONS",
    "chip_colours",
    "definition_box",
    "download_buttons",
    "findings_list",
    "no_data_notice",
    "send_table",
    "status_chip",
]
