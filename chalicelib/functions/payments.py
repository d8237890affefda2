"""The payments function: Alipay's order and reward payments, their returns and the notification (RSA2 signing).

Its own function because signing needs `cryptography`, which ships in a Lambda layer given to this function alone
(infra/layers.py): the shared deployment.zip stays under its budget, and no other function can import it. Its
SnapStart init imports what signing uses (`signing.preload`), so a restored copy's first payment does not.
"""

from __future__ import annotations

from chalicelib.functions.factory import build
from chalicelib.payments import signing
from chalicelib.payments.routes import bp as payments
from chalicelib.users import principals

principals.wire()
app = build(payments, prepare=(signing.preload,))
