"""Request and response bodies of the Class 5 API.

Bodies check types here; ranges, patterns and references are checked by the services, so
that one 422 names every bad field (``details``: ``[{path, message}]``). Write-only fields
(SIP passwords, voicemail PINs) have no place in any response body; a voice app's webhook
secret appears only in :class:`VoiceAppCreated` (create and rotate).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, create_model

from runtime.api.paging import ListQuery

Destination = dict[str, Any]
DEST = (
    'where calls go: {"type": connexml_app|voice_script|ivr_menu|extension|group|queue|'
    'conference|voicemail|external|uri, "target": id, uuid or name; a number; a sip: URI}'
)


def optional(model: type[BaseModel], name: str) -> type[BaseModel]:
    """``model`` with every field optional: a PATCH body (absent = unchanged)."""
    fields: dict[str, Any] = {}
    for key, info in model.model_fields.items():
        annotation: Any = info.annotation
        fields[key] = (annotation | None, Field(None, description=info.description))
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


class Stamped(BaseModel):
    id: int
    uuid: UUID
    created_at: datetime
    updated_at: datetime


class OwnedQuery(ListQuery):
    customer: int | None = Field(None, description="only this customer's")
    q: str | None = Field(None, max_length=64, description="name contains")


# -- SIP users --------------------------------------------------------------------------------


class SipUserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer: int
    username: str = Field(description="1-64 of A-Z a-z 0-9 _ . + -; unique")
    password: str = Field(description="write-only, 8-128 characters; kept as digest hashes")
    realm: str | None = Field(None, description="digest realm; default: the configured one")
    extension: str | None = Field(None, description="2-10 digits, unique in the customer")
    display_name: str = ""
    channels: int = Field(2, description="1-10000 concurrent calls")
    cps: int = Field(0, description="calls per second, 0 = no limit of its own")
    ip_whitelist: list[str] = Field(default_factory=list, description="IPs or CIDR blocks")
    enabled: bool = True


SipUserUpdate = optional(SipUserCreate, "SipUserUpdate")


class SipUserOut(Stamped):
    customer: int
    username: str
    realm: str
    extension: str | None
    display_name: str
    channels: int
    cps: int
    ip_whitelist: list[str]
    enabled: bool


# -- DIDs -------------------------------------------------------------------------------------


class Alternative(BaseModel):
    model_config = ConfigDict(extra="forbid")
    when: dict[str, Any] = Field(
        description="ConneXML Condition time attributes (wday, time-of-day, timezone...)"
    )
    destination: Destination = Field(description=DEST)


class DidCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(description="E.164; '+' and spaces are dropped")
    customer: int | None = Field(None, description="none: in the inventory")
    destination: Destination = Field(description=DEST)
    alternatives: list[dict[str, Any]] = Field(
        default_factory=list, description="[{when, destination}], tried first, in order"
    )
    enabled: bool = True
    tags: list[str] = Field(default_factory=list)


DidUpdate = optional(DidCreate, "DidUpdate")


class DidBulk(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dids: list[dict[str, Any]] = Field(description="DidCreate objects; all or none are created")


class DidOut(Stamped):
    number: str
    customer: int | None
    destination: Destination
    alternatives: list[dict[str, Any]]
    enabled: bool
    tags: list[str]


class DidList(BaseModel):
    items: list[DidOut]


class DidQuery(ListQuery):
    customer: int | None = None
    q: str | None = Field(None, max_length=20, description="number contains")
    enabled: bool | None = None


# -- voice apps -------------------------------------------------------------------------------


class VoiceAppCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int | None = Field(None, description="none: every customer may use it")
    kind: str = Field("connexml", description="connexml or script; fixed once created")
    document: str = Field("", description="ConneXML, or the URL the first document comes from")
    app: int | str | None = Field(None, description="script apps: the Trunkline app")
    script: str = Field("", description="script apps: the script's name in the app")
    webhook_hosts: list[str] = Field(default_factory=list, description="host patterns")


VoiceAppUpdate = optional(VoiceAppCreate, "VoiceAppUpdate")


class VoiceAppOut(Stamped):
    name: str
    customer: int | None
    kind: str
    document: str
    app: int | None
    script: str
    webhook_hosts: list[str]


class VoiceAppCreated(VoiceAppOut):
    webhook_secret: str = Field(description="signs webhook requests; shown only now")


# -- IVR menus, ring groups, queues, conference rooms ------------------------------------------


class IvrMenuCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int
    prompt: dict[str, Any] = Field(description='{"say": text} or {"play": audio source}')
    options: dict[str, Any] = Field(description="digit (0-9 * #) -> destination")
    timeout: int = Field(5, description="seconds, 1-60")
    tries: int = Field(3, description="1-10")
    invalid_prompt: dict[str, Any] = Field(default_factory=dict)
    fallback: Destination | None = Field(None, description="after the last try; none: hang up")


IvrMenuUpdate = optional(IvrMenuCreate, "IvrMenuUpdate")


class IvrMenuOut(Stamped):
    name: str
    customer: int
    prompt: dict[str, Any]
    options: dict[str, Any]
    timeout: int
    tries: int
    invalid_prompt: dict[str, Any]
    fallback: Destination | None


class RingGroupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int
    extension: str | None = None
    strategy: str = Field("simultaneous", description="simultaneous, sequential, round_robin")
    members: list[dict[str, Any]] = Field(
        description="[{destination (extension|external|uri), ring_timeout 5-120, "
        "sort_index, weight >= 1}]"
    )
    fallback: Destination | None = None


RingGroupUpdate = optional(RingGroupCreate, "RingGroupUpdate")


class RingGroupOut(Stamped):
    name: str
    customer: int
    extension: str | None
    strategy: str
    members: list[dict[str, Any]]
    fallback: Destination | None


class QueueCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int
    extension: str | None = None
    music: str = Field("", description="hold music; empty: the built-in music")
    announce_every: int = Field(30, description="seconds between position announcements; 0: never")
    max_wait: int = Field(600, description="seconds, 10-86400")
    overflow: Destination | None = None
    agents: list[Destination] = Field(default_factory=list, description="extensions")


QueueUpdate = optional(QueueCreate, "QueueUpdate")


class QueueOut(Stamped):
    name: str
    customer: int
    extension: str | None
    music: str
    announce_every: int
    max_wait: int
    overflow: Destination | None
    agents: list[Destination]


class ConferenceRoomCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int
    extension: str | None = None
    pin: str = Field("", description="up to 16 digits; empty: none")
    moderator_pin: str = ""
    max_members: int = Field(0, description="0: no limit")


ConferenceRoomUpdate = optional(ConferenceRoomCreate, "ConferenceRoomUpdate")


class ConferenceRoomOut(Stamped):
    name: str
    customer: int
    extension: str | None
    pin: str
    moderator_pin: str
    max_members: int


# -- voicemail --------------------------------------------------------------------------------


class VoicemailBoxCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    customer: int
    mailbox: str = Field(description="2-10 digits, unique in the customer")
    pin: str = Field(description="write-only, 4-16 digits")
    sip_user: int | str | None = Field(None, description="a SIP user of the same customer")
    email: str = ""
    email_template: str = ""
    greeting: str = ""
    max_messages: int = 100
    max_seconds: int = 120


VoicemailBoxUpdate = optional(VoicemailBoxCreate, "VoicemailBoxUpdate")


class VoicemailBoxOut(Stamped):
    name: str
    customer: int
    mailbox: str
    sip_user: int | None
    email: str
    email_template: str
    greeting: str
    max_messages: int
    max_seconds: int


class VoicemailMessageOut(BaseModel):
    id: int
    box: int
    caller: str
    caller_name: str
    seconds: float
    status: str
    created_at: datetime


class MessageQuery(ListQuery):
    status: str | None = Field(None, pattern="^(new|saved)$")
