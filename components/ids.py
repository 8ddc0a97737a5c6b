"""Every component id in one place.

Ids are grouped by page; a page's layout and its callbacks import the same
constants, so a renamed id cannot silently break a callback.
"""

from __future__ import annotations


class Shell:
    LANG_BUTTON = "shell-lang-button"
    AREA_LINK = "shell-area-link"  # pattern id {"type": AREA_LINK, "area": adcode}
    NAV_LINK_PREFIX = "shell-nav-"  # + page key
    DEMO_BADGE = "shell-demo-badge"
    DUMMY = "shell-dummy"
    UNAVAILABLE = (
        "shell-db-unavailable"  # the "database cannot be reached" notice (assets/app/shell.js polls)
    )
    LOGIN = "shell-login"  # links of accounts (dashboard.access)
    LOGOUT = "shell-logout"
    USER = "shell-user"
    ADMIN = "shell-admin"
    DATA = "shell-data"  # /data (roles that may load)


class Home:
    EXPORT_PPTX = "home-export-pptx"
    MAP = "home-map"
    OPEN_COUNTY = "home-open-county"  # dcc.Store written by the clientside click-through
    SUMMARY = "home-summary"
    CARDS = "home-cards"
    AREA = "home-area"
    CARD_PREFIX = "home-card-"  # + target id: one card per quantified target
    OTHER_TARGETS = "home-other-targets"  # the plan's non-quantified targets


class Map:
    PROFILE_LINK = "map-detail-profile-link"
    MEASURE = "map-measure"
    SITE = "map-site"
    SEX = "map-sex"
    RATE = "map-rate"
    YEAR = "map-year"
    METHOD = "map-method"
    CLASSES = "map-classes"
    GRAPH = "map-graph"
    BARS = "map-bars"
    TABLE = "map-table"
    CSV_BUTTON = "map-csv-button"
    XLSX_BUTTON = "map-xlsx-button"
    DOWNLOAD = "map-download"
    SUMMARY = "map-summary"
    STATE = "map-state"  # static per page: area, breaks
    MAP_KEY = "map-values-key"  # selection key of the values the map shows
    TABLE_KEY = "map-table-key"  # selection key of the table rows shown
    TABLE_WANTED = "map-table-wanted"  # key of a selection whose table follows on its own (national)
    TABLE_COLUMNS = "map-table-columns"  # the grid's columns when a choice changes them
    TABLE_ROWS = "map-table-rows"  # the rows of the current selection (map tooltips, grid)
    GRID_DONE = "map-grid-done"  # selection key of the rows the grid shows (after the map)
    COUNTY = "map-county"  # adcode of the county whose detail is open
    DETAIL = "map-detail"  # the detail panel (offcanvas)
    DETAIL_BODY = "map-detail-body"
    URL_SYNC = "map-url-sync"
    HEADING = "map-heading"  # the page heading, follows the measure
    HEADINGS = "map-headings"  # dcc.Store: the heading of each measure
    #: What one changed choice answers with (one request): the map's Patch and its key, the
    #: table's rows, its columns when they change, the rows' key, and the key of a table that
    #: follows apart (the national layer).
    CHANGE = ((GRAPH, "figure"), (MAP_KEY, "data"), (TABLE_ROWS, "data"), (TABLE_COLUMNS, "data"),
              (TABLE_KEY, "data"), (TABLE_WANTED, "data"))  # fmt: skip


class Targets:
    AREA = "targets-area"  # dcc.Store: the plan area's adcode
    URL_SYNC = "targets-url-sync"  # dcc.Store written by the clientside URL callback
    GROUP = "targets-group"  # regional-group filter of the scorecard
    SCORECARD = "targets-scorecard"  # dash-ag-grid county x indicator
    SCORECARD_CSV = "targets-scorecard-csv"  # button
    SCORECARD_XLSX = "targets-scorecard-xlsx"  # button
    SCORECARD_DOWNLOAD = "targets-scorecard-download"
    INDICATOR = "targets-indicator"
    COUNTIES = "targets-counties"
    STATUS = "targets-status"  # the chosen indicator's status line
    DEFINITION = "targets-definition"
    TREND = "targets-trend"
    RANKING = "targets-ranking"
    FUNNEL = "targets-funnel"
    COUNTY_TABLE = "targets-county-table"
    COUNTY_CSV = "targets-county-csv"  # button
    COUNTY_XLSX = "targets-county-xlsx"  # button
    COUNTY_DOWNLOAD = "targets-county-download"


