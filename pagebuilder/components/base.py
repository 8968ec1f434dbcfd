"""What every component type is: a class registered by its ``type`` name.

A component type declares its attribute model (pydantic; unknown attributes are errors), the
template that renders it, whether it holds a value in the form's data (``field``) and how a
submitted value is coerced and checked on the server. Families of components live in one
module each (``layout``, ``basic``, ``advanced``...) and register themselves on import::

    @register
    class Input(FieldType):
        type = "input"
        label = "Input"
        family = Family.BASIC
        Attributes = InputAttributes
        events = ("onChange", "onFocus", "onBlur")

        def coerce(self, attrs, value, component=None): ...
"""

from __future__ import annotations

import builtins
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Family(StrEnum):
    """The editor's palette groups."""

    LAYOUT = "layout"
    COLLECTION = "collection"
    BASIC = "basic"
    ADVANCED = "advanced"


class Invalid(ValueError):
    """A submitted value is not acceptable; the message is shown next to the field."""


class Attrs(BaseModel):
    """Base of every attribute model: unknown attributes are refused (typos are errors)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    width: str | None = None
    custom_class: str = ""


class ComponentType:
    """A kind of component. Subclasses set the class attributes and may override methods."""

    type: ClassVar[str]
    #: The id prefix new components get (``input_ab12cd34``); the type name unless set.
    prefix: ClassVar[str] = ""
    label: ClassVar[str]
    family: ClassVar[Family]
    Attributes: ClassVar[builtins.type[Attrs]] = Attrs
    #: Component events it can bind to actions (``onClick``...).
    events: ClassVar[tuple[str, ...]] = ()
    #: ``"children"`` (one region), ``"slots"`` (several: grid columns, tabs...) or None.
    container: ClassVar[str | None] = None
    #: Holds a value in the form's data (``getData``/``setData``, submissions).
    field: ClassVar[bool] = False
    #: Renders a ``<fieldset>`` whose legend names it (radios, checkboxes...), not one control.
    grouped: ClassVar[bool] = False

    @property
    def template(self) -> str:
        return f"pagebuilder/components/{self.type.replace('-', '_')}.html"

    def id_prefix(self) -> str:
        return self.prefix or self.type

    def default(self, attrs: Any) -> Any:
        """The value before anything is entered."""
        return getattr(attrs, "default_value", None)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        """A submitted value as the field's Python value, or :class:`Invalid`.

        ``component`` (the :class:`~pagebuilder.document.Component`) is needed by types
        whose check depends on more than the attributes: static options, child fields.
        Without it those checks are skipped.
        """
        return value


class FieldType(ComponentType):
    field = True


REGISTRY: dict[str, ComponentType] = {}


def register(cls: type[ComponentType]) -> type[ComponentType]:
    """Class decorator: make ``cls`` available under ``cls.type``."""
    if cls.type in REGISTRY:
        raise RuntimeError(f"component type {cls.type!r} is registered twice")
    REGISTRY[cls.type] = cls()
    return cls


class FieldAttrs(Attrs):
    """Attributes every field has (label layout, help, placeholder, default)."""

    label_width: str | None = None
    hide_label: bool = False
    #: Help text under the control (ConnexCS "Text Prompt").
    help: str = ""
    placeholder: str = ""
    default_value: Any = None
    clearable: bool = False
