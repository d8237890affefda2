"""The custom domain's name in the functions' environment, for links when PublicUrl is empty.

infra/resources.json creates the domain and its base path mapping (parameters DomainName and CertificateArn, under
HasCustomDomain); the functions learn the name as CUSTOM_DOMAIN (chalicelib/core/base_url.py), since a link must
name the domain even when its request came in by the API's own execute-api URL.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]
VARIABLE = "CUSTOM_DOMAIN"


def wire(template: Json) -> None:
    """Every function gets CUSTOM_DOMAIN when the stack has a custom domain (none otherwise)."""
    variables = template.setdefault("Globals", {}).setdefault("Function", {}).setdefault("Environment", {})
    variables.setdefault("Variables", {})[VARIABLE] = {
        "Fn::If": ["HasCustomDomain", {"Ref": "DomainName"}, {"Ref": "AWS::NoValue"}]
    }
