"""The JSON REST API under ``/api/v1``."""

from runtime.api.framework import Api, Call, Endpoint
from runtime.api.paging import ListQuery, Page, paginate

__all__ = ["Api", "Call", "Endpoint", "ListQuery", "Page", "build_api", "paginate"]


def build_api() -> Api:
    """The core endpoints; feature packages add theirs through ``create_app``."""
    from runtime.api import apikeys, apps, audit, auth, customers, store, users

    api = Api()
    for module in (auth, users, apikeys, apps, store, customers, audit):
        api.include(module.api)
    return api
