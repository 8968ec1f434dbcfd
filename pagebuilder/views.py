"""Serving app pages, and the small API their script talks to.

``GET /apps/<app>/<page>`` (``/apps/<app>`` opens its ``index`` page) checks who may see the
page, renders its components on the server and sends them in a **sandbox**: the page's
content security policy gives it an opaque origin, so the author's script cannot read the
platform's other pages nor send the viewer's session cookie anywhere. It talks to
``/apps/<app>/<page>/_api/...`` with the page token it was served with (see
:mod:`pagebuilder.tokens`); those endpoints answer only for that page.

``_api/submit`` checks the form again (:mod:`pagebuilder.validation`) and saves it to its
target; ``_api/ds/<name>`` runs a data source; ``_api/db/<dataset>/<operation>`` and
``_api/sf/<script>`` are the granted ``this.database()`` / ``this.scriptForge()`` calls;
``_api/button/<button>`` presses one of the page's toolbar buttons; ``_api/token`` renews
the token.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from pagebuilder import datasources, tokens
from pagebuilder.buttons import page_buttons, press_on_page
from pagebuilder.custom_rules import check_custom_rules
from pagebuilder.document import PageDocument, action_body
from pagebuilder.models import PageAccess
from pagebuilder.pages import INDEX, ServedPage, resolve_page
from pagebuilder.render import render_components
from pagebuilder.validation import validate_submission
from querybuilder.scope import reset_customer, set_customer
from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.auth.resolve import resolve_principal
from runtime.errors import (
    BadRequest,
    Forbidden,
    NotFound,
    TrunklineError,
    Unauthorized,
    ValidationFailed,
)
from runtime.models import App
from runtime.services import apps
from scriptforge.services.env import env_for_pages

API_HEADERS = {
    "access-control-allow-origin": "null",
    "access-control-allow-methods": "POST, OPTIONS",
    "access-control-allow-headers": "authorization, content-type",
    "access-control-max-age": "600",
    "vary": "origin",
    "cache-control": "no-store",
}
MAX_BODY = 2 * 1024 * 1024


async def _app(request: Request) -> App:
    name = request.path_params["app"]
    app = await App.get_or_none(name=name)
    if app is None:
        raise NotFound(f"No app {name!r}")
    return app


def _page_name(request: Request) -> str:
    return str(request.path_params.get("page", INDEX))


def viewer_of(principal: Principal | None) -> str:
    if principal is None:
        return "anonymous"
    return f"{principal.type.value}:{principal.id}"


async def _account(viewer: str) -> Any:
    """The operator or portal user a token names (None for anonymous)."""
    from runtime.models import CustomerUser, User

    kind, _, ident = viewer.partition(":")
    if not ident.isdigit():
        return None
    model: Any = User if kind == "operator" else CustomerUser if kind == "customer" else None
    return await model.get_or_none(id=int(ident)) if model is not None else None


async def _session_version(principal: Principal | None) -> int:
    account = await _account(viewer_of(principal)) if principal is not None else None
    return int(account.session_version) if account is not None else 0


async def _check_access(
    request: Request, app: App, page: ServedPage
) -> Principal | Response | None:
    """The viewer, a redirect to sign in, or :class:`Forbidden`."""
    principal = await resolve_principal(request)
    if page.access == PageAccess.PUBLIC:
        return principal
    if page.access == PageAccess.PORTAL:
        if principal is not None and principal.is_operator and principal.can(Permission.APPS_READ):
            return principal  # staff see what customers see (every customer's rows)
        if principal is None or principal.is_operator:
            return RedirectResponse(f"/portal/login?next={quote(request.url.path)}", 303)
        if principal.customer_id is None or not await apps.assigned_to(app, principal.customer_id):
            raise Forbidden("This app is not offered to your account")
        return principal
    if principal is None:
        return RedirectResponse(f"/login?next={quote(request.url.path)}", 303)
    if not principal.is_operator:
        raise Forbidden("This page is for operators")
    if page.roles and (principal.role is None or principal.role.value not in page.roles):
        raise Forbidden(f"Your role ({principal.role}) cannot open this page")
    return principal


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def page_policy(request: Request, nonce: str) -> str:
    """The page's content security policy: a sandbox (opaque origin), our own scripts and
    the page's nonce'd ones, connections only to this server."""
    origin = _origin(request)
    return "; ".join(
        (
            "default-src 'none'",
            f"script-src 'nonce-{nonce}' {origin}/static/",
            f"style-src 'nonce-{nonce}' {origin}/static/",
            "style-src-attr 'unsafe-inline'",
            f"img-src {origin} data: https:",
            f"font-src {origin}/static/",
            f"connect-src {origin}",
            "frame-src https:",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'self'",
            "sandbox allow-scripts allow-popups allow-downloads allow-modals",
        )
    )


def boot_data(document: PageDocument) -> dict[str, Any]:
    """What the page's script needs of its document: never a data source's URL, headers or
    variables (the server uses those), never the actions' bodies (they come as scripts)."""
    components = {
        c.id: {
            "type": c.type,
            "events": c.events,
            "rules": c.rules.model_dump() if c.rules else None,
            "source": c.data_source,
            "binding": c.binding,
            "options": (c.options.model_dump(exclude={"items"}) if c.options is not None else None),
        }
        for _, c in document.walk()
    }
    return {
        "form": {
            "events": document.form.events,
            "submit": document.form.submit is not None,
            "log_level": document.form.log_level,
        },
        "components": components,
        "data_sources": [
            {
                "name": s.name,
                "type": s.type,
                "auto_load": s.auto_load,
                # The hooks' code comes as scripts (see _hook_scripts); here only whether.
                "hooks": [k for k, _ in HOOKS if getattr(s, k)],
            }
            for s in document.data_sources
        ],
        "grants": document.grants.model_dump(),
        "fields": sorted(document.fields()),
    }


