"""Fan-out: publications pushed to followers' inboxes under dense sequence numbers, or pulled from outboxes."""
