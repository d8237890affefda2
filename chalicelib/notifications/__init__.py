"""Notifications: SMS and e-mail, queued by the API and delivered by a consumer."""
