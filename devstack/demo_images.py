"""Small real images for the demo data, drawn in code (no binaries in the repository) and put in the media bucket."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import Any

from chalicelib.core.clients import s3_client
from chalicelib.core.settings import get_settings

RGB = tuple[int, int, int]
CACHE_CONTROL = "public, max-age=3600"  # demo keys are rewritten each run, so browsers must look again
PALETTE: list[RGB] = [(231, 76, 60), (46, 134, 193), (39, 174, 96), (243, 156, 18), (142, 68, 173), (22, 160, 133)]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, color: RGB, stripe: RGB = (255, 255, 255)) -> bytes:
    """A valid RGB PNG of `color` with a diagonal stripe, so each demo image is told apart at a glance."""
    rows = []
    for y in range(height):
        pixels = (stripe if abs(x * height - y * width) < max(width, height) * 2 else color for x in range(width))
        rows.append(b"\x00" + b"".join(bytes(p) for p in pixels))  # filter type 0 (None) on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit truecolour, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def sized(keys: Iterable[str], width: int, height: int) -> dict[str, tuple[int, int]]:
    """Each media key of `keys` with one size in pixels (absolute URLs are someone else's images)."""
    return {key: (width, height) for key in keys if key and not key.startswith(("http://", "https://"))}


def upload_images(images: dict[str, tuple[int, int]], s3: Any = None) -> int:
    """Put one PNG per key in the media bucket (same bytes each run); return how many."""
    client = s3 if s3 is not None else s3_client()
    bucket = get_settings().media_bucket
    for index, (key, (width, height)) in enumerate(sorted(images.items())):
        body = png(width, height, PALETTE[index % len(PALETTE)])
        client.put_object(
            Bucket=bucket, Key=key, Body=body, ContentType="image/png", CacheControl="public, max-age=3600"
        )
    return len(images)
