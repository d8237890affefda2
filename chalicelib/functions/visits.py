"""The visit count function: POST /detail/visit/{category_id}/, one DynamoDB write."""

from __future__ import annotations

from chalicelib.catalogue.visit_routes import bp as visit
from chalicelib.functions.factory import build

app = build(visit, anonymous=True)  # a counter anyone may bump: no login checked or signed
