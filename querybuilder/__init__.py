"""Query Builder: the app-data SQL layer (validator for SQL text; visual specs later)."""

from querybuilder.errors import QueryRejected
from querybuilder.sql_guard import GuardedQuery, SqliteAuthorizer, sqlite_authorizer, validate

__all__ = ["GuardedQuery", "QueryRejected", "SqliteAuthorizer", "sqlite_authorizer", "validate"]
