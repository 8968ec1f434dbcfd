"""Credentials: password hashing, API keys, JWTs, CSRF tokens and login throttling."""
