"""The catalogue: three-level categories with home-page channels, SPUs, SKUs and per-day visit counts."""
