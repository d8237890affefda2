"""Specials (renran's 专题): curated topics that staff create and name managers for; managers add public articles."""
