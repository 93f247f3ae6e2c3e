"""Credentials for a store that requires them, and an HTTP opener that answers its challenge.

The password never comes from the command line, where other users of the machine can read
it (``ps``) and shells keep it in their history: it comes from the environment variable
``KGTOOL_PASSWORD``, or from the user's netrc file (``$NETRC`` or ``~/.netrc``, the entry
for the endpoint's host). The opener answers both Basic and Digest challenges (Virtuoso's
``/sparql-auth`` asks for Digest), and only for the store's own host and port.
"""

from __future__ import annotations

import netrc
import os
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kgtool.errors import UsageError
from kgtool.i18n.problems import worded

PASSWORD_VARIABLE = "KGTOOL_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str

    def __repr__(self) -> str:  # never print the password, even in a traceback
        return f"Credentials(user={self.user!r}, password=…)"


def netrc_path() -> Path:
    return Path(os.environ.get("NETRC") or Path.home() / ".netrc")


def credentials_for(url: str, user: str | None) -> Credentials | None:
    """The credentials to send to ``url``: ``user`` (or netrc's login) and the password found.

    None when no user is given and netrc has no entry for the host: the store is open.
    """
    host = urllib.parse.urlsplit(url).hostname or ""
    entry: tuple[str, str | None, str] | None = None
    path = netrc_path()
    if path.exists():
        try:
            entry = netrc.netrc(str(path)).authenticators(host)
        except (netrc.NetrcParseError, OSError) as exc:
            raise worded(
                UsageError,
                "endpoint#bad-credentials",
                "endpoint.netrc_unreadable",
                file=str(path),
                path=path,
                detail=exc,
            ) from None
    password = os.environ.get(PASSWORD_VARIABLE)
    if user is None:
        if entry is None:
            return None
        return Credentials(entry[0], password if password is not None else entry[2])
    if password is None and entry is not None and entry[0] == user:
        password = entry[2]
    if password is None:
        raise worded(
            UsageError,
            "endpoint#bad-credentials",
            "endpoint.no_password",
            user=user,
            variable=PASSWORD_VARIABLE,
            path=path,
            host=host,
        )
    return Credentials(user, password)


class _Closing:
    """Closes the 401 answer a handler has replied to (urllib leaves its connection open)."""

    def http_error_401(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        try:
            response = super().http_error_401(req, fp, code, msg, headers)  # type: ignore[misc]
        except BaseException:
            fp.close()
            raise
        if response is not None:
            fp.close()  # answered with a new request: the challenge is done with
        return response


class _Basic(_Closing, urllib.request.HTTPBasicAuthHandler):
    pass


class _Digest(_Closing, urllib.request.HTTPDigestAuthHandler):
    pass


def opener_for(url: str, credentials: Credentials | None) -> urllib.request.OpenerDirector:
    """An opener that answers Basic or Digest challenges of ``url``'s server with ``credentials``."""
    if credentials is None:
        return urllib.request.build_opener()
    parts = urllib.parse.urlsplit(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", credentials.user, credentials.password)
    return urllib.request.build_opener(_Basic(passwords), _Digest(passwords))
