"""The notices consumers: the behaviour log's and the follows' streams into the authors' aggregated notifications.

A batch is read whole first: its activities' articles (whose author is told, and their titles) and actors are looked
up once for the batch, in one BatchGetItem projected to what a notice shows; then each record's activities are
applied (a consistent BatchGetItem and a TransactWriteItems each, more only when another write to the same recipient
came first). An activity carries its
record's eventID, and applying one leaves a marker in the same transaction: a retried batch or a replayed record
changes nothing twice. A record whose activity could not be applied is reported failed and read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol
from zoneinfo import ZoneInfo

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.settings import get_settings
from chalicelib.feed.articles import tables as article_store
from chalicelib.feed.articles.models import Heading
from chalicelib.feed.notices import activities, repository
from chalicelib.feed.notices.activities import Change
from chalicelib.feed.notices.models import Activity, Actor, group_id
from chalicelib.feed.notices.repository import Notices
from chalicelib.users import repository as user_store
from chalicelib.users.models import Profile

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

Source = Literal["logs", "follows"]
TABLES: dict[Source, str] = {"logs": "feed-logs", "follows": "feed-relations"}


class Lookups(Protocol):
    """Where a batch's articles and actors are read."""

    def read(self, article_ids: set[int], actor_ids: set[int]) -> tuple[dict[int, Heading], dict[int, Profile]]: ...


class _Stores:
    def read(self, article_ids: set[int], actor_ids: set[int]) -> tuple[dict[int, Heading], dict[int, Profile]]:
        articles, users = article_store.TABLE, user_store.TABLE
        request = {articles: [article_store.key(i) for i in article_ids], users: [user_store.key(i) for i in actor_ids]}
        # One request for both tables, eventually consistent: a notice may show a title or a name a moment old. The
        # recipient's notices stay a read of their own, consistent and per activity (repository.apply): the
        # recipient is known only from this read, and its markers and counts must be the latest.
        found = raw.batch_get(
            {table: keys for table, keys in request.items() if keys},
            options={articles: raw.projection(article_store.HEADING), users: raw.projection(user_store.PROFILE)},
        )
        headings = map(article_store.heading_of, found.get(articles, []))
        profiles = map(user_store.profile_of, found.get(users, []))
        return {h.article_id: h for h in headings}, {p.user_id: p for p in profiles}


def changes_of(record: DynamoDBRecord, source: Source) -> list[Change]:
    """The activities one stream record shows."""
    stream, event_id = record.dynamodb, record.event_id
    if stream is None or event_id is None:
        return []
    if source == "follows":
        return activities.from_follow(event_id, record.raw_event.get("eventName"), stream.new_image)
    return activities.from_log(event_id, stream.old_image, stream.new_image)


def resolve(changes: list[Change], lookups: Lookups) -> dict[str, Activity]:
    """The activities to apply by event id: each with its recipient and actor; none of one's own actions."""
    found, people = lookups.read(
        {c.article_id for c in changes if c.article_id is not None}, {c.actor_id for c in changes}
    )
    resolved: dict[str, Activity] = {}
    for change in changes:
        article = found.get(change.article_id) if change.article_id is not None else None
        recipient = article.author_id if article is not None else change.recipient_id
        profile = people.get(change.actor_id)
        if recipient is None or profile is None or recipient == change.actor_id:
            continue  # an article or actor gone since, or the author's own action
        actor = Actor(profile.user_id, profile.username, profile.nickname, profile.avatar)
        title = article.title if article is not None else None
        resolved[change.event_id] = Activity(
            change.event_id, change.verb, actor, recipient, change.article_id, title, change.at, change.count
        )
    return resolved


def _sequence(record: DynamoDBRecord) -> str | None:
    return record.dynamodb.sequence_number if record.dynamodb else None


def handle_batch(
    event: dict[str, Any],
    context: Any,
    source: Source,
    *,
    notices: Notices = repository,
    lookups: Lookups | None = None,
) -> dict[str, Any]:
    """Apply a batch of one source's stream records; the failed records' sequence numbers for Lambda."""
    # Imported on first batch: the API functions never pay for the batch utility.
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
    from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

    zone = ZoneInfo(get_settings().business_timezone)
    records = [DynamoDBRecord(raw) for raw in event.get("Records", [])]
    planned = {_sequence(record): changes_of(record, source) for record in records}
    every = [change for changes in planned.values() for change in changes]
    # A lookup failing fails the batch whole: nothing was applied yet, and Lambda reads it again.
    resolved = resolve(every, lookups or _Stores()) if every else {}

    def record_handler(record: DynamoDBRecord) -> None:
        for change in planned.get(_sequence(record), []):
            activity = resolved.get(change.event_id)
            if activity is not None:
                notices.apply(activity, group_id(activity.verb, activity.article_id, activity.at, zone))

    processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
    return dict(
        process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
    )
