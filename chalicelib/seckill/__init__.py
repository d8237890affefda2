"""Flash sale: admission in one Redis round trip, orders placed by a queue consumer."""
