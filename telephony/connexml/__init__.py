"""ConneXML: the parser (XML to a typed verb tree), one module per verb under ``verbs/``,
variables, conditions, webhooks and the interpreter that runs a document on a ``CallLeg``."""

from telephony.connexml.nodes import ConneXMLError, Problem, Severity
from telephony.connexml.parser import Document, check, parse

__all__ = ["ConneXMLError", "Document", "Problem", "Severity", "check", "parse"]
