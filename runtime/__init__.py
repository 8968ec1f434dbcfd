"""Trunkline's runtime: settings, database, auth, REST API, UI shell, CLI.

It owns the core concepts every feature uses (users, customers, the App namespace, the
audit log) and depends on no feature package.
"""
