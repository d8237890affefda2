"""Users: registration, login, profile, e-mail verification, SMS codes."""
