"""Authentication (who is calling) and authorisation (what they may do)."""

from runtime.auth.permissions import ROLE_PERMISSIONS, Permission, role_allows
from runtime.auth.principal import SYSTEM, Principal

__all__ = ["ROLE_PERMISSIONS", "SYSTEM", "Permission", "Principal", "role_allows"]
