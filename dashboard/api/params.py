"""The API's query strings, checked: every parameter named, single, and one of its values.

A request with a parameter the route does not know, a parameter given twice, or a value
outside what is allowed raises :class:`ApiError` (answered 400 with the parameter, the
value, the allowed values and a message in the request's language). ``lang`` is accepted
by every route (it only chooses the language of names and messages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from werkzeug.datastructures import MultiDict

from dashboard.i18n import LANGUAGES, t

#: Accepted by every route: the language of names and messages.
LANG = "lang"


class ApiError(Exception):  # noqa: N818 - answered as an "error" object
    """A parameter the route cannot use: ``key`` names the message (``api.error.<key>``)."""

    def __init__(
        self, parameter: str, value: object, allowed: Sequence[str] = (), key: str = "invalid"
    ) -> None:
        super().__init__(f"{parameter}: {value!r}")
        self.parameter = parameter
        self.value = value
        self.allowed = tuple(allowed)
        self.key = key

    def body(self, lang: str) -> dict[str, object]:
        """The ``{"error": {...}}`` answer in ``lang``."""
        value = list(self.value) if isinstance(self.value, list | tuple) else self.value
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        message = t(f"api.error.{self.key}", lang, parameter=self.parameter, value=shown,
                    allowed=", ".join(self.allowed))  # fmt: skip
        return {"error": {"parameter": self.parameter, "value": value, "allowed": list(self.allowed),
                          "message": message}}  # fmt: skip


def request_language(args: MultiDict[str, str], default: str) -> str:
    """``?lang=`` when it is a language (a wrong one is reported by :func:`check_names`), else ``default``."""
    asked = args.getlist(LANG)
    return asked[0] if len(asked) == 1 and asked[0] in LANGUAGES else default


def check_names(args: MultiDict[str, str], names: Iterable[str]) -> dict[str, str]:
    """The query as single values, after refusing unknown and repeated parameters and a wrong
    ``lang``. Parameters are reported in the order the route lists them, unknown ones first."""
    known = (*names, LANG)
    unknown = sorted(k for k in args if k not in known)
    if unknown:
        raise ApiError(unknown[0] if len(unknown) == 1 else ",".join(unknown), args.get(unknown[0]),
                       tuple(known), "unknown")  # fmt: skip
    for name in known:
        values = args.getlist(name)
        if len(values) > 1:
            raise ApiError(name, values, (), "repeated")
    if LANG in args and args[LANG] not in LANGUAGES:
        raise ApiError(LANG, args[LANG], LANGUAGES)
    return {k: args[k] for k in args if k != LANG}


def choose(query: Mapping[str, str], name: str, allowed: Sequence[str], default: str | None) -> str:
    """The value of ``name`` if it is one of ``allowed``; ``default`` when absent (None: required)."""
    value = query.get(name)
    if value is None or value == "":
        if default is None:
            raise ApiError(name, value, tuple(allowed), "missing")
        return default
    if value not in allowed:
        raise ApiError(name, value, tuple(allowed))
    return value


__all__ = ["LANG", "ApiError", "check_names", "choose", "request_language"]
