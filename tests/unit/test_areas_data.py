"""Area data comes from the GB/T 2260 package and always has three levels."""

from devstack.areas_data import build_areas


def test_tree_has_provinces_cities_and_districts_with_consistent_parents():
    areas = {a["id"]: a for a in build_areas()}
    provinces = areas[0]["subs"]
    assert len(provinces) == 34
    for sub in areas[440000]["subs"]:
        assert areas[sub["id"]]["parent_id"] == 440000
    assert {"id": 440106, "name": "天河区"} in areas[440100]["subs"]


def test_municipality_districts_get_a_city_level():
    areas = {a["id"]: a for a in build_areas()}
    assert areas[110000]["subs"] == [{"id": 110100, "name": "北京市"}]
    assert areas[110101]["parent_id"] == 110100
