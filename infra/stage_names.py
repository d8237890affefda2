"""Physical names per stage, so two stages' stacks can live in one account and region.

The template names its tables, queues and search engine literally (`shop-users`, `shop-notifications`,
`shop-search`). A stage other than `dev` gets its stage in every such name (`shop-prod-users`) and the functions'
TABLE_PREFIX/QUEUE_PREFIX to match; `dev` keeps the bare `shop-` names, which its deployed tables (retained on
delete) already carry, so renaming them would strand its data.
"""

from __future__ import annotations

import re
from typing import Any

Json = dict[str, Any]
PREFIX = "shop-"
UNCHANGED = "dev"
# Short and lower-case: an OpenSearch domain name has at most 28 characters, a serverless policy name 32.
STAGE = re.compile(r"^[a-z][a-z0-9]{0,5}$")
# Where a literal name appears inside a longer string: queue ARNs (`...:shop-x`), table ARNs (`table/shop-x`),
# the search collection, its policies and the search domain (`shop-search`); not the index names inside them
# (`index/shop-search/shop-skus`), which SEARCH_INDEX_PREFIX sets and each stage's own engine holds.
INSIDE = re.compile(r"(?<=:)shop-|(?<=table/)shop-|\bshop-(?=search\b)")
# The one-time schedules' grant (`schedule/default/shop-*`) names the stage in every stage, dev's too, as the
# functions name their schedules (chalicelib/core/schedules.py): a dev grant of `shop-*` would cover prod's.
SCHEDULES = re.compile(r"(?<=schedule/default/)shop-")
PREFIX_VARIABLES = ("TABLE_PREFIX", "QUEUE_PREFIX")
NAMED = {
    "AWS::DynamoDB::Table": "TableName",
    "AWS::SQS::Queue": "QueueName",
    "AWS::OpenSearchServerless::Collection": "Name",
    "AWS::OpenSearchServerless::SecurityPolicy": "Name",
    "AWS::OpenSearchServerless::AccessPolicy": "Name",
    "AWS::OpenSearchService::Domain": "DomainName",
}


def prefix(stage: str) -> str:
    """The prefix of the stage's physical names."""
    if not STAGE.match(stage):
        raise ValueError(f"stage {stage!r}: 1 to 6 lower-case letters or digits, starting with a letter")
    return PREFIX if stage == UNCHANGED else f"{PREFIX}{stage}-"


def _rewrite(value: Any, new: str) -> Any:
    if isinstance(value, str):
        return INSIDE.sub(new, value)
    if isinstance(value, list):
        return [_rewrite(item, new) for item in value]
    if isinstance(value, dict):
        return {key: _rewrite(item, new) for key, item in value.items()}
    return value


def _set_prefixes(environment: Json, new: str) -> None:
    variables = environment.get("Environment", {}).get("Variables", {})
    for name in PREFIX_VARIABLES:
        if name in variables:
            variables[name] = new


def _name_schedules(value: Any, stage: str) -> Any:
    if isinstance(value, str):
        return SCHEDULES.sub(f"{PREFIX}{stage}-", value)
    if isinstance(value, list):
        return [_name_schedules(item, stage) for item in value]
    if isinstance(value, dict):
        return {key: _name_schedules(item, stage) for key, item in value.items()}
    return value


def apply(template: Json, stage: str) -> Json:
    """The template with the stage's names: named resources, ARNs that spell them, the functions' prefixes."""
    new = prefix(stage)
    template["Resources"] = _name_schedules(template["Resources"], stage)
    if new == PREFIX:
        return template
    resources = template["Resources"]
    for logical_id, resource in list(resources.items()):
        properties = resource.get("Properties", {})
        name_property = NAMED.get(resource.get("Type", ""))
        if name_property and str(properties.get(name_property, "")).startswith(PREFIX):
            properties[name_property] = new + properties[name_property].removeprefix(PREFIX)
        resources[logical_id] = _rewrite(resource, new)
        if resource.get("Type") == "AWS::Serverless::Function":
            _set_prefixes(resources[logical_id]["Properties"], new)
    _set_prefixes(template.get("Globals", {}).get("Function", {}), new)
    return template
