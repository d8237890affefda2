"""The API function for every route no slimmer function serves, and for unknown paths (404)."""

from __future__ import annotations

from chalicelib.addresses.routes import bp as addresses
from chalicelib.areas.routes import bp as areas
from chalicelib.banners.routes import bp as banners
from chalicelib.catalogue.routes import bp as catalogue
from chalicelib.courses.routes import bp as courses
from chalicelib.docs.routes import bp as docs
from chalicelib.feed.routes import bp as feed
from chalicelib.functions.factory import build
from chalicelib.health.routes import bp as health
from chalicelib.history.routes import bp as history
from chalicelib.media.routes import bp as media
from chalicelib.navigation.routes import bp as navigation
from chalicelib.orders.routes import bp as orders
from chalicelib.seckill.routes import bp as seckill
from chalicelib.specials.routes import bp as specials
from chalicelib.users import principals

principals.wire()
app = build(
    docs,
    health,
    areas,
    addresses,
    banners,
    courses,
    catalogue,
    history,
    orders,
    seckill,
    feed,
    media,
    navigation,
    specials,
)
