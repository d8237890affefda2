"""One module per deployed Lambda function, each importing only the context it serves.

API modules (`api`, `cart`, `visits`, `checkout`, `follow`, `timeline`, `search`, `payments`) expose a Chalice `app`
built by `factory.build`; consumer, schedule and stream modules expose a plain `handler(event, context)` and the
`TRIGGER` (`triggers.py`) that starts it. `app.py` serves every route too and declares every trigger through
`registry.py`, for `chalice local`, the pump, the tests and `chalice package`; `infra/functions.py` turns these
modules into the packaged template.
"""

from chalicelib.core import heap

# First, before any function module's imports: its init loads with the collector off (core/heap.py says why);
# factory.build and priming.at_init, which end every function module's init, turn it back on.
heap.pause()