#: Data-source hooks and the parameters their bodies see.
HOOKS = (
    ("before_request", "config, args"),
    ("on_response", "res, args"),
    ("on_error", "error, args"),
)


def _script(source: str) -> Markup:
    """Author's code for inside a script element, kept from closing it early."""
    return Markup(source.replace("</", "<\\/"))  # noqa: S704 - inside a script element


def _action_script(name: str, body: str) -> Markup:
    """One action as its own script element, so a syntax error costs only that action."""
    code = action_body(body)
    # async: actions may await (this.scriptForge(...), this.getData()...).
    wrapped = f"async function (...args) {{\n{code}\n}}"
    return _script(f"window.__pbAction({json.dumps(name)}, {wrapped});")


def _hook_scripts(document: PageDocument) -> list[tuple[str, Markup]]:
    """Each data-source hook as a script: the page's policy allows no ``eval``."""
    scripts = []
    for source in document.data_sources:
        for kind, params in HOOKS:
            body = getattr(source, kind)
            if body:
                name = json.dumps(source.name)
                scripts.append(
                    (
                        f"{source.name}.{kind}",
                        _script(
                            f"window.__pbHook({name}, {json.dumps(kind)}, "
                            f"async function ({params}) {{\n{body}\n}});"
                        ),
                    )
                )
    return scripts


async def _wants_draft(request: Request) -> bool:
    """``?draft=1``: an editor previews the draft of a published app."""
    if request.query_params.get("draft") not in ("1", "true"):
        return False
    principal = await resolve_principal(request)
    if principal is None or not principal.can(Permission.APPS_READ):
        raise Forbidden("Only operators who may read apps can preview the draft")
    return True


