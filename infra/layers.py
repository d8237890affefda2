"""Lambda layers: libraries a few functions need that the shared deployment.zip must not hold.

`cryptography` (Alipay's RSA2 signing, chalicelib/payments/signing.py) is a 4.7 MB arm64 wheel, which would take
the zip every function unpacks past its 12 MiB budget; and PyJWT and redis-py import it, x509 and all, whenever it
is importable, so no other function may find it, and the payments function's own init must not either. `make
package` installs requirements-payments.txt into payments-layer.zip under `payments/`, not `python/`: Lambda
mounts a layer at /opt and puts only its `python/` on sys.path, so /opt/payments stays out of reach until the
signing module adds it (the function's environment names it); infra/functions.py adds the layer to every
function whose handler module reaches the module that needs it: the payments function alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from infra.catalog import Function
from infra.usage import usage

Json = dict[str, Any]


@dataclass(frozen=True)
class Layer:
    """One layer: its template resource, its zip beside sam.json, and the module whose reach requires it."""

    resource: str
    content: str
    needed_by: str
    description: str
    directory: str  # the packages' directory inside the zip, mounted at /opt/<directory>
    variable: str  # the environment variable telling the code where that is


PAYMENTS = Layer(
    "PaymentsLayer",
    "payments-layer.zip",
    "chalicelib.payments.signing",
    "cryptography for Alipay's RSA2 signing (requirements-payments.txt)",
    "payments",
    "PAYMENTS_LAYER_DIR",
)
MOUNT = "/opt"  # where Lambda extracts a function's layers
LAYERS = (PAYMENTS,)


def users(layer: Layer, functions: list[Function]) -> list[Function]:
    """The functions whose handler module reaches the layer's module (imports inside functions included)."""
    return [function for function in functions if layer.needed_by in usage(function.module).modules]


def layer_version(layer: Layer, runtimes: list[str], architectures: list[str]) -> Json:
    """The SAM layer resource; its zip is uploaded beside deployment.zip by `aws cloudformation package`."""
    return {
        "Type": "AWS::Serverless::LayerVersion",
        "Properties": {
            # Named per stack: a dev and a prod stack in one account publish versions of two layers, not one.
            "LayerName": {"Fn::Sub": f"${{AWS::StackName}}-{layer.resource}"},
            "Description": layer.description,
            "ContentUri": f"./{layer.content}",
            "CompatibleRuntimes": runtimes,
            "CompatibleArchitectures": architectures,
        },
    }


def wire(template: Json, functions: list[Function]) -> None:
    """Add each layer some function needs, listed in `Layers` of those functions only."""
    resources = template["Resources"]
    for layer in LAYERS:
        needing = users(layer, functions)
        if not needing:
            continue
        properties = [resources[function.resource]["Properties"] for function in needing]
        # The layer's wheels are built for the functions' runtime and architecture (make package's WHEEL_PLATFORM).
        runtimes = sorted({str(p["Runtime"]) for p in properties})
        architectures = sorted({a for p in properties for a in p["Architectures"]})
        resources[layer.resource] = layer_version(layer, runtimes, architectures)
        for function_properties in properties:
            function_properties.setdefault("Layers", []).append({"Ref": layer.resource})
            variables = function_properties.setdefault("Environment", {}).setdefault("Variables", {})
            variables[layer.variable] = f"{MOUNT}/{layer.directory}"
