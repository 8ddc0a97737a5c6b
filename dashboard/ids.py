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
    CARD_PREFIX = "home-card-"  # + target id: one card per quantified target
    OTHER_TARGETS = "home-other-targets"  # the plan's non-quantified targets


class Map:
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
    DOWNLOAD = "map-download"
    SUMMARY = "map-summary"
    STATE = "map-state"  # static per page: area, breaks
    LOCATIONS = "map-locations"  # static per page: the map's adcodes, in trace order
    VALUES = "map-values"  # class codes, legend, title of the current selection
    TABLE_KEY = "map-table-key"  # selection key of the table rows shown
    COUNTY = "map-county"  # adcode of the county whose detail is open
    DETAIL = "map-detail"  # the detail panel (offcanvas)
    DETAIL_BODY = "map-detail-body"
    URL_SYNC = "map-url-sync"


class Targets:
    AREA = "targets-area"  # dcc.Store: the plan area's adcode
    URL_SYNC = "targets-url-sync"  # dcc.Store written by the clientside URL callback
    GROUP = "targets-group"  # regional-group filter of the scorecard
    SCORECARD = "targets-scorecard"  # dash-ag-grid county x indicator
    SCORECARD_CSV = "targets-scorecard-csv"  # button
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
    DOWNLOAD = "screening-download"


class Methods:
    pass
