"""Between HTML forms and the Class 5 services: form text to service values and back, the
choices a form offers, and a service's refusal turned into per-field messages.

The pages check nothing themselves: text goes to the services as typed (``"abc"`` for a
number stays ``"abc"``, so the service says *must be a whole number* at the field's path).

>>> whole("42"), whole("4x")
(42, '4x')
>>> dest_value({"type": "queue", "choice": "queue:7", "text": ""})
{'type': 'queue', 'target': 7}
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.models import Customer
from runtime.ui.support import field as form_field
from telephony.class5.destinations import TARGETS
from telephony.class5.models import DestinationType, VoiceApp
from telephony.class5.services import base
from telephony.models import SipUser

INTEGER = re.compile(r"^-?[0-9]{1,12}$")
#: Destination types whose target is typed, not picked.
TEXT_TYPES = frozenset({DestinationType.EXTERNAL.value, DestinationType.URI.value})
TYPE_LABELS: dict[str, str] = {
    **{kind.value: spec.label for kind, spec in TARGETS.items()},
    DestinationType.EXTERNAL.value: "phone number",
    DestinationType.URI.value: "SIP URI",
}
#: How many objects of one type a destination list offers.
MAX_CHOICES = 500
#: Editable rows read from one form (members, agents, alternatives).
MAX_ROWS = 100


def whole(text: str) -> int | str:
    """An integer when the text is one, else the text (the service names the problem)."""
    return int(text) if INTEGER.match(text) else text


def customer_ref(text: str) -> int | str | None:
    if not text:
        return None
    return whole(text)


def put_int(values: dict[str, Any], name: str, text: str) -> None:
    """Set ``values[name]`` unless the field was left empty (the default, or what it was)."""
    if text:
        values[name] = whole(text)


def checked(form: FormData, name: str) -> bool:
    return form.get(name) == "on"


# -- destinations ------------------------------------------------------------------------------


def blank_dest() -> dict[str, str]:
    return {"type": "", "choice": "", "text": ""}


def dest_form(dest: Any) -> dict[str, str]:
    """A stored destination as the picker shows it."""
    if not isinstance(dest, dict) or not dest.get("type"):
        return blank_dest()
    kind, target = str(dest["type"]), dest.get("target")
    if kind in TEXT_TYPES:
        return {"type": kind, "choice": "", "text": str(target or "")}
    return {"type": kind, "choice": f"{kind}:{target}", "text": ""}


def read_dest(form: FormData, prefix: str) -> dict[str, str]:
    return {
        "type": form_field(form, f"{prefix}-type"),
        "choice": form_field(form, f"{prefix}-target"),
        "text": form_field(form, f"{prefix}-text"),
    }


def dest_value(picked: Mapping[str, str]) -> dict[str, Any] | None:
    """The destination a picker submitted, or None when no type was chosen.

    The target list holds every type's objects; one of another type than the chosen one
    becomes an empty target, which the service refuses at ``<path>.target``."""
    kind = picked["type"]
    if not kind:
        return None
    if kind in TEXT_TYPES:
        return {"type": kind, "target": picked["text"]}
    chosen_kind, _, ident = picked["choice"].partition(":")
    if chosen_kind != kind or not INTEGER.match(ident):
        return {"type": kind, "target": ""}
    return {"type": kind, "target": int(ident)}


def is_blank_dest(picked: Mapping[str, str]) -> bool:
    return not picked["type"]


# -- what a form offers ------------------------------------------------------------------------


@dataclass
class Choices:
    """The customers and destinations the forms of a page offer."""

    customers: list[Customer]
    #: ``[(type, label, [(choice value, text)])]`` for every object type.
    destinations: list[tuple[str, str, list[tuple[str, str]]]]
    #: ``"queue:5"`` -> ``"Support"``, to describe stored destinations.
    names: dict[str, str]
    #: ``[(id, text)]`` of SIP users (queue agents, a voicemail box's owner).
    sip_users: list[tuple[str, str]]

    @property
    def types(self) -> list[tuple[str, str]]:
        return list(TYPE_LABELS.items())

    @property
    def customer_names(self) -> dict[int | None, str]:
        return {c.id: c.name for c in self.customers}

    def describe(self, dest: Any) -> str:
        """``"queue Support"``, ``"phone number 15551230000"``; ``"—"`` for none."""
        if not isinstance(dest, dict) or not dest.get("type"):
            return "—"
        kind, target = str(dest["type"]), dest.get("target")
        label = TYPE_LABELS.get(kind, kind)
        if kind in TEXT_TYPES:
            return f"{label} {target}"
        return f"{label} {self.names.get(f'{kind}:{target}', f'#{target}')}"


def _text(obj: Model, owner: str) -> str:
    extension = getattr(obj, "extension", None) or getattr(obj, "mailbox", None)
    text = str(obj) + (f" ({extension})" if extension else "")
    return f"{text} — {owner}" if owner else text


async def load_choices(customer_id: int | None) -> Choices:
    """Objects of ``customer_id`` (all customers' when None; voice apps may be
    system-wide), labelled with their customer when several customers' are mixed."""
    customers = await Customer.all().order_by("name")
    owners = {c.id: c.name for c in customers}
    destinations: list[tuple[str, str, list[tuple[str, str]]]] = []
    names: dict[str, str] = {}
    for kind, spec in TARGETS.items():
        qs: QuerySet[Any] = spec.model.all()
        if spec.kind is not None:
            qs = qs.filter(kind=spec.kind)
        if customer_id is not None:
            if spec.model is VoiceApp:
                qs = qs.filter(Q(customer_id=customer_id) | Q(customer_id=None))
            else:
                qs = qs.filter(customer_id=customer_id)
        options = []
        for obj in await qs.order_by("id").limit(MAX_CHOICES):
            owner_id = getattr(obj, "customer_id", None)
            owner = "" if customer_id is not None else owners.get(owner_id or 0, "system-wide")
            value = f"{kind.value}:{obj.pk}"
            names[value] = str(obj)
            options.append((value, _text(obj, owner)))
        destinations.append((kind.value, spec.label, options))
    users = SipUser.all() if customer_id is None else SipUser.filter(customer_id=customer_id)
    sip_users = []
    for user in await users.order_by("username").limit(MAX_CHOICES):
        owner = "" if customer_id is not None else owners.get(user.customer_id, "")  # type: ignore[attr-defined]
        sip_users.append((str(user.id), _text(user, owner)))
    return Choices(customers, destinations, names, sip_users)


