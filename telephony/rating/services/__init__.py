"""Class 4 rating operations: carriers, exchange rates, rate cards and their revisions.

No HTTP in them; each change is validated, runs in one transaction and is audited. Errors
are the core's (:mod:`runtime.errors`): ``ValidationFailed`` names the field, ``Conflict``
a clash (a name taken, a carrier still used), ``NotFound`` an unknown reference.
"""
