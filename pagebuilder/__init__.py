"""Pages: JSON documents of components, rendered on the server and made live in the browser.

Public surface: :func:`pagebuilder.document.parse_document` (a page document checked, every
error with its JSON path) and :mod:`pagebuilder.components` (the component registry).
"""
