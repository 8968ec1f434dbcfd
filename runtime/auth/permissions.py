"""Permissions and the roles that grant them.

Routes declare the one permission they need; roles are sets of permissions. Changing who
may do what is an edit to :data:`ROLE_PERMISSIONS` (and to the authorisation-matrix test).
"""

from __future__ import annotations

from enum import StrEnum

from runtime.models.constants import Role


class Permission(StrEnum):
    #: Any signed-in operator: own profile, own API keys, dashboard.
    AUTHENTICATED = "authenticated"
    USERS_READ = "users:read"
    USERS_WRITE = "users:write"
    APIKEYS_ALL = "apikeys:all"
    APPS_READ = "apps:read"
    APPS_WRITE = "apps:write"
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_WRITE = "customers:write"
    AUDIT_READ = "audit:read"
    #: Class 5: SIP users, DIDs, voice apps, IVR menus, groups, queues, rooms, voicemail.
    VOICE_READ = "voice:read"
    VOICE_WRITE = "voice:write"
    #: Class 4: carriers, exchange rates, rate cards, their revisions and imports.
    RATING_READ = "rating:read"
    RATING_WRITE = "rating:write"


_READ = {
    Permission.AUTHENTICATED,
    Permission.APPS_READ,
    Permission.CUSTOMERS_READ,
    Permission.VOICE_READ,
    Permission.RATING_READ,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    # Operators configure voice: developers build voice apps, support sets up customers.
    Role.DEVELOPER: frozenset(_READ | {Permission.APPS_WRITE, Permission.VOICE_WRITE}),
    # Support runs the wholesale side too: carriers, rate cards and their uploads.
    Role.SUPPORT: frozenset(
        _READ | {Permission.CUSTOMERS_WRITE, Permission.VOICE_WRITE, Permission.RATING_WRITE}
    ),
    Role.READONLY: frozenset(_READ),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
