"""Third-party login: QQ's OAuth 2.0 with openid binding."""
