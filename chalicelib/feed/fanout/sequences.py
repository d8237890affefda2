"""An inbox's sequence numbers, handed out as claims on its head: one UpdateItem takes the next number and
records which delivery took it.

A claim is an attribute of the head named after one delivery (article, publication, follow). Taking the
number and writing the claim are one atomic write, so a delivery that dies before its entry is written, or
is delivered twice, finds its number again: the inbox stays dense (no gap, no repeat) and has no duplicate.
This module's functions are the DynamoDB implementation of `Sequences`.
"""

from __future__ import annotations

from typing import Protocol

from botocore.exceptions import ClientError

from chalicelib.core import raw_dynamodb as raw
from chalicelib.core.storage import condition_failed
from chalicelib.feed.fanout.inboxes import HEAD, TABLE
from chalicelib.feed.fanout.models import Claim

PREFIX = "c_"
COMPACT_EVERY = 64  # every 64th claim on a head looks for stale ones
HARD_CAP = 4000  # claims kept at most, whatever their age (~100 KB of the 400 KB item limit)
_REMOVE_PER_UPDATE = 100  # keeps the update expression far below its 4 KB limit
_US = 1_000_000


class Sequences(Protocol):
    """Where inboxes' sequence numbers are handed out."""

    def claim(self, owner_id: int, name: str) -> Claim: ...
    def compact(self, owner_id: int, stale_before_s: int) -> int: ...


def claim_name(article_id: int, feed_key: int, since_us: int) -> str:
    """The claim of one article publication delivered to one follow (push and backfill agree on it)."""
    return f"{PREFIX}{article_id}_{feed_key}_{since_us}"


def event_seconds(name: str) -> int:
    """When the delivery a claim belongs to arose: the later of the publication and the follow."""
    _, feed_key, since_us = name.removeprefix(PREFIX).split("_")
    return max(int(feed_key), int(since_us)) // _US


def _key(owner_id: int) -> raw.Raw:
    return {"owner_id": raw.num(owner_id), "sequence_id": raw.num(HEAD)}


def claim(owner_id: int, name: str) -> Claim:
    """The inbox's next sequence number for this delivery, or the one it already holds (UPDATED_NEW)."""
    try:
        answer = raw.client().update_item(
            TableName=TABLE,
            Key=_key(owner_id),
            # Both operands read the number before the ADD, so the claim holds the new value.
            UpdateExpression="SET #claim = if_not_exists(#seq, :zero) + :one ADD #seq :one, #held :one",
            ConditionExpression="attribute_not_exists(#claim)",
            ExpressionAttributeNames={"#claim": name, "#seq": "seq", "#held": "claim_count"},
            ExpressionAttributeValues={":zero": raw.num(0), ":one": raw.num(1)},
            ReturnValues="UPDATED_NEW",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
        item, fresh = answer["Attributes"], True
    except ClientError as exc:
        # Not write_if: a refused claim is answered from the item DynamoDB returns with the refusal.
        if not condition_failed(exc):
            raise
        item, fresh = exc.response.get("Item") or _read(owner_id), False
    return Claim(owner_id, int(item[name]["N"]), fresh, int(item.get("claim_count", {"N": "0"})["N"]))


def _read(owner_id: int) -> raw.Raw:
    item: raw.Raw = raw.client().get_item(TableName=TABLE, Key=_key(owner_id), ConsistentRead=True)["Item"]
    return item


def compact(owner_id: int, stale_before_s: int) -> int:
    """Drop claims whose delivery arose before `stale_before_s` (and the oldest beyond HARD_CAP); returns how many."""
    claims = {k: int(v["N"]) for k, v in _read(owner_id).items() if k.startswith(PREFIX)}
    stale = [name for name in claims if event_seconds(name) < stale_before_s]
    kept = sorted(set(claims) - set(stale), key=claims.__getitem__)
    stale += kept[: max(0, len(kept) - HARD_CAP)]
    for start in range(0, len(stale), _REMOVE_PER_UPDATE):
        names = stale[start : start + _REMOVE_PER_UPDATE]
        placeholders = {f"#r{i}": name for i, name in enumerate(names)}
        raw.client().update_item(
            TableName=TABLE,
            Key=_key(owner_id),
            UpdateExpression=f"REMOVE {', '.join(placeholders)} ADD #held :minus",
            ExpressionAttributeNames={**placeholders, "#held": "claim_count"},
            ExpressionAttributeValues={":minus": raw.num(-len(names))},
        )
    return len(stale)
