"""The scope of a request: which plan areas and counties its user may read, and more.

A user has one role and organisation units (plan areas or single counties):

=================  ===========================================================
role               may
=================  ===========================================================
viewer             read the published numbers of their units
county_manager     read their county; see its drafts; load its data (#12)
area_admin         everything of their plan area: read, drafts, loading,
                   publishing (#12) and the users of the area
system_admin       everything, every user and the settings of the installation
=================  ===========================================================

A user without a unit gets nothing beyond what anonymous readers get (default deny).
Anonymous readers get the published numbers of every plan area when the ``PUBLIC_VIEW``
setting is on, else nothing. Until drafts exist (issue #12) every loaded number counts
as published; :attr:`Scope.drafts` is where #12 decides who sees unpublished loads.

The views call :func:`require_area` / :func:`require_county` before they read anything,
so a forged callback or download gets :class:`AccessDenied` (401 anonymous, 403 signed
in) whatever the page showed. Outside a request (command line, tests of the core,
benchmarks) the scope is everything: that code runs with the machine's own rights.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ROLES: tuple[str, ...] = ("viewer", "county_manager", "area_admin", "system_admin")
NATIONAL = "china"


class AccessDenied(Exception):  # noqa: N818 - the name says what happened
    """The request's scope does not cover what it asked for."""

    def __init__(self, what: str, *, authenticated: bool) -> None:
        super().__init__(what)
        self.what = what
        self.authenticated = authenticated

    @property
    def status(self) -> int:
        """401 for an anonymous request (log in may help), 403 for a signed-in one."""
        return 403 if self.authenticated else 401


@dataclass(frozen=True)
class Units:
    """A set of organisation units: everything, or plan areas (with all their counties)
    and single counties."""

    everything: bool = False
    areas: frozenset[str] = field(default_factory=frozenset)
    counties: frozenset[str] = field(default_factory=frozenset)

    def covers_area(self, area: str) -> bool:
        """The whole plan area (every county of it); ``"china"`` needs everything."""
        if self.everything:
            return True
        return area != NATIONAL and area in self.areas

    def covers_county(self, area: str, county: str) -> bool:
        """County ``county`` of plan area ``area`` (the caller checked it lies in the area)."""
        return self.covers_area(area) or county in self.counties

    def touches_area(self, area: str) -> bool:
        """The area or at least one county of it may be seen (the caller checks which)."""
        return self.covers_area(area) or bool(self.counties)

    def __or__(self, other: Units) -> Units:
        if self.everything or other.everything:
            return Units(everything=True)
        return Units(areas=self.areas | other.areas, counties=self.counties | other.counties)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.areas or self.counties)


NOTHING = Units()
EVERYTHING = Units(everything=True)


@dataclass(frozen=True)
class Scope:
    """What one request may do. ``read``: published numbers; ``drafts``: unpublished
    loads (issue #12); ``load``: import data; ``manage``: users of these units."""

    read: Units = NOTHING
    drafts: Units = NOTHING
    load: Units = NOTHING
    manage: Units = NOTHING
    authenticated: bool = False
    username: str | None = None
    role: str | None = None

    def require_area(self, area: str) -> None:
        if not self.read.covers_area(area):
            raise AccessDenied(f"area {area}", authenticated=self.authenticated)

    def require_county(self, area: str, county: str) -> None:
        if not self.read.covers_county(area, county):
            raise AccessDenied(f"county {county} of {area}", authenticated=self.authenticated)


#: The machine's own rights (command line, tests of the core).
SYSTEM = Scope(read=EVERYTHING, drafts=EVERYTHING, load=EVERYTHING, manage=EVERYTHING, role="system_admin")


def public_scope(public_view: bool) -> Scope:
    """An anonymous request's scope."""
    return Scope(read=EVERYTHING if public_view else NOTHING)


def split_units(units: Iterable[str], county_codes: Iterable[str]) -> Units:
    """Units from codes: those in ``county_codes`` are single counties, the rest plan areas."""
    counties = set(county_codes)
    codes = set(units)
    return Units(areas=frozenset(codes - counties), counties=frozenset(codes & counties))


def user_scope(role: str, units: Units, *, username: str, public_view: bool) -> Scope:
    """A signed-in user's scope: their role over their units, plus what anyone may read."""
    public = public_scope(public_view).read
    if role == "system_admin":
        return Scope(read=EVERYTHING, drafts=EVERYTHING, load=EVERYTHING, manage=EVERYTHING,
                     authenticated=True, username=username, role=role)  # fmt: skip
    if role not in ROLES or units.empty:
        return Scope(read=public, authenticated=True, username=username, role=role)
    drafts = units if role in {"county_manager", "area_admin"} else NOTHING
    manage = units if role == "area_admin" else NOTHING
    return Scope(read=units | public, drafts=drafts, load=drafts, manage=manage,
                 authenticated=True, username=username, role=role)  # fmt: skip


def current_scope() -> Scope:
    """The scope of the current request (:data:`SYSTEM` outside a request)."""
    from flask import g, has_request_context

    if not has_request_context():
        return SYSTEM
    scope = g.get("access_scope")
    if scope is None:
        from dashboard.access.web import request_scope

        scope = request_scope()
        g.access_scope = scope
    return scope


def require_area(area: str) -> None:
    """Raise :class:`AccessDenied` unless the request may read plan area ``area`` whole."""
    current_scope().require_area(area)


def require_county(area: str, county: str) -> None:
    """Raise :class:`AccessDenied` unless the request may read ``county`` of ``area``."""
    current_scope().require_county(area, county)


def may_read_area(area: str) -> bool:
    """Whether the request may read plan area ``area`` whole (for layouts: hide, don't fail)."""
    return current_scope().read.covers_area(area)


def may_read_county(area: str, county: str) -> bool:
    return current_scope().read.covers_county(area, county)
