"""Callbacks: thin glue (inputs -> query -> transform -> figure).

Each module has ``register(app)``; nothing is registered at import time, so
several apps (tests) can be built in one process.
"""

from __future__ import annotations

import importlib
import pkgutil

from dash import Dash


def register_callbacks(app: Dash) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)
