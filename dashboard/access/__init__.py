"""Accounts and access (issue #11): who may see which plan areas and counties.

- :mod:`~dashboard.access.scope`: the scope of a request (roles × organisation units) and
  the checks the views and exports call before they read data;
- :mod:`~dashboard.access.passwords`: argon2id hashes and the password rule;
- :mod:`~dashboard.access.accounts`: users, lock-out and the audit table (and the
  ``python -m dashboard users`` command);
- :mod:`~dashboard.access.web`: Flask-Login sessions, /login, /logout, /account/password;
- :mod:`~dashboard.access.admin`: /admin/users;
- :mod:`~dashboard.access.hardening`: CSRF, security headers, request size limit.

No Dash here: the pages only hide what the scope forbids; the scope itself is enforced
below them.
"""