async def serve_page(request: Request) -> Response:
    app = await _app(request)
    page = await resolve_page(app, _page_name(request), draft=await _wants_draft(request))
    allowed = await _check_access(request, app, page)
    if isinstance(allowed, Response):
        return allowed
    document = page.document
    nonce = secrets.token_urlsafe(18)
    settings = request.app.state.settings
    token = tokens.issue(
        settings.secret_key,
        app.id,
        page.name,
        viewer_of(allowed),
        await _session_version(allowed),
        draft=page.draft,
    )
    boot = {
        **boot_data(document),
        "app": app.name,
        "page": page.name,
        "token": token,
        "api": f"/apps/{app.name}/{page.name}/_api",
        "env": await env_for_pages(app.id),
    }
    templates = request.app.state.templates
    response = templates.TemplateResponse(
        request,
        "pagebuilder/page.html",
        {
            "app": app,
            "page": page,
            "document": document,
            "body": render_components(document),
            # Charts need dist/page-charts.js (ECharts), loaded only by pages that have one.
            "has_chart": any(c.type == "chart" for _, c in document.walk()),
            "boot": boot,
            "buttons": await page_buttons(app, page.name, viewer_of(allowed)),
            "nonce": nonce,
            # The author's style sheet, kept from closing its <style> element early.
            "css": Markup(document.form.css.replace("</", "<\\/")),  # noqa: S704
            "actions": [
                *((a.name, _action_script(a.name, a.body)) for a in document.actions),
                *_hook_scripts(document),
            ],
        },
    )
    response.headers["content-security-policy"] = page_policy(request, nonce)
    response.headers["cache-control"] = "no-store"
    response.headers["referrer-policy"] = "no-referrer"
    return response


# -- the page API -----------------------------------------------------------------------------


