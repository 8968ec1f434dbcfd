"""ConneXML: the parser (XML to a typed verb tree), one module per verb under ``verbs/``,
variables, conditions and the interpreter that runs a document on a ``CallLeg``."""
