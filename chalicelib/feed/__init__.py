"""The social feed (seed: renran), one sub-package per concern; `routes.py` is its one blueprint.

follows/          focus status, follow and unfollow, follower lists; the relations and counters tables
articles/         drafts, the writer's save, sanitised HTML, the publish toggle, timed publishing, how they are shown
collections/      renran's collections (文集): a user's named groups of their articles, the default made on first use
fanout/           the fan-out queue: its messages, consumer and service; inboxes, outboxes, sequence claims
reading/          the home feed, the timeline and its sync, hot articles; the home feed's read marks
recommendations/  the behaviour log (read, like, comment, reward) and item-based CF over it
"""
