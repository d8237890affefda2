"""Shipping addresses: at most 20 per user, one default, soft delete."""
