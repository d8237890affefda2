"""Follows: the focus status, follow and unfollow, follower and followee lists, and the users' counters."""
