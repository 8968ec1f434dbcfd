"""Per-request values every layer may read: the request id and the client address.

Set by :class:`runtime.middleware.request_id.RequestIdMiddleware`; logs and audit entries
pick them up without threading them through every call.
"""

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")
client_ip: ContextVar[str] = ContextVar("client_ip", default="")
