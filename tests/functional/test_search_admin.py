"""`python -m infra.admin reindex`: an index rebuilt from its table with progress, off-sale SKUs left out."""

from __future__ import annotations

import pytest
from chalice.test import Client

from devstack.catalogue_factories import make_category, make_skus
from infra import admin
from tests.factories import call, make_user
from tests.functional.search_helpers import han_word, refresh


def test_reindex_recreates_the_index_from_the_table_and_leaves_off_sale_skus_out(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    word = han_word()
    on_sale, off_sale = make_skus(make_category(), {"name": f"{word} 一号"}, {"name": f"{word} 二号"})
    staff = make_user(is_staff=True)["token"]
    assert call(client, "PUT", f"/admin/skus/{off_sale}/", {"is_launched": False}, staff)[0] == 200

    said = admin.main(["reindex", "skus", "--recreate"])
    refresh("skus")

    assert said.startswith("skus: ") and "not searchable" in said
    assert "skus:" in capsys.readouterr().out, "progress is printed as it goes"
    assert [s["id"] for s in client.http.get(f"/search/?q={word}").json_body] == [on_sale]


def test_reindex_all_rebuilds_both_indexes() -> None:
    said = admin.main(["reindex", "all"])

    assert said.startswith("skus: ") and "; articles: " in said
