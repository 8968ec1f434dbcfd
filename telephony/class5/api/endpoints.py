"""The Class 5 endpoints. Every object family gets the same five (list, create, get, update,
delete) from :func:`crud`; SIP users, DIDs, voice apps and voicemail add their own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, get_args

from pydantic import BaseModel
from tortoise.models import Model
from tortoise.queryset import QuerySet

from runtime.api.framework import Api, Call
from runtime.api.paging import Page, paginate
from runtime.auth.permissions import Permission
from telephony.class5.api import schemas as s
from telephony.class5.models import VoiceApp, VoicemailMessage
from telephony.class5.services import base, dids, features, sip_users, voice_apps, voicemail

api = Api()

READ, WRITE = Permission.VOICE_READ, Permission.VOICE_WRITE
OWNED_SORT = ("id", "name", "created_at", "updated_at")


def out(model: type[BaseModel], kind: base.Kind[Any]) -> Callable[[Any], Any]:
    def build(obj: Any) -> Any:
        return model.model_validate(
            {
                **kind.current(obj),
                "id": obj.id,
                "uuid": obj.uuid,
                "created_at": obj.created_at,
                "updated_at": obj.updated_at,
            }
        )

    return build


def owned_filter(qs: QuerySet[Any], q: Any) -> QuerySet[Any]:
    if q.customer is not None:
        qs = qs.filter(customer_id=q.customer)
    if q.q:
        qs = qs.filter(name__icontains=q.q)
    return qs


def crud(
    *,
    path: str,
    name: str,
    kind: base.Kind[Any],
    plural: str = "",
    response: type[BaseModel],
    create_body: type[BaseModel],
    update_body: type[BaseModel],
    query: type[BaseModel] = s.OwnedQuery,
    where: Callable[[QuerySet[Any], Any], QuerySet[Any]] = owned_filter,
    sortable: tuple[str, ...] = OWNED_SORT,
    default_sort: tuple[str, ...] = ("name", "id"),
    create: Callable[[Call[Any], dict[str, Any]], Awaitable[Model]] | None = None,
    update: Callable[[Call[Any], Any, dict[str, Any]], Awaitable[Model]] | None = None,
    create_response: type[BaseModel] | None = None,
    create_render: Callable[[Any], Any] | None = None,
) -> None:
    """Declare list, create, get, update and delete of one object family."""
    render = out(response, kind)
    nullable = {
        key
        for key, info in create_body.model_fields.items()
        if type(None) in get_args(info.annotation)
    }
    item = f"{{{name}_id:int}}"
    label, plural_label = kind.label, kind.label + "s"
    group = plural or f"{name}s"

    async def list_(call: Call[Any]) -> Any:
        return await paginate(
            where(kind.model.all(), call.query),
            call.query,
            sortable=sortable,
            default_sort=default_sort,
            item=render,
        )

    async def create_(call: Call[Any]) -> Any:
        values = call.body.model_dump(exclude_unset=True)
        if create is not None:
            made = await create(call, values)
        else:
            made = await base.create(call.actor, kind, values)
        return (create_render or render)(made)

    async def get_(call: Call[Any]) -> Any:
        return render(await base.get(kind, call.path[f"{name}_id"]))

    async def update_(call: Call[Any]) -> Any:
        obj = await base.get(kind, call.path[f"{name}_id"])
        # null clears what may be empty (an extension, a fallback); elsewhere it is "unchanged".
        changes = {
            k: v
            for k, v in call.body.model_dump(exclude_unset=True).items()
            if v is not None or k in nullable
        }
        if update is not None:
            return render(await update(call, obj, changes))
        return render(await base.update(call.actor, kind, obj, changes))

    async def delete_(call: Call[Any]) -> None:
        await base.delete(call.actor, kind, await base.get(kind, call.path[f"{name}_id"]))

    tag = path.strip("/")
    common: dict[str, Any] = {"tag": tag}
    api.route(
        "GET",
        path,
        name=f"{group}.list",
        permission=READ,
        query=query,
        response=Page[response],  # type: ignore[valid-type]
        summary=f"List {plural_label}.",
        **common,
    )(list_)
    api.route(
        "POST",
        path,
        name=f"{group}.create",
        permission=WRITE,
        body=create_body,
        response=create_response or response,
        status=201,
        errors=(409, 422),
        summary=f"Create a {label}.",
        **common,
    )(create_)
    api.route(
        "GET",
        f"{path}/{item}",
        name=f"{group}.get",
        permission=READ,
        response=response,
        errors=(404,),
        summary=f"One {label}.",
        **common,
    )(get_)
    api.route(
        "PATCH",
        f"{path}/{item}",
        name=f"{group}.update",
        permission=WRITE,
        body=update_body,
        response=response,
        errors=(404, 409, 422),
        summary=f"Change a {label} (the whole {label} is checked again).",
        **common,
    )(update_)
    api.route(
        "DELETE",
        f"{path}/{item}",
        name=f"{group}.delete",
        permission=WRITE,
        status=204,
        errors=(404, 409),
        summary=f"Delete a {label} that nothing points to.",
        **common,
    )(delete_)


# -- SIP users ---------------------------------------------------------------------------------


def realm_of(call: Call[Any]) -> str:
    return str(call.request.app.state.settings.sip_realm)


async def _create_sip_user(call: Call[Any], values: dict[str, Any]) -> Model:
    return await sip_users.create_sip_user(call.actor, values, realm=realm_of(call))


async def _update_sip_user(call: Call[Any], user: Any, changes: dict[str, Any]) -> Model:
    return await sip_users.update_sip_user(call.actor, user, changes, realm=realm_of(call))


def _sip_user_filter(qs: QuerySet[Any], q: Any) -> QuerySet[Any]:
    if q.customer is not None:
        qs = qs.filter(customer_id=q.customer)
    if q.q:
        qs = qs.filter(username__icontains=q.q)
    return qs


crud(
    path="/sip-users",
    name="sip_user",
    kind=sip_users.KIND,
    response=s.SipUserOut,
    create_body=s.SipUserCreate,
    update_body=s.SipUserUpdate,
    where=_sip_user_filter,
    sortable=("id", "username", "extension", "created_at", "updated_at"),
    default_sort=("username",),
    create=_create_sip_user,
    update=_update_sip_user,
)


# -- DIDs --------------------------------------------------------------------------------------


def _did_filter(qs: QuerySet[Any], q: Any) -> QuerySet[Any]:
    if q.customer is not None:
        qs = qs.filter(customer_id=q.customer)
    if q.q:
        qs = qs.filter(number__contains=q.q.lstrip("+").replace(" ", ""))
    if q.enabled is not None:
        qs = qs.filter(enabled=q.enabled)
    return qs


crud(
    path="/dids",
    name="did",
    kind=dids.KIND,
    response=s.DidOut,
    create_body=s.DidCreate,
    update_body=s.DidUpdate,
    query=s.DidQuery,
    where=_did_filter,
    sortable=("id", "number", "created_at", "updated_at"),
    default_sort=("number",),
)


@api.route(
    "POST",
    "/dids/bulk",
    name="dids.bulk_create",
    permission=WRITE,
    body=s.DidBulk,
    response=s.DidList,
    status=201,
    tag="dids",
    errors=(409, 422),
)
async def bulk_create_dids(call: Call[Any]) -> s.DidList:
    """Create many DIDs at once, all or none: one bad row or one existing number fails the
    whole batch, naming it (``details`` paths ``dids.<i>.<field>``)."""
    made = await dids.bulk_create(call.actor, call.body.dids)
    render = out(s.DidOut, dids.KIND)
    return s.DidList(items=[render(d) for d in made])


# -- voice apps --------------------------------------------------------------------------------


def _created_app(app: VoiceApp) -> s.VoiceAppCreated:
    shown = out(s.VoiceAppOut, voice_apps.KIND)(app)
    return s.VoiceAppCreated(**shown.model_dump(), webhook_secret=app.webhook_secret)


async def _create_voice_app(call: Call[Any], values: dict[str, Any]) -> Model:
    return await voice_apps.create_voice_app(call.actor, values)


crud(
    path="/voice-apps",
    name="voice_app",
    kind=voice_apps.KIND,
    response=s.VoiceAppOut,
    create_body=s.VoiceAppCreate,
    update_body=s.VoiceAppUpdate,
    create=_create_voice_app,
    create_response=s.VoiceAppCreated,
    create_render=_created_app,
)


@api.route(
    "POST",
    "/voice-apps/{voice_app_id:int}/rotate-secret",
    name="voice_apps.rotate_secret",
    permission=WRITE,
    response=s.VoiceAppCreated,
    tag="voice-apps",
    errors=(404,),
)
async def rotate_voice_app_secret(call: Call[Any]) -> s.VoiceAppCreated:
    """Replace a voice app's webhook secret and show the new one, once."""
    app = await base.get(voice_apps.KIND, call.path["voice_app_id"])
    return _created_app(await voice_apps.rotate_secret(call.actor, app))


