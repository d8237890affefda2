"""Neighbourhoods, derived from the behaviour log: per article, who acted on it, each with a copy of their newest logs.

One item per article: `actors` maps a user id to `{t: their latest action on the article, p: their profile}`, the
profile being their THEIR_LOGS newest logs as "article:acted_at:weight" joined by commas. Only the actor's own
stream records write their entries (one SET of a map path each), so writers of different actors never collide.
An item keeps at least the KEEP newest actors: a trim drops only entries with KEEP newer ones beside them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.settings import get_settings
from chalicelib.core.storage import write_if
from chalicelib.feed.recommendations.models import Log

KEEP = 100  # the read takes an article's newest 100 actors (service.ACTORS_PER_ARTICLE)
TRIM_AT = 120  # trims are batched: an item grows to this many entries before one is made


class Neighbour(NamedTuple):
    """An actor on an article: their latest action on it and their newest logs (newest first)."""

    user_id: int
    acted_at: int
    profile: tuple[Log, ...]


def _table() -> str:
    return get_settings().table("feed-neighbours")


def _flags(log: Log) -> int:
    return log.read | log.liked << 1 | log.commented << 2 | log.rewarded << 3


def encode(profile: Iterable[Log]) -> str:
    """A profile as stored: "article:acted_at:flags" joined by commas (flags: read 1, like 2, comment 4, reward 8)."""
    return ",".join(f"{log.article_id}:{log.acted_at}:{_flags(log)}" for log in profile)


def decode(user_id: int, text: str) -> tuple[Log, ...]:
    """The user's stored profile back as logs."""
    logs = []
    for part in filter(None, text.split(",")):
        article_id, acted_at, flags = map(int, part.split(":"))
        bits = [bool(flags >> i & 1) for i in range(4)]
        logs.append(
            Log(user_id, article_id, acted_at, read=bits[0], liked=bits[1], commented=bits[2], rewarded=bits[3])
        )
    return tuple(logs)


def _attribute(user_id: int) -> str:
    return f"u{user_id}"


def _neighbours(item: raw.Raw) -> list[Neighbour]:
    entries = ((name, value["M"]) for name, value in item.items() if name.startswith("u"))
    return [Neighbour(int(name[1:]), int(e["t"]["N"]), decode(int(name[1:]), e["p"]["S"])) for name, e in entries]


def fetch(article_ids: Iterable[int]) -> dict[int, list[Neighbour]]:
    """The neighbourhoods of up to 100 articles in one BatchGetItem (an article nobody acted on has none)."""
    keys = [{"article_id": raw.num(a)} for a in dict.fromkeys(article_ids)]
    if not keys:
        return {}
    found = raw.batch_get({_table(): keys})[_table()]
    return {int(item["article_id"]["N"]): _neighbours(item) for item in found}


def put(article_id: int, user_id: int, acted_at: int, profile: Iterable[Log]) -> None:
    """Set the user's entry on the article (one UpdateItem); trim the item once it has grown past TRIM_AT."""
    answer = raw.client().update_item(
        TableName=_table(),
        Key={"article_id": raw.num(article_id)},
        UpdateExpression="SET #u = :entry",
        ExpressionAttributeNames={"#u": _attribute(user_id)},
        ExpressionAttributeValues={":entry": {"M": {"t": raw.num(acted_at), "p": {"S": encode(profile)}}}},
        ReturnValues="ALL_NEW",
    )
    neighbours = _neighbours(answer.get("Attributes", {}))
    if len(neighbours) > TRIM_AT:
        trim(article_id, neighbours)


def beyond_keep(neighbours: Iterable[Neighbour]) -> list[Neighbour]:
    """The entries with KEEP newer ones beside them."""
    return sorted(neighbours, key=lambda n: (n.acted_at, n.user_id), reverse=True)[KEEP:]


def trim(article_id: int, neighbours: list[Neighbour]) -> bool:
    """Drop the entries beyond the KEEP newest, each only if unchanged since read; False if one had changed.

    An entry with KEEP newer ones beside it can never be among the newest again (latest actions only move
    forward) until its actor acts on the article again, which writes it anew: the condition keeps that write.
    """
    old = beyond_keep(neighbours)
    names = {f"#u{i}": _attribute(n.user_id) for i, n in enumerate(old)}
    values = {f":t{i}": raw.num(n.acted_at) for i, n in enumerate(old)}
    return write_if(
        lambda: raw.client().update_item(
            TableName=_table(),
            Key={"article_id": raw.num(article_id)},
            UpdateExpression="REMOVE " + ", ".join(names),
            ConditionExpression=" AND ".join(f"#u{i}.t = :t{i}" for i in range(len(old))),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )
    )
