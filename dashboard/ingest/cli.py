"""``python -m dashboard import``: the dry run, commit, publish and withdraw of batches.

    python -m dashboard import FILE [FILE ...]               # dry run: every problem, the quality report
    python -m dashboard import FILE ... --commit             # write a draft batch
    python -m dashboard import FILE ... --commit --publish   # and publish it (administrators)
    python -m dashboard import --publish-batch N | --withdraw N | --discard N | --list
    python -m dashboard import --delete registry_counts.csv [--commit] [--publish]   # delete named keys

The files of one command are one batch (CSV named after their tables, or XLSX with a sheet
per table). ``--user NAME`` acts as that account (its role and units are checked and it is
recorded); without it the command runs with the machine's rights, recorded as
``command line``. ``--replace`` no longer exists: a batch upserts its keys.

Exit codes: 0 done (or a clean dry run; the same file again: nothing changed); 1 refused:
errors in the data or a step not possible in the batch's state (nothing written); 2 usage:
bad options, no such batch; 3 quality warnings not acknowledged (``--accept-warnings``);
4 another load is in progress (after waiting ``--wait`` seconds); 5 not allowed for
``--user``; 6 the database cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sqlalchemy.exc import OperationalError

from dashboard.access.scope import SYSTEM, Scope
from dashboard.i18n import t
from dashboard.infra.db import Database
from dashboard.ingest import batches
from dashboard.ingest.importer import ImportValidationError


def _scope(db: Database, username: str | None, public_view: bool) -> Scope:
    if username is None:
        return SYSTEM
    from dashboard.access import accounts
    from dashboard.access.scope import user_scope

    user = accounts.find_user(db, username)
    if user is None or not user.active:
        raise batches.LoadError("data.not_allowed", 5)
    return user_scope(user.role, accounts.units_of(db, user), username=user.username, public_view=public_view)


def _rows(lang: str, rows: dict[str, int]) -> str:
    return ", ".join(t("data.rows_by_table", lang, table=k, n=v) for k, v in rows.items()) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard import", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="CSV (named <table>.csv) or XLSX files: one batch"
    )
    parser.add_argument("--commit", action="store_true", help="write the batch (a draft) after a clean check")
    parser.add_argument("--publish", action="store_true", help="publish the committed batch (administrators)")
    parser.add_argument("--accept-warnings", action="store_true", help="acknowledge the quality warnings")
    parser.add_argument("--publish-batch", type=int, metavar="N", help="publish draft batch N")
    parser.add_argument("--withdraw", type=int, metavar="N", help="withdraw published batch N")
    parser.add_argument("--discard", type=int, metavar="N", help="discard draft batch N")
    parser.add_argument(
        "--delete", action="store_true", help="the files name keys to delete (a deletion batch)"
    )
    parser.add_argument("--list", action="store_true", help="list the batches")
    parser.add_argument("--user", help="act as this account (its role and units are checked)")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the messages")
    parser.add_argument("--wait", type=float, default=30.0, help="seconds to wait for another load (30)")
    parser.add_argument("--replace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the dry run's problems as JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    from dashboard.infra.config import Settings

    settings = Settings.from_env()
    lang = args.lang or settings.default_language
    if args.replace:
        print("--replace was removed: a batch upserts its keys, and deleting is --delete (named keys).",
              file=sys.stderr)  # fmt: skip
        return 2
    db = Database(settings.database_url)
    try:
        db.create_schema()
        scope = _scope(db, args.user, settings.public_view)
        who = args.user or "command line"
        return _run(db, args, scope, who, lang)
    except batches.LoadError as exc:
        print(t(exc.key, lang, **exc.fmt), file=sys.stderr)
        return exc.exit_code
    except ImportValidationError as exc:
        print(exc.text(lang), file=sys.stderr)
        return 1
    except OperationalError:
        print(t("data.unreachable", lang), file=sys.stderr)
        return 6


def _decide_patterns(db: Database) -> None:
    """The new data version's suppression patterns, decided now rather than on a first page view."""
    from dashboard.infra.config import Settings
    from dashboard.publish.warm import warm_patterns

    warm_patterns(db, Settings.from_env().small_cell_limit)