async def _claims(request: Request) -> tuple[App, ServedPage, tokens.PageClaims]:
    app = await _app(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("A page token is needed (Authorization: Bearer <token>)")
    secret = request.app.state.settings.secret_key
    claims = tokens.verify(secret, token.strip(), app.id, _page_name(request))
    # The token's page as it was served: the live version's, or the draft it previewed.
    page = await resolve_page(app, claims.page, draft=claims.draft)
    if claims.viewer != "anonymous":
        # Signing out everywhere (a password change, a deactivation) ends page tokens too.
        account = await _account(claims.viewer)
        active = account is not None and getattr(account, "is_active", True)
        if not active or account.session_version != claims.version:
            raise Unauthorized("The session behind this page ended; reload the page")
        customer = getattr(account, "customer_id", None)
        if customer is not None:
            # A portal user's calls (and the scripts they start) see their customer's rows
            # of per-customer datasets only; the page API's wrapper ends the scope.
            set_customer(int(customer))
    return app, page, claims


async def _body(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadRequest("The request is too large")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise BadRequest(f"The body is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object")
    return data


def _reply(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=API_HEADERS)


async def preflight(request: Request) -> Response:
    return Response(status_code=204, headers=API_HEADERS)


async def submit(request: Request) -> Response:
    app, page, claims = await _claims(request)
    document = page.document
    if document.form.submit is None:
        raise BadRequest("This page's form is not sent anywhere (no submit target)")
    body = await _body(request)
    values = body.get("values")
    if not isinstance(values, dict):
        raise ValidationFailed.field("values", "give the form's values as an object")
    hidden = [str(h) for h in body.get("hidden") or [] if isinstance(h, str)]
    clean, problems = validate_submission(document, values, hidden=hidden)
    problems += await check_custom_rules(
        request.app,
        document,
        values,
        await env_for_pages(app.id),
        skip={p["path"] for p in problems} | set(hidden),
    )
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    result = await datasources.submit(
        request.app, app, document.form.submit, clean, claims.viewer, draft=page.draft
    )
    return _reply({"ok": True, "message": document.form.submit.message, "result": result})


async def data_source(request: Request) -> Response:
    app, page, claims = await _claims(request)
    body = await _body(request)
    data = await datasources.run_source(
        request.app,
        app,
        page.document,
        request.path_params["name"],
        body,
        claims.viewer,
        draft=page.draft,
    )
    return _reply({"data": data})


async def database(request: Request) -> Response:
    app, page, _ = await _claims(request)
    name, operation = request.path_params["dataset"], request.path_params["operation"]
    if operation not in page.document.grants.datasets.get(name, []):
        raise Forbidden(f"The page may not {operation} rows of {name!r} (see its grants)")
    data = await datasources.dataset_call(app, name, operation, await _body(request))
    return _reply({"data": data})


async def script(request: Request) -> Response:
    app, page, claims = await _claims(request)
    name = request.path_params["script"]
    if name not in page.document.grants.scripts:
        raise Forbidden(f"The page may not call the script {name!r} (see its grants)")
    body = await _body(request)
    data = await datasources.script_call(
        request.app,
        app,
        name,
        body.get("function") or None,
        body.get("data"),
        claims.viewer,
        draft=page.draft,
    )
    return _reply({"data": data})


async def save_env(request: Request) -> Response:
    """``this.saveEnvVars({...})``: only for viewers who may edit the app; private and
    locked variables are not the page's to write."""
    from runtime.auth.resolve import operator_principal
    from runtime.models import User
    from scriptforge.models import EnvVar
    from scriptforge.services import env

    app, _, claims = await _claims(request)
    account = await _account(claims.viewer)
    if not isinstance(account, User):
        raise Forbidden("Only operators who may edit the app can save its variables")
    actor = operator_principal(account, "page")
    if not actor.can(Permission.APPS_WRITE):
        raise Forbidden(f"Your role ({actor.role}) cannot change the app's variables")
    values = (await _body(request)).get("vars")
    if not isinstance(values, dict) or not values:
        raise ValidationFailed.field("vars", "give the variables as an object of text values")
    saved = []
    for key, value in values.items():
        if not isinstance(value, str):
            raise ValidationFailed.field(f"vars.{key}", "must be text")
        found = await EnvVar.get_or_none(app_id=app.id, key=key)
        if found is None:
            await env.create_env_var(actor, app, key, value)
        elif found.private or found.locked:
            raise Forbidden(f"{key} is {'private' if found.private else 'locked'}")
        else:
            await env.update_env_var(actor, app, key, {"value": value})
        saved.append(key)
    return _reply({"saved": saved})


async def button(request: Request) -> Response:
    """A toolbar button of the page pressed with the page's selected grid rows."""
    app, page, claims = await _claims(request)
    rows = (await _body(request)).get("rows")
    ref = request.path_params["button"]
    return _reply(await press_on_page(request.app, app, page.name, ref, rows, claims.viewer))


async def renew(request: Request) -> Response:
    app, page, claims = await _claims(request)
    secret = request.app.state.settings.secret_key
    renewed = tokens.issue(
        secret, app.id, page.name, claims.viewer, claims.version, draft=claims.draft
    )
    return _reply({"token": renewed})


def routes() -> list[Route]:
    api = "/apps/{app}/{page}/_api"
    post_or_preflight = ["POST", "OPTIONS"]

    def endpoint(view: Any) -> Any:
        async def handle(request: Request) -> Response:
            if request.method == "OPTIONS":
                return await preflight(request)
            scope = set_customer(None)  # _claims names the customer, if any
            try:
                return await view(request)
            except TrunklineError as exc:  # the sandboxed page may read its errors too
                return _reply(exc.to_dict(), exc.status_code)
            finally:
                reset_customer(scope)

        return handle

    return [
        Route("/apps/{app}", serve_page, name="pages:index"),
        Route("/apps/{app}/{page}", serve_page, name="pages:page"),
        Route(f"{api}/submit", endpoint(submit), methods=post_or_preflight, name="pages:submit"),
        Route(f"{api}/token", endpoint(renew), methods=post_or_preflight, name="pages:token"),
        Route(f"{api}/env", endpoint(save_env), methods=post_or_preflight, name="pages:env"),
        Route(
            f"{api}/ds/{{name}}",
            endpoint(data_source),
            methods=post_or_preflight,
            name="pages:data_source",
        ),
        Route(
            f"{api}/db/{{dataset}}/{{operation}}",
            endpoint(database),
            methods=post_or_preflight,
            name="pages:database",
        ),
        Route(
            f"{api}/button/{{button}}",
            endpoint(button),
            methods=post_or_preflight,
            name="pages:button",
        ),
        Route(
            f"{api}/sf/{{script}}",
            endpoint(script),
            methods=post_or_preflight,
            name="pages:script",
        ),
    ]
