"""The QQ login function: both sites' QQ login (the login URL, QQ's callback, binding a new or existing account).

Apart from the accounts function: only this function's role may read QQ's app secret, and neither function builds
the other's schemas in its SnapStart init. No route meets a caller, yet a login or a binding ticket is signed here.
"""

from __future__ import annotations

from chalicelib.functions.factory import build
from chalicelib.oauth.renran_routes import bp as renran_qq
from chalicelib.oauth.routes import bp as oauth

app = build(oauth, renran_qq)
