"""Role × route × outcome: forged callbacks and downloads across units and roles.

A private installation (``PUBLIC_VIEW`` off) with one account per role. Every request is
built by hand, as an attacker would, with a valid session and CSRF token: the scope in
the views (``dashboard.access.scope``) must refuse what the account may not read,
whatever the page showed. Outcomes: ``ok`` (200 and the data), ``401`` (anonymous),
``403`` (signed in, not allowed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from components.ids import County, Map, Screening, Targets
from dashboard.infra.db import Database
from tests.access_data import add_users, callback_body, client_for, copy_demo, private_settings, response_json

MAP_CONTROLS = (Map.MEASURE, Map.SITE, Map.SEX, Map.RATE, Map.YEAR, Map.METHOD, Map.CLASSES)
MAP_VALUES = ("incidence", "all", "T", "asr_china", None, "quantile", 5)


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory, demo_db: Database) -> tuple[Any, dict[str, str]]:
    from app import create_app

    root = tmp_path_factory.mktemp("access")
    url = copy_demo(demo_db, root)
    units = add_users(Database(url))
    return create_app(private_settings(url, root)), units


# --- the forged requests ------------------------------------------------------------------------


def map_csv(c: Any, area: str, county: str | None) -> Any:
    body = callback_body([(Map.DOWNLOAD, "data")], [(Map.CSV_BUTTON, "n_clicks", 1), (Map.XLSX_BUTTON, "n_clicks", None)],
                         [*[(i, "value", v) for i, v in zip(MAP_CONTROLS, MAP_VALUES, strict=True)],
                          (Map.STATE, "data", {"area": area, "breaks": []})])  # fmt: skip
    return c.post("/_dash-update-component", json=body)


def map_detail(c: Any, area: str, county: str | None) -> Any:
    body = callback_body([(Map.DETAIL, "is_open"), (Map.DETAIL, "title"), (Map.DETAIL_BODY, "children")],
                         [(Map.COUNTY, "data", county)],
                         [*[(i, "value", v) for i, v in zip(MAP_CONTROLS, MAP_VALUES, strict=True)],
                          (Map.STATE, "data", {"area": area, "breaks": []})])  # fmt: skip
    return c.post("/_dash-update-component", json=body)


def targets_csv(c: Any, area: str, county: str | None) -> Any:
    body = callback_body([(Targets.SCORECARD_DOWNLOAD, "data")], [(Targets.SCORECARD_CSV, "n_clicks", 1), (Targets.SCORECARD_XLSX, "n_clicks", None)],
                         [(Targets.GROUP, "value", None), (Targets.AREA, "data", area)])  # fmt: skip
    return c.post("/_dash-update-component", json=body)


def screening_csv(c: Any, area: str, county: str | None) -> Any:
    body = callback_body([(Screening.DOWNLOAD, "data")], [(Screening.DOWNLOAD_BUTTON, "n_clicks", 1), (Screening.XLSX_BUTTON, "n_clicks", None)],
                         [(Screening.TABLE_CHOICE, "value", "coverage"), (Screening.PROGRAMME, "value", "cervical"),
                          (Screening.YEAR, "value", None), (Screening.COUNTY, "value", None),
                          (Screening.AREA, "data", area)])  # fmt: skip
    return c.post("/_dash-update-component", json=body)


def county_csv(c: Any, area: str, county: str | None) -> Any:
    body = callback_body([(County.DOWNLOAD, "data")], [(County.CSV_BUTTON, "n_clicks", 1), (County.XLSX_BUTTON, "n_clicks", None)],
                         [(County.AREA, "data", area), (County.COUNTY, "data", county)])  # fmt: skip
    return c.post("/_dash-update-component", json=body)


def briefing(c: Any, area: str, county: str | None) -> Any:
    return c.get(f"/export/briefing.pptx?area={area}&lang=zh")


def county_deck(c: Any, area: str, county: str | None) -> Any:
    return c.get(f"/export/county.pptx?area={area}&county={county}&lang=zh")


def page(path: str) -> Any:
    def render(c: Any, area: str, county: str | None) -> Any:
        search = f"?area={area}" + (f"&county={county}" if county else "")
        body = callback_body([("_pages_content", "children"), ("_pages_store", "data")],
                             [("_pages_location", "pathname", path), ("_pages_location", "search", search)], [])  # fmt: skip
        return c.post("/_dash-update-component", json=body)

    render.__name__ = f"page{path.replace('/', '_')}"
    return render


ROUTES = {f.__name__: f for f in (map_csv, map_detail, targets_csv, screening_csv, county_csv, briefing,
                                   county_deck)}  # fmt: skip
ROUTES |= {f.__name__: f for f in (page("/map"), page("/targets"), page("/county"))}

# (account, route, area key, county key, expected); None: anonymous.
# admin_a: area administrator of area A; viewer_b: viewer of area B; manager_a: county data
# manager of county A (one county of area A); nounit: a viewer without a unit.
TABLE: list[tuple[str | None, str, str, str | None, str]] = [
    # anonymous, PUBLIC_VIEW off: nothing
    *[(None, r, "area_a", "county_a", "401") for r in ROUTES],
    # a user without a unit: nothing (default deny)
    *[
        ("nounit", r, "area_a", "county_a", "403")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv", "map_detail", "briefing")
    ],
    ("nounit", "page_targets", "area_a", None, "hidden"),
    # system administrator: everything
    *[
        ("sysadmin", r, a, c, "ok")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv", "map_detail")
        for a, c in (("area_a", "county_a"), ("area_b", "county_b"))
    ],
    ("sysadmin", "page_targets", "area_b", None, "shown"),
    # area administrator of A: A yes, B no
    *[
        ("admin_a", r, "area_a", "county_a", "ok")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv", "map_detail")
    ],
    *[
        ("admin_a", r, "area_b", "county_b", "403")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv", "map_detail", "briefing")
    ],
    ("admin_a", "briefing", "area_a", None, "ok"),
    ("viewer_b", "briefing", "area_b", None, "ok"),
    ("admin_a", "page_map", "area_a", None, "shown"),
    ("admin_a", "page_map", "area_b", None, "hidden"),
    ("admin_a", "page_targets", "area_b", None, "hidden"),
    # viewer of B: B yes, A no
    *[
        ("viewer_b", r, "area_b", "county_b", "ok")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv")
    ],
    *[
        ("viewer_b", r, "area_a", "county_a", "403")
        for r in ("map_csv", "targets_csv", "screening_csv", "county_csv", "map_detail", "briefing")
    ],
    ("viewer_b", "page_targets", "area_a", None, "hidden"),
    ("viewer_b", "page_targets", "area_b", None, "shown"),
    # county data manager of one county of A: that county's profile only
    ("manager_a", "county_csv", "area_a", "county_a", "ok"),
    ("manager_a", "county_csv", "area_a", "county_a2", "403"),
    ("manager_a", "county_csv", "area_b", "county_b", "403"),
    *[
        ("manager_a", r, "area_a", "county_a", "403")
        for r in ("map_csv", "targets_csv", "screening_csv", "map_detail", "briefing")
    ],
    # the county deck (issue 14, item 4): the county profile's scope, checked before the cache
    ("manager_a", "county_deck", "area_a", "county_a", "ok"),
    ("manager_a", "county_deck", "area_a", "county_a2", "403"),
    ("viewer_b", "county_deck", "area_a", "county_a", "403"),
    ("admin_a", "county_deck", "area_b", "county_b", "403"),
    ("manager_a", "page_county", "area_a", "county_a", "shown"),
    ("manager_a", "page_county", "area_a", "county_a2", "hidden"),
    ("manager_a", "page_targets", "area_a", None, "hidden"),
]


def _ids(row: tuple[Any, ...]) -> str:
    return f"{row[0] or 'anonymous'}-{row[1]}-{row[2]}-{row[3]}-{row[4]}"


@pytest.mark.parametrize("row", TABLE, ids=[_ids(r) for r in TABLE])
def test_role_route_outcome(private: tuple[Any, dict[str, str]], row: tuple[Any, ...]) -> None:
    app, units = private
    account, route, area_key, county_key, expected = row
    c = client_for(app, account)
    r = ROUTES[route](c, units[area_key], units[county_key] if county_key else None)
    if expected in {"401", "403"}:
        assert r.status_code == int(expected), (r.status_code, r.data[:200])
        assert units[area_key].encode() not in r.data or route in ("briefing", "county_deck")
        return
    assert r.status_code == 200, (r.status_code, r.data[:300])
    if route in ("briefing", "county_deck"):
        assert r.mimetype.endswith("presentationml.presentation") and r.data[:2] == b"PK"
    elif expected == "ok":
        out = response_json(r)["response"]
        assert out, "a response with data"
        text = str(out)
        assert "content" in text or "is_open" in text
    else:  # a page: the layout shows or hides (the views below still refuse)
        text = str(response_json(r)["response"]["_pages_content"]["children"])
        assert ("access-denied" in text) == (expected == "hidden"), text[:300]


def test_admin_page_by_role(private: tuple[Any, dict[str, str]]) -> None:
    app, _ = private
    r = client_for(app, "sysadmin").get("/admin/users")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert client_for(app, "admin_a").get("/admin/users").status_code == 200
    assert client_for(app, "viewer_b").get("/admin/users").status_code == 403
    assert client_for(app, "manager_a").get("/admin/users").status_code == 403
    assert client_for(app, "nounit").get("/admin/users").status_code == 403
    r = client_for(app, None).get("/admin/users", headers={"Accept": "text/html"})
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_area_admin_sees_and_changes_only_their_users(private: tuple[Any, dict[str, str]]) -> None:
    app, units = private
    c = client_for(app, "admin_a")
    text = c.get("/admin/users").get_data(as_text=True)
    assert 'data-user="manager_a"' in text and 'data-user="admin_a"' in text
    assert 'data-user="viewer_b"' not in text and 'data-user="sysadmin"' not in text
    assert f'value="{units["area_b"]}"' not in text  # no unit of another area on offer
    from dashboard.access import accounts

    db = Database(app.server.config["DASHBOARD_SETTINGS"].database_url)
    other = accounts.find_user(db, "viewer_b")
    r = c.post(
        "/admin/users", data={"action": "reset", "user_id": other.user_id, "password": "another one 123"}
    )
    assert r.status_code == 403
    r = c.post("/admin/users", data={"action": "create", "username": "sneaky", "password": "long enough 1",
                                     "role": "system_admin", "units": [units["area_a"]]})  # fmt: skip
    assert r.status_code == 403
    r = c.post("/admin/users", data={"action": "create", "username": "other_area", "password": "long enough 1",
                                     "role": "viewer", "units": [units["area_b"]]})  # fmt: skip
    assert r.status_code == 403 and accounts.find_user(db, "other_area") is None
    r = c.post("/admin/users", data={"action": "create", "username": "new_viewer_a", "password": "long enough 1",
                                     "role": "viewer", "units": [units["county_a2"]]})  # fmt: skip
    assert r.status_code == 200
    made = accounts.find_user(db, "new_viewer_a")
    assert made is not None and made.units == (units["county_a2"],)
    assert "user_created" in set(accounts.audit_rows(db)["event"])


def test_forms_and_callbacks_need_the_csrf_token(private: tuple[Any, dict[str, str]]) -> None:
    app, units = private
    c = client_for(app, "admin_a")
    del c.environ_base["HTTP_X_CSRF_TOKEN"]
    assert targets_csv(c, units["area_a"], None).status_code == 403  # no token
    c.environ_base["HTTP_X_CSRF_TOKEN"] = "forged"
    assert targets_csv(c, units["area_a"], None).status_code == 403
    c.environ_base["HTTP_X_CSRF_TOKEN"] = c.get_cookie("csrf_token").value
    r = c.post("/_dash-update-component", json={}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert targets_csv(c, units["area_a"], None).status_code == 200
    anon = app.server.test_client()
    anon.get("/login")
    r = anon.post("/login", data={"username": "admin_a", "password": "correct horse battery"})
    assert r.status_code == 403  # a login form without its token


def test_public_view_lets_anonymous_readers_see_published_numbers(tmp_path: Path, demo_db: Database) -> None:
    from app import create_app

    url = copy_demo(demo_db, tmp_path)
    units = add_users(Database(url))
    app = create_app(private_settings(url, tmp_path, public_view=True))
    anon = client_for(app, None)
    for route in (map_csv, targets_csv, screening_csv, county_csv):
        r = route(anon, units["area_b"], units["county_b"])
        assert r.status_code == 200 and "content" in str(response_json(r)["response"])
    nounit = client_for(app, "nounit")  # logging in never shows less than the public sees
    assert targets_csv(nounit, units["area_a"], None).status_code == 200
    r = page("/map")(anon, "china", None)  # the national scale layer is published too
    assert "access-denied" not in str(response_json(r)["response"]["_pages_content"]["children"])


def test_county_level_account_sees_no_other_county(private: tuple[Any, dict[str, str]]) -> None:
    """The county data manager's profile: its picker and peer table name no other county."""
    app, units = private
    from dashboard.queries.areas import counties

    db = Database(app.server.config["DASHBOARD_SETTINGS"].database_url)
    others = [str(c) for c in counties(db, units["area_a"])["adcode"] if str(c) != units["county_a"]]
    r = page("/county")(client_for(app, "manager_a"), units["area_a"], units["county_a"])
    text = str(response_json(r)["response"]["_pages_content"]["children"])
    assert units["county_a"] in text
    assert [c for c in others if f"'{c}'" in text or f"county={c}" in text] == []
    r = page("/county")(
        client_for(app, "admin_a"), units["area_a"], units["county_a"]
    )  # the area's admin: all
    text = str(response_json(r)["response"]["_pages_content"]["children"])
    assert all(f"'{c}'" in text for c in others)
