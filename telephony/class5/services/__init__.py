"""Class 5 operations, no HTTP in them: one module per family of objects, all going through
the create / update / delete flow of :mod:`telephony.class5.services.base`."""
