"""Core tortoise models. Feature packages add their own ``models`` modules to the same app."""

from runtime.models.apps import App, AppAssignment, AppVersion, FileRevision, StoreListing
from runtime.models.audit import AuditEntry
from runtime.models.constants import CustomerStatus, PrincipalType, Role
from runtime.models.customers import Customer, CustomerUser
from runtime.models.tokens import RefreshToken, RevokedToken
from runtime.models.users import ApiKey, User

__all__ = [
    "ApiKey",
    "App",
    "AppAssignment",
    "AppVersion",
    "AuditEntry",
    "Customer",
    "CustomerStatus",
    "CustomerUser",
    "FileRevision",
    "PrincipalType",
    "RefreshToken",
    "RevokedToken",
    "Role",
    "StoreListing",
    "User",
]
