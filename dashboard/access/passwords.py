"""Password hashes (argon2id, argon2-cffi's defaults) and the password rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10

_hasher = PasswordHasher()  # read-only settings object, safe to share
#: Verified against when a username is unknown, so both answers take the same time.
_DUMMY = _hasher.hash("no such user: constant-time answer")


def hash_password(password: str) -> str:
    """An argon2id hash (salted, with its parameters) of ``password``."""
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the ``stored`` hash (None: an unknown user, still hashed)."""
    try:
        return _hasher.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with older parameters (it is renewed at the next login)."""
    try:
        return _hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def password_problem(password: str, username: str = "") -> str | None:
    """The message key of what is wrong with a new password, or None."""
    if len(password) < MIN_LENGTH:
        return "access.password.too_short"
    if username and password.strip().lower() == username.strip().lower():
        return "access.password.is_username"
    if len(set(password)) < 4:
        return "access.password.too_simple"
    return None
