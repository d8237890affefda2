"""The Chalice app: wires the contexts' blueprints, middleware, queue consumers and schedules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from chalice import Chalice, ConvertToMiddleware, Rate
from chalice.app import CloudWatchEvent, DynamoDBEvent, SQSEvent

from chalicelib.addresses.routes import bp as addresses
from chalicelib.areas.routes import bp as areas
from chalicelib.banners import service as banner_cache
from chalicelib.banners.routes import bp as banners
from chalicelib.cart.routes import bp as cart
from chalicelib.catalogue.routes import bp as catalogue
from chalicelib.catalogue.visit_routes import bp as visit
from chalicelib.core.edges import complete
from chalicelib.core.observability import get_tracer, logger, metrics, tracing_enabled
from chalicelib.core.settings import get_settings
from chalicelib.courses.routes import bp as courses
from chalicelib.docs.routes import bp as docs
from chalicelib.feed.articles import timed as feed_timed
from chalicelib.feed.fanout import consumer as feed_fanout
from chalicelib.feed.follows.routes import bp as follows
from chalicelib.feed.reading.routes import bp as reading
from chalicelib.feed.routes import bp as feed
from chalicelib.health.routes import bp as health
from chalicelib.history.routes import bp as history
from chalicelib.media.routes import bp as media
from chalicelib.navigation.routes import bp as navigation
from chalicelib.notifications import consumer as notifications
from chalicelib.oauth.renran_routes import bp as renran_qq
from chalicelib.oauth.routes import bp as oauth
from chalicelib.orders import timeouts as order_timeouts
from chalicelib.orders.checkout_routes import bp as checkout
from chalicelib.orders.routes import bp as orders
from chalicelib.payments.routes import bp as payments
from chalicelib.search import indexer as search_indexer
from chalicelib.search.routes import bp as search
from chalicelib.search.streams import stream_arn
from chalicelib.seckill import consumer as seckill
from chalicelib.seckill.routes import bp as seckill_routes
from chalicelib.specials.routes import bp as specials
from chalicelib.users.renran_routes import bp as renran_users
from chalicelib.users.routes import bp as users
from chalicelib.users.session_routes import bp as user_sessions

app = Chalice(app_name="shop")
# renran's editor posts article images as multipart forms: declared binary, API Gateway hands them over base64-encoded
# (Chalice's raw_body decodes them) instead of as text that would mangle the image's bytes.
app.api.binary_types.append("multipart/form-data")
# Never the whole event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it carries passwords, SMS codes and tokens.
app.register_middleware(ConvertToMiddleware(logger.inject_lambda_context(log_event=False)))
if tracing_enabled():
    app.register_middleware(ConvertToMiddleware(get_tracer().capture_lambda_handler))
app.register_middleware(ConvertToMiddleware(metrics.log_metrics))

for blueprint in (health, users, areas, addresses, banners, courses, catalogue, visit, history, cart, checkout, orders):
    app.register_blueprint(blueprint)
app.register_blueprint(seckill_routes)
app.register_blueprint(user_sessions)
app.register_blueprint(renran_users)
# The slim functions' blueprints (chalicelib/functions/) are registered here too, so chalice local serves them.
for blueprint in (follows, feed, reading):
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

settings = get_settings()


@app.on_sqs_message(queue=settings.queue("notifications"), batch_size=10)
def notifications_consumer(event: SQSEvent) -> dict[str, Any]:
    """Deliver SMS and e-mail; failed records are reported back one by one."""
    return notifications.handle_batch(event.to_dict(), event.context)


@app.schedule(Rate(settings.banner_refresh_minutes, unit=Rate.MINUTES))
def refresh_banner_cache(event: CloudWatchEvent) -> None:
    """Reload the shown banners into the cache (the seed's Celery beat task)."""
    banner_cache.refresh_banner_cache()


@app.on_sqs_message(queue=settings.queue("seckill-orders"), batch_size=10)
def seckill_orders_consumer(event: SQSEvent) -> dict[str, Any]:
    """Place admitted flash-sale orders through checkout's transaction; failed records are retried."""
    return seckill.handle_batch(event.to_dict(), event.context)


@app.on_sqs_message(queue=settings.queue("order-timeouts"), batch_size=10)
def order_timeouts_consumer(event: SQSEvent) -> dict[str, Any]:
    """Cancel orders whose one-time schedule fired while they were still unpaid."""
    return order_timeouts.handle_batch(event.to_dict(), event.context)


@app.schedule(Rate(5, unit=Rate.MINUTES))
def sweep_unpaid_orders(event: CloudWatchEvent) -> None:
    """Backstop for lost schedules: cancel unpaid orders past the timeout, found in a sparse index."""
    order_timeouts.sweep(datetime.now(UTC))


@app.on_sqs_message(queue=settings.queue("feed-fanout"), batch_size=5)
def feed_fanout_consumer(event: SQSEvent) -> dict[str, Any]:
    """Push publications to followers' inboxes, one chunk of followers per record; failed records are retried."""
    return feed_fanout.handle_batch(event.to_dict(), event.context)


@app.schedule(Rate(1, unit=Rate.MINUTES))
def publish_due_articles(event: CloudWatchEvent) -> None:
    """Backstop for lost schedules: publish timed articles that are due, found in a sparse index."""
    feed_timed.sweep(datetime.now(UTC))


# TRIM_HORIZON: a new stack's mapping starts at the stream's oldest record, so nothing written before it is missed.
@app.on_dynamodb_record(stream_arn=stream_arn("skus"), batch_size=100, starting_position="TRIM_HORIZON")
def skus_indexer(event: DynamoDBEvent) -> dict[str, Any]:
    """Index changed SKUs (off-sale and deleted ones removed) in one bulk request; failed records are retried."""
    return search_indexer.handle_batch(event.to_dict(), event.context, "skus")


@app.on_dynamodb_record(stream_arn=stream_arn("articles"), batch_size=100, starting_position="TRIM_HORIZON")
def articles_indexer(event: DynamoDBEvent) -> dict[str, Any]:
    """Index changed articles (private and deleted ones removed) in one bulk request; failed records are retried."""
    return search_indexer.handle_batch(event.to_dict(), event.context, "articles")
