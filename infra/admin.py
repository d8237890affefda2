"""One-shot set-up of a deployed shop: the first staff user, and a catalogue loaded from a JSON file.

Runs on an operator's machine with AWS credentials for the stack's account (no VPC access needed: DynamoDB only).
    AWS_REGION=eu-west-1 .venv/bin/python -m infra.admin staff --username admin --mobile 13800000000
    AWS_REGION=eu-west-1 .venv/bin/python -m infra.admin catalogue infra/catalogue.example.json
    AWS_REGION=eu-west-1 SEARCH_URL=https://… SEARCH_AUTH=sigv4 .venv/bin/python -m infra.admin reindex all
    AWS_REGION=eu-west-1 .venv/bin/python -m infra.admin refunds
    AWS_REGION=eu-west-1 .venv/bin/python -m infra.admin redrive notifications
    AWS_REGION=eu-west-1 .venv/bin/python -m infra.admin off-sale
The password is read from ADMIN_PASSWORD, else asked for (never an argument: shells keep history). Loading a
catalogue writes every item of the file (same ids, same items: running it twice changes nothing); stock is set,
not added. `reindex` rebuilds search indexes from the tables (a new stage, a lost index; `--recreate` for a changed
mapping), printing its progress. `off-sale` rebuilds each category's set of off-sale SKUs from the SKUs (once
after upgrading a stack whose SKUs were taken off sale before categories kept the set; staff's writes keep it
since): list pages read it through the cached category tree, which the next staff catalogue write drops (an
operator's machine cannot reach the VPC's Redis), else within its 24 hours.
TABLE_PREFIX, AWS_ENDPOINT_URL and the SEARCH_* settings work as for the app.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field

from chalicelib.catalogue import category_repository
from chalicelib.catalogue import repository as catalogue_store
from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.core.passwords import hash_password
from chalicelib.search.mapping import IndexName
from chalicelib.users import repository as users
from infra import redrive, refunds


class Category(BaseModel):
    """A category; first-level ones may be a home-page channel (group_id, sequence, url)."""

    id: int = Field(ge=1)
    name: str = Field(min_length=1)
    level: int = Field(ge=1, le=3)
    parent_id: int | None = None
    group_id: int | None = None
    sequence: int | None = None
    url: str | None = None


class Spu(BaseModel):
    """A product."""

    id: int = Field(ge=1)
    category_id: int = Field(ge=1)
    name: str = Field(min_length=1)


class Sku(BaseModel):
    """A sellable item with its price (yuan, two decimals) and stock."""

    id: int = Field(ge=1)
    spu_id: int = Field(ge=1)
    category_id: int = Field(ge=1)
    name: str = Field(min_length=1)
    caption: str = ""
    price: Decimal = Field(gt=0, decimal_places=2)
    stock: int = Field(ge=0)
    default_image_url: str = ""


class Catalogue(BaseModel):
    """The file `catalogue` loads."""

    categories: list[Category]
    spus: list[Spu] = []
    skus: list[Sku] = []


def load_catalogue(catalogue: Catalogue, now: datetime) -> dict[str, int]:
    """Write every category, SPU and SKU of the file in batches; the counts written."""
    with CategoryModel.batch_write() as batch:
        for c in catalogue.categories:
            item = CategoryModel(c.id, name=c.name, level=c.level, parent_id=c.parent_id, group_id=c.group_id)
            item.sequence, item.url = c.sequence, c.url
            batch.save(item)
    with SpuModel.batch_write() as batch:
        for p in catalogue.spus:
            batch.save(SpuModel(p.id, name=p.name, category_id=p.category_id))
    with SkuModel.batch_write() as batch:
        for s in catalogue.skus:
            values = s.model_dump(exclude={"id"})
            # The clock's milliseconds as the version: a reload outranks every earlier write in the search index.
            batch.save(SkuModel(s.id, create_time=now, version=int(now.timestamp() * 1000), **values))
    return {"categories": len(catalogue.categories), "spus": len(catalogue.spus), "skus": len(catalogue.skus)}


def ensure_staff(username: str, mobile: str, password: str) -> tuple[int, bool]:
    """Create the staff user, or make the existing one staff; (user id, whether it was created)."""
    existing = users.find_by_account(username, by_mobile=False)
    if existing is not None:
        users.set_staff(existing.user_id, True)
        return existing.user_id, False
    return users.create_user(username, mobile, hash_password(password), is_staff=True).user_id, True


def reindex(indexes: Sequence[IndexName], recreate: bool) -> str:
    """Rebuild each index from its table, a line of progress per bulk request; what was done."""
    from chalicelib.search.reindex import Rebuilt, rebuild

    def progress(done: Rebuilt) -> None:
        print(f"  {done.index}: {done.scanned} read, {done.written} indexed, {done.skipped} left out", flush=True)

    done = [rebuild(index, recreate=recreate, progress=progress) for index in indexes]
    refused = sum(d.failed for d in done)
    said = "; ".join(f"{d.index}: {d.written} of {d.scanned} indexed ({d.skipped} not searchable)" for d in done)
    if refused:
        raise SystemExit(f"{said}; the engine refused {refused} documents (see the log)")
    return said


def rebuild_off_sale() -> str:
    """Every category's off-sale set made the SKUs' (a Scan of each table); what changed."""
    changed = category_repository.set_off_sale(catalogue_store.off_sale_by_category())
    return f"off-sale sets rebuilt: {changed} categories changed"


def _password() -> str:
    password = os.environ.get("ADMIN_PASSWORD") or getpass.getpass("password for the staff user: ")
    if not 8 <= len(password) <= 20:
        raise SystemExit("the password must have 8 to 20 characters (the API's registration rule)")
    return password


def main(argv: Sequence[str] | None = None) -> str:
    """Run one command; returns (and prints) what it did."""
    parser = argparse.ArgumentParser(prog="python -m infra.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    staff = commands.add_parser("staff", help="create the first staff user (or make an existing user staff)")
    staff.add_argument("--username", required=True)
    staff.add_argument("--mobile", required=True)
    catalogue = commands.add_parser("catalogue", help="load categories, SPUs and SKUs from a JSON file")
    catalogue.add_argument("path", type=Path)
    search = commands.add_parser("reindex", help="rebuild search indexes from the tables, with progress")
    search.add_argument("index", choices=["skus", "articles", "all"])
    search.add_argument("--recreate", action="store_true", help="drop the index first (a changed mapping)")
    move = commands.add_parser("redrive", help="move a queue's dead-letter messages back to the queue")
    move.add_argument("queue", help="logical name: notifications, feed-fanout, seckill-orders, order-timeouts")
    commands.add_parser("refunds", help="list the payments flagged refund_due (paid after their order was cancelled)")
    commands.add_parser("off-sale", help="rebuild each category's set of off-sale SKUs from the SKUs")
    args = parser.parse_args(argv)
    if args.command == "staff":
        user_id, created = ensure_staff(args.username, args.mobile, _password())
        said = f"staff user {args.username} (id {user_id}) {'created' if created else 'already existed: now staff'}"
    elif args.command == "redrive":
        said = redrive.redrive(args.queue)
    elif args.command == "refunds":
        said = refunds.table(refunds.refunds_due())
    elif args.command == "off-sale":
        said = rebuild_off_sale()
    elif args.command == "reindex":
        said = reindex(["skus", "articles"] if args.index == "all" else [args.index], args.recreate)
    else:
        counts = load_catalogue(Catalogue.model_validate(json.loads(args.path.read_text())), datetime.now(UTC))
        said = "loaded " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
    print(said)
    return said


if __name__ == "__main__":
    main()
