"""The social feed (seed: renran), one sub-package per concern; `routes.py` is its one blueprint.

follows/          focus status, follow and unfollow, follower lists; the relations and counters tables
articles/         drafts, the publish toggle, timed publishing (schedule + sweeper), how articles are shown
fanout/           the fan-out queue: its messages, consumer and service; inboxes, outboxes, sequence claims
reading/          the home feed, the timeline and its sync, hot articles; the home feed's read marks
recommendations/  the behaviour log (read, like, comment, reward) and item-based CF over it
"""
