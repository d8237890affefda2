"""Aggregated notifications (`/notifications/`): an author told of follows, likes, comments, rewards and 收藏.

Not to be confused with chalicelib/notifications, which sends SMS and e-mail.
"""