class Screening:
    AREA = "screening-area"  # dcc.Store: the plan area's adcode
    URL_SYNC = "screening-url-sync"  # dcc.Store written by the clientside URL callback
    PROGRAMME = "screening-programme"
    YEAR = "screening-year"
    COUNTY = "screening-county"  # focus county: cascade + highlight
    COUNTIES = "screening-counties"  # counties of the small multiples (empty = all)
    SUMMARY = "screening-summary"
    COVERAGE_TREND = "screening-coverage-trend"
    COVERAGE_MULTIPLES = "screening-coverage-multiples"
    CASCADE = "screening-cascade"
    EARLY_COUNTY = "screening-early-county"
    EARLY_PROGRAMME = "screening-early-programme"
    FUNNEL = "screening-funnel"
    MATRIX = "screening-matrix"
    MAP = "screening-map"
    TWO_CANCER = "screening-two-cancer"
    TABLE_CHOICE = "screening-table-choice"
    TABLE = "screening-table"
    DOWNLOAD_BUTTON = "screening-download-button"
    XLSX_BUTTON = "screening-xlsx-button"
    DOWNLOAD = "screening-download"


class Methods:
    ROOT = "methods-root"
    TOC = "methods-toc"
    STANDARDS_TABLE = "methods-standards-table"
    EXAMPLE_TABLE = "methods-example-table"
    EXAMPLE_RESULTS = "methods-example-results"
    EXAMPLE_CELL_PREFIX = "methods-example-"  # + rate, se, lower, upper, tiwari_upper, crude...
    SUPPRESS_BELOW = "methods-suppress-below"
    SMALL_CELL_LIMIT = "methods-small-cell-limit"
    SMALL_CELL_LABEL = "methods-small-cell-label"
    QUALITY_TABLE = "methods-quality-table"
    INDICATORS_TABLE = "methods-indicators-table"
    SCROLL = "methods-scroll"  # clientside: scroll to the URL's #anchor once the page is drawn
    # Section anchors: other pages link to f"/methods#{Methods.ANCHOR_ASR}" etc.
    ANCHOR_AGE_GROUPS = "age-groups"
    ANCHOR_STANDARDS = "standards"
    ANCHOR_SITES = "sites"
    ANCHOR_ASR = "asr"
    ANCHOR_CRUDE = "crude"  # sub-sections of "asr"
    ANCHOR_DIRECT = "direct"
    ANCHOR_TRUNCATED = "truncated"
    ANCHOR_CUMULATIVE = "cumulative"
    ANCHOR_EXAMPLE = "worked-example"  # in "ci"
    ANCHOR_RANKS = "rank-intervals"  # in "funnel"
    INDICATOR_ROW_PREFIX = "indicator-"  # + indicator key: /methods#indicator-awareness
    ANCHOR_CI = "ci"
    ANCHOR_SUPPRESSION = "suppression"
    ANCHOR_APC = "apc"
    ANCHOR_FUNNEL = "funnel"
    ANCHOR_QUALITY = "quality"
    ANCHOR_TARGETS = "targets"
    ANCHOR_INDICATORS = "indicators"
    ANCHOR_SCREENING = "screening"
    ANCHOR_DATA = "data"
    ANCHOR_REFERENCES = "references"
    ANCHORS = (ANCHOR_AGE_GROUPS, ANCHOR_STANDARDS, ANCHOR_SITES, ANCHOR_ASR, ANCHOR_CI,
               ANCHOR_SUPPRESSION, ANCHOR_APC, ANCHOR_FUNNEL, ANCHOR_QUALITY, ANCHOR_TARGETS,
               ANCHOR_INDICATORS, ANCHOR_SCREENING, ANCHOR_DATA, ANCHOR_REFERENCES)  # fmt: skip


class County:
    AREA = "county-area"  # dcc.Store: the plan area's adcode
    COUNTY = "county-county"  # dcc.Store: the county's adcode
    PICKER = "county-picker"  # dropdown of the area's counties (navigates)
    NAVIGATE = "county-navigate"  # dcc.Store written by the clientside navigation callback
    HEADER = "county-header"
    SPINE = "county-spine"  # the spine chart (dcc.Graph)
    DECK = "county-deck"  # link: the county's slides (/export/county.pptx)
    SPINE_TABLE = "county-spine-table"  # the indicator table beside it
    RATES_TABLE = "county-rates-table"
    PEERS_TABLE = "county-peers-table"
    CSV_BUTTON = "county-csv-button"
    XLSX_BUTTON = "county-xlsx-button"
    DOWNLOAD = "county-download"
