"""Cross-cutting pieces: settings, errors, HTTP helpers, auth, clients."""
