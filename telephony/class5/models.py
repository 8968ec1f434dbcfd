"""The Class 5 model: DIDs and the destinations they reach.

A destination is ``{"type": ..., "target": ...}`` (:class:`DestinationType`): the target
names an object of the same customer by id or name, a number for ``external``, a SIP URI for
``uri``. Owned objects belong to a customer; ConneXML apps and audio files may belong to
none (then every customer may use them).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model


class DestinationType(StrEnum):
    CONNEXML_APP = "connexml_app"
    VOICE_SCRIPT = "voice_script"
    IVR_MENU = "ivr_menu"
    EXTENSION = "extension"  # a SIP user
    GROUP = "group"
    QUEUE = "queue"
    CONFERENCE = "conference"
    VOICEMAIL = "voicemail"
    EXTERNAL = "external"  # a phone number, out through routing
    URI = "uri"  # a SIP URI


class GroupStrategy(StrEnum):
    SIMULTANEOUS = "simultaneous"
    SEQUENTIAL = "sequential"
    ROUND_ROBIN = "round_robin"


class VoiceAppKind(StrEnum):
    CONNEXML = "connexml"  # a ConneXML document (or a URL the first document comes from)
    SCRIPT = "script"  # a ScriptForge voice script of a Trunkline app


class MessageStatus(StrEnum):
    NEW = "new"
    SAVED = "saved"


class _Owned(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    name = fields.CharField(max_length=100)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class AudioFile(_Owned):
    """An uploaded prompt, stored as 8 kHz mono WAV (``user/<name>`` in documents)."""

    customer: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="audio_files", null=True, on_delete=fields.CASCADE
    )
    #: Where the converted audio is, relative to the data directory.
    path = fields.CharField(max_length=255)
    seconds = fields.FloatField(default=0.0)
    size_bytes = fields.IntField(default=0)

    class Meta:
        table = "audio_files"
        unique_together = (("customer", "name"),)


class VoiceApp(_Owned):
    """A ConneXML app or a voice script, reached from DIDs."""

    customer: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="voice_apps", null=True, on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(VoiceAppKind, max_length=16, default=VoiceAppKind.CONNEXML)
    document = fields.TextField(default="")
    #: For a voice script: the Trunkline app and the script's name in it.
    app: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="voice_apps", null=True, on_delete=fields.SET_NULL
    )
    script = fields.CharField(max_length=100, default="")
    #: Signs webhook requests (HMAC-SHA256), as Twilio's auth token does; never shown again.
    webhook_secret = fields.CharField(max_length=128)
    #: Host names webhooks may reach (``*.example.com`` allowed); empty = none.
    webhook_hosts: Any = fields.JSONField(default=list)

    class Meta:
        table = "voice_apps"
        unique_together = (("customer", "name"),)


class IvrMenu(_Owned):
    """A no-code menu: a prompt, digit → destination, invalid and time-out handling; it
    compiles to ConneXML the user can read."""

    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="ivr_menus", on_delete=fields.CASCADE
    )
    #: ``{"say": text}`` or ``{"play": source}``.
    prompt: Any = fields.JSONField(default=dict)
    #: ``{"1": destination, "2": ...}``; a destination may be another menu.
    options: Any = fields.JSONField(default=dict)
    timeout = fields.IntField(default=5)
    tries = fields.IntField(default=3)
    invalid_prompt: Any = fields.JSONField(default=dict)
    #: Where a caller goes after the last try without a valid choice (none: hang up).
    fallback: Any = fields.JSONField(null=True)

    class Meta:
        table = "ivr_menus"
        unique_together = (("customer", "name"),)


class RingGroup(_Owned):
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="ring_groups", on_delete=fields.CASCADE
    )
    extension = fields.CharField(max_length=10, null=True)
    strategy = fields.CharEnumField(
        GroupStrategy, max_length=16, default=GroupStrategy.SIMULTANEOUS
    )
    #: ``[{"destination": {...}, "ring_timeout": 20, "sort_index": 0, "weight": 1}]``.
    members: Any = fields.JSONField(default=list)
    #: Round robin: the member index that rings first next time.
    next_member = fields.IntField(default=0)
    #: Where an unanswered call goes (none: hang up).
    fallback: Any = fields.JSONField(null=True)

    class Meta:
        table = "ring_groups"
        unique_together = (("customer", "name"),)


class CallQueue(_Owned):
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="call_queues", on_delete=fields.CASCADE
    )
    extension = fields.CharField(max_length=10, null=True)
    #: Hold music (an audio source); empty: the built-in music.
    music = fields.CharField(max_length=255, default="")
    #: Tell callers their position every so many seconds (0: never).
    announce_every = fields.IntField(default=30)
    max_wait = fields.IntField(default=600)
    #: Where a caller goes after ``max_wait`` (none: hang up).
    overflow: Any = fields.JSONField(null=True)
    #: Agents: destinations (usually extensions) offered the longest-waiting caller.
    agents: Any = fields.JSONField(default=list)

    class Meta:
        table = "call_queues"
        unique_together = (("customer", "name"),)


class ConferenceRoom(_Owned):
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="conference_rooms", on_delete=fields.CASCADE
    )
    extension = fields.CharField(max_length=10, null=True)
    pin = fields.CharField(max_length=16, default="")
    moderator_pin = fields.CharField(max_length=16, default="")
    #: 0: no limit.
    max_members = fields.IntField(default=0)

    class Meta:
        table = "conference_rooms"
        unique_together = (("customer", "name"),)


class VoicemailBox(_Owned):
    customer: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="voicemail_boxes", on_delete=fields.CASCADE
    )
    sip_user: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.SipUser", related_name="voicemail_boxes", null=True, on_delete=fields.SET_NULL
    )
    #: The box's number (the extension's, usually).
    mailbox = fields.CharField(max_length=10)
    #: argon2 hash of the PIN that opens the inbox.
    pin_hash = fields.CharField(max_length=255)
    email = fields.CharField(max_length=254, default="")
    #: Name of the app template the notification uses (none: the built-in one).
    email_template = fields.CharField(max_length=100, default="")
    greeting = fields.CharField(max_length=255, default="")
    max_messages = fields.IntField(default=100)
    max_seconds = fields.IntField(default=120)

    class Meta:
        table = "voicemail_boxes"
        unique_together = (("customer", "mailbox"),)


class VoicemailMessage(Model):
    id = fields.IntField(primary_key=True)
    box: fields.ForeignKeyRelation[VoicemailBox] = fields.ForeignKeyField(
        "models.VoicemailBox", related_name="messages", on_delete=fields.CASCADE
    )
    caller = fields.CharField(max_length=64, default="")
    caller_name = fields.CharField(max_length=128, default="")
    #: The recording, relative to the data directory.
    path = fields.CharField(max_length=255)
    seconds = fields.FloatField(default=0.0)
    status = fields.CharEnumField(MessageStatus, max_length=8, default=MessageStatus.NEW)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "voicemail_messages"


class Did(Model):
    """A number callers dial, and where its calls go."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    #: E.164 digits without ``+``.
    number = fields.CharField(max_length=20, unique=True)
    customer: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="dids", null=True, on_delete=fields.SET_NULL
    )
    #: ``{"type": DestinationType, "target": ...}``.
    destination: Any = fields.JSONField()
    #: Time-based alternatives tried first: ``[{"when": {condition attributes},
    #: "destination": {...}}]`` (the ConneXML Condition's time attributes and timezone).
    alternatives: Any = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    tags: Any = fields.JSONField(default=list)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "dids"

    def __str__(self) -> str:
        return self.number
