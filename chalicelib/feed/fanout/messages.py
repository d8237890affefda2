"""The fan-out queue's messages; they are sent with `core.queues.send(QUEUE, message)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BaseModel, Field, TypeAdapter

QUEUE = "feed-fanout"
_US = 1_000_000

Id = Annotated[int, Field(ge=1, le=10**12)]
# How services queue a message: `core.queues.send` itself, or a fake that keeps what it was given.
Sender = Callable[[str, BaseModel], None]


class PublishMessage(BaseModel):
    """Deliver one publication to the author's followers, one chunk of them per message."""

    kind: Literal["publish"] = "publish"
    article_id: Id
    author_id: Id
    feed_key: int = Field(ge=0)
    timed: bool = False  # sent by the article's one-time schedule: publish it first if it is still due
    after: int | None = None  # the chunk starts after this follower id; None for the first chunk

    def event_seconds(self) -> int:
        """When the publication happened."""
        return self.feed_key // _US


class BackfillMessage(BaseModel):
    """Copy an author's latest public articles into a new follower's inbox."""

    kind: Literal["backfill"] = "backfill"
    reader_id: Id
    author_id: Id
    since_us: int = Field(ge=0)

    def event_seconds(self) -> int:
        """When the follow began."""
        return self.since_us // _US


class PromoteMessage(BaseModel):
    """Make an author pulled for every follower (they went over the push threshold), one chunk per message."""

    kind: Literal["promote"] = "promote"
    author_id: Id
    at_s: int = Field(ge=0)
    after: int | None = None

    def event_seconds(self) -> int:
        """When the author was switched to pull."""
        return self.at_s


FanoutMessage = PublishMessage | BackfillMessage | PromoteMessage
fanout_adapter: TypeAdapter[FanoutMessage] = TypeAdapter(Annotated[FanoutMessage, Field(discriminator="kind")])