# -- refusals ----------------------------------------------------------------------------------


def field_errors(exc: TrunklineError) -> dict[str, str]:
    """``{path: message}`` from a refusal's details (the first message per path)."""
    errors: dict[str, str] = {}
    if isinstance(exc.details, list):
        for item in exc.details:
            if isinstance(item, dict) and "path" in item and "message" in item:
                errors.setdefault(str(item["path"]), str(item["message"]))
    return errors


def row_count(form: FormData, prefix: str) -> int:
    raw = form_field(form, f"{prefix}-rows")
    return min(int(raw), MAX_ROWS) if raw.isdigit() else 0


# -- one family of objects ---------------------------------------------------------------------

Save = Callable[[Request, Principal, dict[str, Any]], Awaitable[Model]]
Change = Callable[[Request, Principal, Any, dict[str, Any]], Awaitable[Model]]
Cell = Callable[[Any, Choices], str]


@dataclass(frozen=True)
class Column:
    header: str
    value: Cell


@dataclass(frozen=True)
class Family:
    """One kind of Class 5 object as pages: its routes, form and list columns, as data."""

    #: ``did`` -> route names ``ui:voice_did``, ``ui:voice_did_create``...
    slug: str
    plural: str
    path: str
    #: The page heading (``DIDs``) and the word for one (``DID``).
    title: str
    kind: base.Kind[Any]
    #: Form text -> the form's state (re-shown after a refusal).
    read: Callable[[FormData], dict[str, Any]]
    #: The form's state -> values for the service.
    values: Callable[[dict[str, Any]], dict[str, Any]]
    #: An object -> the form's state.
    to_form: Callable[[Any], dict[str, Any]]
    #: The create form's state, for a customer (or none).
    blank: Callable[[str], dict[str, Any]]
    #: Narrow the list to what the search box holds.
    search: Callable[[QuerySet[Any], str], QuerySet[Any]]
    order: tuple[str, ...]
    columns: tuple[Column, ...]
    #: The key of the form's editable rows, and one empty row ("" when it has none).
    rows: str = ""
    blank_row: Callable[[], dict[str, Any]] = dict
    create: Save | None = None
    update: Change | None = None
    search_hint: str = "name"
    extra_context: Callable[[Any], Awaitable[dict[str, Any]]] | None = None

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def param(self) -> str:
        return f"{self.slug}_id"

    def route(self, action: str = "") -> str:
        if action == "list":
            return f"ui:voice_{self.plural}"
        return f"ui:voice_{self.slug}" + (f"_{action}" if action else "")

    @property
    def template(self) -> str:
        return f"telephony/c5_fields_{self.slug}.html"
