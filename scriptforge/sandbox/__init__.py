"""The JavaScript sandbox: QuickJS worker processes, the module loader, limits.

Public surface: :class:`SandboxPool`, :class:`RunRequest`, :class:`Outcome`,
:class:`Limits`, :class:`Host` / :class:`HostError`.
"""

from scriptforge.sandbox.limits import Limits
from scriptforge.sandbox.pool import Host, HostError, NoHost, Outcome, RunRequest, SandboxPool

__all__ = ["Host", "HostError", "Limits", "NoHost", "Outcome", "RunRequest", "SandboxPool"]
