"""The Chalice app: wires the contexts' blueprints, middleware, queue consumers and schedules."""

from __future__ import annotations

from typing import Any

from chalice import Chalice, ConvertToMiddleware
from chalice.app import SQSEvent

from chalicelib.addresses.routes import bp as addresses
from chalicelib.areas.routes import bp as areas
from chalicelib.core.observability import get_tracer, logger, metrics, tracing_enabled
from chalicelib.core.settings import get_settings
from chalicelib.health.routes import bp as health
from chalicelib.notifications import consumer as notifications
from chalicelib.users.routes import bp as users

app = Chalice(app_name="shop")
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context))
if tracing_enabled():
    app.register_middleware(ConvertToMiddleware(get_tracer().capture_lambda_handler))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics))

for blueprint in (health, users, areas, addresses):
    app.register_blueprint(blueprint)

settings = get_settings()


@app.on_sqs_message(queue=settings.queue("notifications"), batch_size=10)
def notifications_consumer(event: SQSEvent) -> dict[str, Any]:
    """Deliver SMS and e-mail; failed records are reported back one by one."""
    return notifications.handle_batch(event.to_dict(), event.context)