# -- IVR menus, ring groups, queues, conference rooms ------------------------------------------

crud(
    path="/ivr-menus",
    name="ivr_menu",
    kind=features.IVR_MENU,
    response=s.IvrMenuOut,
    create_body=s.IvrMenuCreate,
    update_body=s.IvrMenuUpdate,
)
crud(
    path="/ring-groups",
    name="ring_group",
    kind=features.RING_GROUP,
    response=s.RingGroupOut,
    create_body=s.RingGroupCreate,
    update_body=s.RingGroupUpdate,
)
crud(
    path="/queues",
    name="queue",
    kind=features.QUEUE,
    response=s.QueueOut,
    create_body=s.QueueCreate,
    update_body=s.QueueUpdate,
)
crud(
    path="/conference-rooms",
    name="conference_room",
    kind=features.CONFERENCE_ROOM,
    response=s.ConferenceRoomOut,
    create_body=s.ConferenceRoomCreate,
    update_body=s.ConferenceRoomUpdate,
)


# -- voicemail ---------------------------------------------------------------------------------


async def _create_box(call: Call[Any], values: dict[str, Any]) -> Model:
    return await voicemail.create_box(call.actor, values)


async def _update_box(call: Call[Any], box: Any, changes: dict[str, Any]) -> Model:
    return await voicemail.update_box(call.actor, box, changes)


