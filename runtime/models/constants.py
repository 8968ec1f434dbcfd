"""Enumerations shared by the core models."""

from enum import StrEnum


class Role(StrEnum):
    """Operator roles, most to least privileged."""

    ADMIN = "admin"
    DEVELOPER = "developer"
    SUPPORT = "support"
    READONLY = "readonly"


class CustomerStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    SUSPENDED = "suspended"


class PrincipalType(StrEnum):
    """Who is acting: an operator, a customer-portal user, or the system itself."""

    OPERATOR = "operator"
    CUSTOMER = "customer"
    SYSTEM = "system"
