"""The disclosure attack's figures for one area (issue 10): hidden cells, cells checked,
narrowest range in whole values, cells pinned and by which route, LPs solved, seconds.

    python benchmarks/bench_disclosure.py [AREA ...]      # default: every plan area

Uses ``DATABASE_URL`` (default: the app's database; the demo is built when it is empty) and
the attacker of ``tests/disclosure.py`` (independent of the suppression engine).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402

from dashboard.infra.bootstrap import prepare_database  # noqa: E402
from dashboard.infra.cache import init_cache  # noqa: E402
from dashboard.infra.config import Settings  # noqa: E402
from tests.disclosure import figure_line, run  # noqa: E402


def main(areas: list[str]) -> None:
    settings = Settings.from_env()
    db = prepare_database(settings)
    server = Flask(__name__)
    init_cache(server, settings.with_(cache_type="SimpleCache"))
    with server.app_context():
        from dashboard.queries.areas import plan_area_codes

        for area in areas or list(plan_area_codes(db)):
            rep = run(db, settings, area)
            print(figure_line(rep))
            print(json.dumps(rep.figures, ensure_ascii=False, default=str))
            for f in rep.failures[:10]:
                print(f"  pinned {f['key']}: truth {f['truth']}, {f['lo']:g}..{f['hi']:g} via {f['route']}")


if __name__ == "__main__":
    main(sys.argv[1:])
