"""Orders: checkout in one transaction, order reads, cancel and pay, the unpaid timeout."""
