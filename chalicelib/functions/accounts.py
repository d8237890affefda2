"""The accounts function: registration, login by token or session, profile, e-mail and password (both sites')."""

from __future__ import annotations

from chalicelib.functions.factory import build
from chalicelib.users import principals
from chalicelib.users.renran_routes import bp as renran_users
from chalicelib.users.routes import bp as users
from chalicelib.users.session_routes import bp as user_sessions

principals.wire()
app = build(users, user_sessions, renran_users)
