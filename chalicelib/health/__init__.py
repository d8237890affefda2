"""Liveness of the backing services."""
