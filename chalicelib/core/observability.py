"""Powertools Logger, Tracer and Metrics, created once and shared by every module."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "shop"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="Shop", service=SERVICE)

# Most API calls record no metric; an empty flush is normal here, not worth a warning per request.
warnings.filterwarnings("ignore", message="No application metrics to publish")