crud(
    path="/voicemail-boxes",
    name="voicemail_box",
    kind=voicemail.KIND,
    plural="voicemail_boxes",
    response=s.VoicemailBoxOut,
    create_body=s.VoicemailBoxCreate,
    update_body=s.VoicemailBoxUpdate,
    sortable=(*OWNED_SORT, "mailbox"),
    create=_create_box,
    update=_update_box,
)


def _message_out(message: VoicemailMessage) -> s.VoicemailMessageOut:
    return s.VoicemailMessageOut(
        id=message.id,
        box=message.box_id,  # type: ignore[attr-defined]
        caller=message.caller,
        caller_name=message.caller_name,
        seconds=message.seconds,
        status=str(message.status),
        created_at=message.created_at,
    )


@api.route(
    "GET",
    "/voicemail-boxes/{voicemail_box_id:int}/messages",
    name="voicemail_messages.list",
    permission=READ,
    query=s.MessageQuery,
    response=Page[s.VoicemailMessageOut],
    tag="voicemail-boxes",
    errors=(404,),
)
async def list_messages(call: Call[Any]) -> Page[s.VoicemailMessageOut]:
    """The messages left in a voicemail box, newest first."""
    box = await base.get(voicemail.KIND, call.path["voicemail_box_id"])
    qs = VoicemailMessage.filter(box_id=box.id)
    if call.query.status:
        qs = qs.filter(status=call.query.status)
    return await paginate(
        qs,
        call.query,
        sortable=("id", "created_at", "seconds", "status"),
        default_sort=("-created_at", "-id"),
        item=_message_out,
    )


@api.route(
    "DELETE",
    "/voicemail-boxes/{voicemail_box_id:int}/messages/{message_id:int}",
    name="voicemail_messages.delete",
    permission=WRITE,
    status=204,
    tag="voicemail-boxes",
    errors=(404,),
)
async def delete_message(call: Call[Any]) -> None:
    """Delete a voicemail message and its recording."""
    box = await base.get(voicemail.KIND, call.path["voicemail_box_id"])
    data_dir = call.request.app.state.settings.data_dir
    await voicemail.delete_message(call.actor, box, call.path["message_id"], data_dir)
