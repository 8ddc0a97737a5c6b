"""The dashboard's command line: ``python -m dashboard <command> [options]``.

Commands:

- ``bootstrap [--rebuild]`` — prepare the database (schema, areas, plan files,
  demonstration data on first run); see :mod:`dashboard.infra.bootstrap`;
- ``import FILE …`` — dry run, ``--commit``, ``--publish`` of a batch (exit codes documented there);
  see :mod:`dashboard.ingest.cli`;
- ``users create-admin NAME`` / ``users list`` — the first administrator, the accounts;
  see :mod:`dashboard.access.accounts`.

Each command's own ``--help`` lists its options.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

COMMANDS: dict[str, tuple[str, str]] = {
    "bootstrap": ("dashboard.infra.bootstrap", "prepare the database (schema, areas, plans, demo data)"),
    "import": ("dashboard.ingest.cli", "check, commit, publish or withdraw a batch of CSV/XLSX tables"),
    "users": ("dashboard.access.accounts", "accounts: create-admin NAME (the first administrator), list"),
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args[0] not in COMMANDS:
        lines = [f"  {name:<10} {doc}" for name, (_, doc) in COMMANDS.items()]
        print("usage: python -m dashboard <command> [options]\n\ncommands:\n" + "\n".join(lines))
        return 0 if args and args[0] in {"-h", "--help"} else 2
    import importlib

    module = importlib.import_module(COMMANDS[args[0]][0])
    run: Callable[[list[str]], int] = module.main
    return run(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
