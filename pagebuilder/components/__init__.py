"""The component registry: every component type, by name, from the family modules."""
