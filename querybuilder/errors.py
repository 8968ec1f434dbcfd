"""Errors of the Query Builder.

::

    ValidationFailed (runtime.errors)   422 validation_error
     └── QueryRejected                  422 query_rejected  (SQL text outside the policy)

``details`` is ``{"construct": ..., "line": ..., "col": ...}`` (position only when sqlglot
gives one), so the SQL editor can underline the offending part.
"""

from __future__ import annotations

from runtime.errors import ValidationFailed


class QueryRejected(ValidationFailed):
    """SQL text that is not a single read-only SELECT over the app's own datasets."""

    code = "query_rejected"
    default_message = "Query rejected"

    def __init__(
        self, message: str, *, construct: str, line: int | None = None, col: int | None = None
    ) -> None:
        details: dict[str, object] = {"construct": construct}
        if line is not None:
            details["line"] = line
        if col is not None:
            details["col"] = col
        super().__init__(message, details)
        self.construct = construct
        self.line = line
        self.col = col
