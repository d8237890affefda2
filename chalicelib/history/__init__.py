"""Browsing history: a logged-in user's last five distinct SKUs, newest first, in Redis."""
