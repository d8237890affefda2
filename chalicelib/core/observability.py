"""Powertools Logger, Tracer and Metrics, created once and shared by every module."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "shop"

logger = Logger(service=SERVICE)
tracer = Tracer(service=SERVICE)
metrics = Metrics(namespace="Shop", service=SERVICE)
