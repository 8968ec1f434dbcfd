"""Who is making a request, and how they proved it."""

from __future__ import annotations

from dataclasses import dataclass

from runtime.auth.permissions import Permission, role_allows
from runtime.models.constants import PrincipalType, Role


@dataclass(frozen=True)
class Principal:
    type: PrincipalType
    id: int
    name: str
    #: Operators only.
    role: Role | None = None
    #: Customer-portal users only: the customer they act for.
    customer_id: int | None = None
    #: ``session``, ``jwt``, ``apikey`` or ``cli``.
    via: str = "session"
    #: The JWT id when authenticated by an access token (so it can be revoked).
    token_id: str | None = None

    @property
    def is_operator(self) -> bool:
        return self.type is PrincipalType.OPERATOR

    def can(self, permission: Permission) -> bool:
        """Operators get their role's permissions; customer principals get none of them."""
        return self.is_operator and self.role is not None and role_allows(self.role, permission)


SYSTEM = Principal(type=PrincipalType.SYSTEM, id=0, name="system", via="cli")
