"""Every component id in one place.

Ids are grouped by page; a page's layout and its callbacks import the same
constants, so a renamed id cannot silently break a callback.
"""

from __future__ import annotations


class Shell:
    LANG_BUTTON = "shell-lang-button"
    AREA_LINK_PREFIX = "shell-area-link-"  # + adcode
    NAV_LINK_PREFIX = "shell-nav-"  # + page key
    DEMO_BADGE = "shell-demo-badge"
    DUMMY = "shell-dummy"


class Home:
    MAP = "home-map"
    SUMMARY = "home-summary"
    CARDS = "home-cards"
    AREA = "home-area"


class Map:
    pass


class Targets:
    pass


class Screening:
    pass


class Methods:
    pass
