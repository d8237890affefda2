"""The Chalice app: wires the contexts' blueprints, middleware, queue consumers and schedules."""

from __future__ import annotations

from typing import Any

from chalice import Chalice

from chalicelib.addresses.routes import bp as addresses
from chalicelib.areas.routes import bp as areas
from chalicelib.banners.routes import bp as banners
from chalicelib.cart.routes import bp as cart
from chalicelib.catalogue.routes import bp as catalogue
from chalicelib.catalogue.visit_routes import bp as visit
from chalicelib.core.edges import complete
from chalicelib.courses.routes import bp as courses
from chalicelib.docs.routes import bp as docs
from chalicelib.feed.follows.routes import bp as follows
from chalicelib.feed.notices.routes import bp as notices
from chalicelib.feed.reading.routes import bp as reading
from chalicelib.feed.routes import bp as feed
from chalicelib.functions.factory import observe
from chalicelib.functions.registry import register
from chalicelib.health.routes import bp as health
from chalicelib.history.routes import bp as history
from chalicelib.media.routes import bp as media
from chalicelib.navigation.routes import bp as navigation
from chalicelib.oauth.renran_routes import bp as renran_qq
from chalicelib.oauth.routes import bp as oauth
from chalicelib.orders.checkout_routes import bp as checkout
from chalicelib.orders.routes import bp as orders
from chalicelib.payments.routes import bp as payments
from chalicelib.search.routes import bp as search
from chalicelib.seckill.routes import bp as seckill_routes
from chalicelib.specials.routes import bp as specials
from chalicelib.users import principals
from chalicelib.users.renran_routes import bp as renran_users
from chalicelib.users.routes import bp as users
from chalicelib.users.session_routes import bp as user_sessions

app = observe(Chalice(app_name="shop"))
principals.wire()  # authentication reads a caller's standing through the users context
# renran's editor posts article images as multipart forms: declared binary, API Gateway hands them over base64-encoded
# (Chalice's raw_body decodes them) instead of as text that would mangle the image's bytes.
app.api.binary_types.append("multipart/form-data")

for blueprint in (health, users, areas, addresses, banners, courses, catalogue, visit, history, cart, checkout, orders):
    app.register_blueprint(blueprint)
app.register_blueprint(seckill_routes)
app.register_blueprint(user_sessions)
app.register_blueprint(renran_users)
# The slim functions' blueprints (chalicelib/functions/) are registered here too, so chalice local serves them.
for blueprint in (follows, feed, reading, notices):
    app.register_blueprint(blueprint)
app.register_blueprint(oauth)
app.register_blueprint(renran_qq)
app.register_blueprint(payments)
app.register_blueprint(media)
app.register_blueprint(search)
app.register_blueprint(navigation)
app.register_blueprint(specials)
app.register_blueprint(docs)
complete(app)  # after every blueprint: preflights, 405s and the 404 for unknown paths

# The consumers and schedules of chalicelib/functions, each on its module's trigger.
_event_handlers = register(app)


def __getattr__(name: str) -> Any:
    """A consumer or schedule by name: Lambda's handler string (`app.<name>`), the local pump and the tests ask so."""
    try:
        return _event_handlers[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
