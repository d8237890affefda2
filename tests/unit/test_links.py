"""Media keys become URLs that name exactly their object, whatever characters a stored key holds."""

from __future__ import annotations

import pytest

from chalicelib.core.links import media_url
from chalicelib.core.settings import get_settings


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("media/banner/banner1.png", "media/banner/banner1.png"),
        ("/media/skus/1.png", "media/skus/1.png"),
        ('media/x"onerror="alert(1).png', "media/x%22onerror%3D%22alert%281%29.png"),
        ("media/a b<c>.png", "media/a%20b%3Cc%3E.png"),
        ("media/p.png?v=1#frag", "media/p.png%3Fv%3D1%23frag"),
        ("media/100%.png", "media/100%25.png"),
    ],
)
def test_a_key_is_percent_encoded_under_the_media_base(key, path):
    assert media_url(key) == f"{get_settings().media_base()}/{path}"


def test_an_absolute_url_is_kept_as_staff_gave_it():
    assert media_url("https://cdn.example/a.png") == "https://cdn.example/a.png"
