"""infra/admin.py against moto: the first staff user and a catalogue file, each safe to run twice."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from chalicelib.catalogue.category_repository import CategoryModel
from chalicelib.catalogue.repository import SkuModel, SpuModel
from chalicelib.core.passwords import verify_password
from chalicelib.users import repository as users
from devstack.backends import Backends
from infra import admin

ROOT = Path(__file__).resolve().parents[2]


def test_staff_user_is_created_then_kept_staff(services: Backends, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first run creates a staff user with the given password; a second run finds it and keeps it staff."""
    monkeypatch.setenv("ADMIN_PASSWORD", "first-staff-pw")
    assert "created" in admin.main(["staff", "--username", "opsadmin", "--mobile", "13900000017"])
    user = users.find_by_account("opsadmin", by_mobile=False)
    assert user is not None and user.is_staff
    assert verify_password("first-staff-pw", user.password_hash)
    users.set_staff(user.user_id, False)
    assert "already existed" in admin.main(["staff", "--username", "opsadmin", "--mobile", "13900000017"])
    again = users.find_by_account("opsadmin", by_mobile=False)
    assert again is not None and again.is_staff and again.user_id == user.user_id


def test_a_short_password_is_refused(services: Backends, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staff password follows registration's 8-20 rule."""
    monkeypatch.setenv("ADMIN_PASSWORD", "short")
    with pytest.raises(SystemExit):
        admin.main(["staff", "--username", "opsadmin2", "--mobile", "13900000018"])


def test_catalogue_file_loads_and_reloads_to_the_same_items(services: Backends, tmp_path: Path) -> None:
    """Every category, SPU and SKU of the file is written; loading it again leaves the same items."""
    example = json.loads((ROOT / "infra" / "catalogue.example.json").read_text())
    # Ids far from the session's other catalogue data.
    for item in example["categories"]:
        item["id"] += 9_000_000
        item["parent_id"] = item["parent_id"] + 9_000_000 if item.get("parent_id") else None
        # Its own home-page group, so the seed-shape test's group 1 never gains this channel.
        if item.get("group_id"):
            item["group_id"] += 9_000_000
    for kind in ("spus", "skus"):
        for item in example[kind]:
            item["id"] += 9_000_000
            item["category_id"] += 9_000_000
            if "spu_id" in item:
                item["spu_id"] += 9_000_000
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(example))
    assert admin.main(["catalogue", str(path)]) == "loaded 3 categories, 1 spus, 2 skus"
    admin.main(["catalogue", str(path)])
    sku = SkuModel.get(9_000_001)
    assert (sku.stock, str(sku.price), sku.category_id) == (100, "6499.00", 9_000_115)
    assert CategoryModel.get(9_000_115).level == 3
    for model, key in [(SkuModel, 9_000_001), (SkuModel, 9_000_002), (SpuModel, 9_000_001)]:
        model.get(key).delete()
    for key in (9_000_001, 9_000_038, 9_000_115):
        CategoryModel.get(key).delete()


def test_make_deploy_packages_uploads_and_deploys_with_the_parameters() -> None:
    """`make deploy` packages, uploads the zip to the bucket and deploys the stack with IAM capability (dry run)."""
    params = "VpcId=vpc-1 SubnetIds=subnet-a,subnet-b PublicUrl=https://shop.example.com"
    command = ["make", "--no-print-directory", "-n", "deploy", "BUCKET=artifacts", f"PARAMS={params}", "AWS=true"]
    plan = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    steps = [line for line in plan.splitlines() if "cloudformation" in line or "chalice --project-dir" in line]
    assert "chalice --project-dir" in steps[0], "packages first"
    assert "cloudformation package" in steps[1] and "--s3-bucket artifacts" in steps[1]
    assert "cloudformation deploy" in steps[2]
    assert "--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --parameter-overrides " + params in plan


def test_make_deploy_without_a_bucket_stops_before_packaging() -> None:
    """Forgetting BUCKET says so at once instead of packaging first."""
    result = subprocess.run(["make", "--no-print-directory", "deploy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "BUCKET=" in result.stderr and "chalice" not in result.stdout


def test_packaging_without_python_313_says_what_to_install(tmp_path: Path) -> None:
    """Lambda runs python3.13, so packaging needs it: without one, make names it and how to get it."""
    venv = tmp_path / "lambda-venv"
    command = ["make", "--no-print-directory", f"LAMBDA_VENV={venv}", "LAMBDA_PY=/nonexistent/python3.13"]
    result = subprocess.run([*command, f"{venv}/.installed"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "Python 3.13 is needed" in result.stderr and "pyenv install 3.13" in result.stderr
    assert not venv.exists()


def test_off_sale_sets_are_rebuilt_from_the_skus(services: Backends, category: int) -> None:
    """A SKU stored off sale without its category knowing (an older stack) is in the category's set after the run."""
    from devstack.catalogue_factories import stocked_skus

    (sku,) = stocked_skus(category, 1, 5)
    SkuModel(sku).update(actions=[SkuModel.is_launched.set(False)])
    assert sku not in set(CategoryModel.get(category).off_sale or ())
    assert "categories changed" in admin.main(["off-sale"])
    assert sku in {int(i) for i in CategoryModel.get(category).off_sale or ()}
    assert admin.main(["off-sale"]) == "off-sale sets rebuilt: 0 categories changed"  # a second run changes nothing
