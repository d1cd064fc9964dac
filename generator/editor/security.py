"""The editor's gate: only this computer's browser, holding the session cookie.

- The Host header must be ``127.0.0.1:PORT`` or ``localhost:PORT``: a page
  on another site that points its own name at 127.0.0.1 (DNS rebinding)
  gets nothing.
- The address printed in the terminal carries a one-time token; the first
  request with it gets an HttpOnly, SameSite=Strict cookie and is sent on
  without the token, so the token in the browser's history opens nothing.
- Every request that can change anything (any method but GET and HEAD) must
  say it comes from the editor's own pages (Origin, else Sec-Fetch-Site);
  another site cannot post to it, even with the cookie.
- Every response forbids outside content (Content-Security-Policy), framing
  and caching, and sends a Referer only to the editor itself.
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qs

from starlette.responses import PlainTextResponse, RedirectResponse

COOKIE = "policypack_editor"
SAFE_METHODS = ("GET", "HEAD")
HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",  # the token never leaves: it is gone from the address after the first load
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}


class Keys:
    """The one-time token and the session secret of one editor run."""

    def __init__(self):
        self.token = secrets.token_urlsafe(24)
        self.secret = secrets.token_urlsafe(32)
        self.used = False

    def exchange(self, token: str) -> bool:
        if self.used or not secrets.compare_digest(token.encode(), self.token.encode()):
            return False
        self.used = True
        return True


class Gate:
    """ASGI middleware applying the rules above to every HTTP request."""

    def __init__(self, app, port: int, keys: Keys, refusals: dict[str, str]):
        self.app = app
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.keys = keys
        self.refusals = refusals  # wording, from templates/editor/pages.yaml

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # lifespan events
            return
        response = self._refusal(scope)
        secured = _Secured(send)
        if response is None:
            await self.app(scope, receive, secured)
        else:
            await response(scope, receive, secured)

    def _refusal(self, scope):
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host not in self.hosts:
            return PlainTextResponse(self.refusals["host"], status_code=421)
        if scope["method"] not in SAFE_METHODS and not _same_origin(headers, host):
            return PlainTextResponse(self.refusals["origin"], status_code=403)
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if scope["path"] == "/" and "token" in query and scope["method"] in SAFE_METHODS:
            if not self.keys.exchange(query["token"][0]):
                return PlainTextResponse(self.refusals["token"], status_code=403)
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(COOKIE, self.keys.secret, httponly=True, samesite="strict", path="/")
            return response
        cookie = _cookie(headers.get("cookie", ""), COOKIE)
        if cookie is None or not secrets.compare_digest(cookie.encode(), self.keys.secret.encode()):
            return PlainTextResponse(self.refusals["cookie"], status_code=403)
        return None


def _same_origin(headers: dict, host: str) -> bool:
    """Whether the browser says the request comes from the editor's own page.

    Browsers send Sec-Fetch-Site (``same-origin``, ``cross-site``...) and
    Origin; Origin may be ``null`` (a form posted under some referrer
    policies), and then Sec-Fetch-Site alone decides.  A request that says
    neither is refused.
    """
    origin, site = headers.get("origin"), headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    if origin not in (None, "null"):
        return origin == f"http://{host}"
    return site == "same-origin"


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class _Secured:
    """Wraps ``send`` to add the security headers to every response."""

    def __init__(self, send):
        self.send = send

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
            message = {**message, "headers": list(message.get("headers", [])) + extra}
        await self.send(message)
