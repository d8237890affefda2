"""The Chalice app: wires the contexts' blueprints, middleware, queue consumers and schedules."""

from __future__ import annotations

from typing import Any

from chalice import Chalice, ConvertToMiddleware, Rate
from chalice.app import CloudWatchEvent, SQSEvent

from chalicelib.addresses.routes import bp as addresses
from chalicelib.areas.routes import bp as areas
from chalicelib.cart.routes import bp as cart
from chalicelib.catalogue.routes import bp as catalogue
from chalicelib.core.observability import get_tracer, logger, metrics, tracing_enabled
from chalicelib.core.settings import get_settings
from chalicelib.courses.routes import bp as courses
from chalicelib.health.routes import bp as health
from chalicelib.history.routes import bp as history
from chalicelib.home import service as banners
from chalicelib.home.routes import bp as home
from chalicelib.notifications import consumer as notifications
from chalicelib.users.routes import bp as users

app = Chalice(app_name="shop")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context))
if tracing_enabled():
    app.register_middleware(ConvertToMiddleware(get_tracer().capture_lambda_handler))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics))

for blueprint in (health, users, areas, addresses, home, courses, catalogue, history, cart):
    app.register_blueprint(blueprint)

settings = get_settings()


@app.on_sqs_message(queue=settings.queue("notifications"), batch_size=10)
def notifications_consumer(event: SQSEvent) -> dict[str, Any]:
    """Deliver SMS and e-mail; failed records are reported back one by one."""
    return notifications.handle_batch(event.to_dict(), event.context)


@app.schedule(Rate(settings.banner_refresh_minutes, unit=Rate.MINUTES))
def refresh_banner_cache(event: CloudWatchEvent) -> None:
    """Reload the shown banners into the cache (the seed's Celery beat task)."""
    banners.refresh_banner_cache()
