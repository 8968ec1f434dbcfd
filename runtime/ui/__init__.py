"""The operator UI shell: server-rendered pages (Jinja2 + htmx)."""
