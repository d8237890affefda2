"""The embedded local stack: moto, a real Redis server, the event pump and `chalice local` (not shipped to Lambda)."""
