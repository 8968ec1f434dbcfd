"""Routes of the operator UI shell and the customer-portal shell."""

from __future__ import annotations

from starlette.routing import Route

from runtime.ui import (
    apikeys,
    app_portal,
    apps,
    audit,
    customers,
    dashboard,
    portal,
    session_views,
    store,
    users,
)

GET, POST = ["GET"], ["POST"]

routes = [
    Route("/", dashboard.dashboard, name="ui:dashboard"),
    Route("/login", session_views.login_page, methods=GET, name="ui:login"),
    Route("/login", session_views.login_submit, methods=POST, name="ui:login_submit"),
    Route("/logout", session_views.logout, methods=POST, name="ui:logout"),
    Route("/users", users.user_list, methods=GET, name="ui:users"),
    Route("/users", users.user_create, methods=POST, name="ui:user_create"),
    Route("/users/{user_id:int}", users.user_edit, methods=GET, name="ui:user"),
    Route("/users/{user_id:int}", users.user_update, methods=POST, name="ui:user_update"),
    Route("/users/{user_id:int}/delete", users.user_delete, methods=POST, name="ui:user_delete"),
    Route("/account/api-keys", apikeys.key_list, methods=GET, name="ui:apikeys"),
    Route("/account/api-keys", apikeys.key_create, methods=POST, name="ui:apikey_create"),
    Route(
        "/account/api-keys/{key_id:int}/revoke",
        apikeys.key_revoke,
        methods=POST,
        name="ui:apikey_revoke",
    ),
    Route("/audit", audit.audit_list, name="ui:audit"),
    Route("/audit/{entry_id:int}", audit.audit_detail, name="ui:audit_entry"),
    Route("/apps", apps.app_list, methods=GET, name="ui:apps"),
    Route("/apps", apps.app_create, methods=POST, name="ui:app_create"),
    Route("/apps/{app_id:int}", apps.app_detail, methods=GET, name="ui:app"),
    Route("/apps/{app_id:int}", apps.app_update, methods=POST, name="ui:app_update"),
    Route("/apps/{app_id:int}/delete", apps.app_delete, methods=POST, name="ui:app_delete"),
    Route("/store", store.catalogue, methods=GET, name="ui:store"),
    Route("/store/import", store.upload, methods=POST, name="ui:store_upload"),
    Route("/store/list/{app_id:int}", store.list_form, methods=GET, name="ui:store_list"),
    Route("/store/list/{app_id:int}", store.list_submit, methods=POST, name="ui:store_list_submit"),
    Route("/store/{name}/install", store.install_form, methods=GET, name="ui:store_install"),
    Route(
        "/store/{name}/{version}/withdraw", store.withdraw, methods=POST, name="ui:store_withdraw"
    ),
    Route(
        "/store/{name}/install", store.install_submit, methods=POST, name="ui:store_install_submit"
    ),
    Route("/store/apps/{app_id:int}", store.installed, methods=GET, name="ui:store_installed"),
    Route(
        "/store/apps/{app_id:int}/domain", store.bind_domain, methods=POST, name="ui:store_domain"
    ),
    Route(
        "/store/apps/{app_id:int}/upgrade", store.upgrade_form, methods=GET, name="ui:store_upgrade"
    ),
    Route(
        "/store/apps/{app_id:int}/upgrade",
        store.upgrade_submit,
        methods=POST,
        name="ui:store_upgrade_submit",
    ),
    Route(
        "/store/apps/{app_id:int}/uninstall",
        store.uninstall_form,
        methods=GET,
        name="ui:store_uninstall",
    ),
    Route(
        "/store/apps/{app_id:int}/uninstall",
        store.uninstall_submit,
        methods=POST,
        name="ui:store_uninstall_submit",
    ),
    Route("/customers", customers.customer_list, methods=GET, name="ui:customers"),
    Route("/customers", customers.customer_create, methods=POST, name="ui:customer_create"),
    Route(
        "/customers/{customer_id:int}", customers.customer_detail, methods=GET, name="ui:customer"
    ),
    Route(
        "/customers/{customer_id:int}",
        customers.customer_update,
        methods=POST,
        name="ui:customer_update",
    ),
    Route(
        "/customers/{customer_id:int}/delete",
        customers.customer_delete,
        methods=POST,
        name="ui:customer_delete",
    ),
    Route(
        "/customers/{customer_id:int}/users",
        customers.contact_create,
        methods=POST,
        name="ui:contact_create",
    ),
    Route(
        "/customers/{customer_id:int}/users/{contact_id:int}/delete",
        customers.contact_delete,
        methods=POST,
        name="ui:contact_delete",
    ),
    Route(
        "/apps/{app_id:int}/assignments",
        app_portal.assignment_create,
        methods=POST,
        name="ui:assignment_create",
    ),
    Route(
        "/apps/{app_id:int}/assignments/{assignment_id:int}/delete",
        app_portal.assignment_delete,
        methods=POST,
        name="ui:assignment_delete",
    ),
    Route("/portal/login", portal.login_page, methods=GET, name="portal:login"),
    Route("/portal/login", portal.login_submit, methods=POST, name="portal:login_submit"),
    Route("/portal/logout", portal.logout, methods=POST, name="portal:logout"),
    Route("/portal", portal.home, name="portal:home"),
]