def _run(db: Database, args: argparse.Namespace, scope: Scope, who: str, lang: str) -> int:
    if args.list:
        for b in batches.list_batches(db, scope):
            print(f"{b['batch_id']:>5}  {t('data.state.' + str(b['state']), lang):<10} {b['kind']:<7} "
                  f"{b['created_at']:%Y-%m-%d %H:%M}  {b['created_by']:<16} {b['file_name'] or ''}  {b['row_counts']}")  # fmt: skip
        return 0
    for flag, step, key in ((args.publish_batch, batches.publish, "data.published"),
                            (args.withdraw, batches.withdraw, "data.withdrawn"),
                            (args.discard, batches.discard, "data.discarded")):  # fmt: skip
        if flag is not None:
            kwargs = {"wait": args.wait} if step is not batches.discard else {}
            step(db, flag, username=who, scope=scope, **kwargs)
            print(t(key, lang, batch=flag))
            if step is not batches.discard:
                _decide_patterns(db)
            return 0
    if not args.files:
        print(
            "usage: python -m dashboard import FILE [FILE ...] [--commit] [--publish]  (--help)",
            file=sys.stderr,
        )
        return 2
    if args.delete:
        return _delete(db, args, scope, who, lang)
    files: list[tuple[str, bytes]] = []
    for path in args.files:
        try:
            files.append((str(path), path.read_bytes()))
        except OSError:
            print(t("data.where.column", lang, table=path.name, column="-",
                    message=t("data.p.file_missing", lang, value=str(path))), file=sys.stderr)  # fmt: skip
            return 2
    result = batches.check(db, files, scope=scope)
    for p in result.problems:
        print(("ERROR " if p.severity == "error" else "WARN  ") + p.text(lang), file=sys.stderr)
    if args.json:
        print(json.dumps(result.report(), ensure_ascii=False, default=str))
    print(
        t("data.cli.summary", lang, errors=len(result.errors), warnings=len(result.warnings)), file=sys.stderr
    )
    if result.errors:
        print(t("data.refused", lang).rstrip(":："), file=sys.stderr)
        return 1
    if not args.commit:
        print(t("data.dry_ok", lang, rows=_rows(lang, result.rows)))
        return 3 if result.warnings and not args.accept_warnings else 0
    batch_id, new = batches.commit(db, result, username=who, accept_warnings=args.accept_warnings, scope=scope,
                                   wait=args.wait)  # fmt: skip
    if not new:
        state = batches.find_batch(db, batch_id)["state"]  # type: ignore[index]
        print(t("data.already", lang, batch=batch_id, state=t(f"data.state.{state}", lang)))
        return 0
    print(t("data.committed", lang, batch=batch_id, rows=_rows(lang, result.rows)))
    if args.publish:
        batches.publish(db, batch_id, username=who, scope=scope, wait=args.wait)
        print(t("data.published", lang, batch=batch_id))
        _decide_patterns(db)
    return 0


def _delete(db: Database, args: argparse.Namespace, scope: Scope, who: str, lang: str) -> int:
    from dashboard.ingest.readers import read_path

    for path in args.files:
        sources, problems = read_path(path)
        if problems:
            for p in problems:
                print(p.text(lang), file=sys.stderr)
            return 1
        for src in sources:
            import pandas as pd

            keys = pd.concat(list(src.chunks), ignore_index=True)
            if not args.commit:
                print(t("data.dry_ok", lang, rows=_rows(lang, {src.table: len(keys)})))
                continue
            batch_id = batches.stage_deletion(
                db, src.table, keys, username=who, scope=scope, file_name=path.name
            )
            print(t("data.committed", lang, batch=batch_id, rows=_rows(lang, {src.table: len(keys)})))
            if args.publish:
                batches.publish(db, batch_id, username=who, scope=scope, wait=args.wait)
                print(t("data.published", lang, batch=batch_id))
                _decide_patterns(db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
