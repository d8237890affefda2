"""One module per deployed Lambda function, each importing only the context it serves.

API modules (`api`, `cart`, `visits`, `checkout`, `follow`, `timeline`) expose a Chalice `app` built by
`factory.build`; consumer and schedule modules expose a plain `handler(event, context)`. `app.py` still wires
everything for `chalice local` and the tests; `infra/functions.py` turns these modules into the packaged template.
"""
