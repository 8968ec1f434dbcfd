"""Display components of the Basic family: Text, HTML, Link, Alert, Statistic, Steps,
Pagination, I-Frame.

Text, HTML and Statistic hold a value (``setData`` changes what they show), so they are
fields; the rest only display their attributes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from markupsafe import Markup
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pagebuilder.components.base import (
    Attrs,
    ComponentType,
    Family,
    FieldAttrs,
    FieldType,
    Invalid,
    register,
)
from pagebuilder.components.common import (
    CSS_LENGTH,
    check_number,
    check_text,
    check_url,
    sanitise_html,
    sanitised_markup,
)


class TextAttrs(FieldAttrs):
    default_value: str | None = None


@register
class Text(FieldType):
    type = "text"
    label = "Text"
    family = Family.BASIC
    Attributes = TextAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        return check_text(value)


class HtmlAttrs(FieldAttrs):
    #: The markup shown, and the template ``setData({id: {name: ...}})`` fills (``{{name}}``).
    default_value: str = Field("", max_length=200_000)


@register
class Html(FieldType):
    type = "html"
    label = "HTML"
    family = Family.BASIC
    Attributes = HtmlAttrs
    events = ("onChange",)

    def default(self, attrs: Any) -> Any:
        return None

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        """Markup (sanitised) that replaces the content, or template variables."""
        if value is None:
            return None
        if isinstance(value, str):
            return sanitise_html(value)
        if isinstance(value, dict):
            if any(isinstance(v, dict | list) for v in value.values()):
                raise Invalid("template variables are text or numbers")
            return value
        raise Invalid("must be HTML text or an object of template variables")

    def markup(self, attrs: Any, value: Any) -> Markup:
        """What to show: the value's markup, else the template (variables left as written;
        the browser runtime fills them), sanitised either way."""
        if isinstance(value, str):
            return sanitised_markup(value)
        return sanitised_markup(attrs.default_value)


def _link_url(value: str) -> str:
    return check_url(value, {"http", "https", "mailto"}, relative=True)


class LinkAttrs(Attrs):
    href: Annotated[str, Field(max_length=2000), AfterValidator(_link_url)] = ""
    kind: Literal["default", "primary", "success", "warning", "danger", "info"] = "default"
    underline: bool = True
    #: "Open in new window".
    new_window: bool = False


@register
class Link(ComponentType):
    type = "link"
    label = "Link"
    family = Family.BASIC
    Attributes = LinkAttrs
    events = ("onClick",)


class AlertAttrs(Attrs):
    title: str = Field("", max_length=500)
    description: str = Field("", max_length=5000)
    effect: Literal["light", "dark"] = "light"
    kind: Literal["success", "warning", "info", "error"] = "info"
    closable: bool = True
    center: bool = False
    show_icon: bool = False


@register
class Alert(ComponentType):
    type = "alert"
    label = "Alert"
    family = Family.BASIC
    Attributes = AlertAttrs


class StatisticAttrs(FieldAttrs):
    prefix: str = Field("", max_length=50)
    suffix: str = Field("", max_length=50)
    precision: int | None = Field(None, ge=0, le=15)
    default_value: int | float | None = None


@register
class Statistic(FieldType):
    type = "statistic"
    label = "Statistic"
    family = Family.BASIC
    Attributes = StatisticAttrs
    events = ("onChange",)

    def coerce(self, attrs: Any, value: Any, component: Any = None) -> Any:
        if value is None or value == "":
            return None
        return check_number(value, precision=attrs.precision)

    def shown(self, attrs: Any, value: Any) -> str:
        if value is None:
            return ""
        if attrs.precision is not None and isinstance(value, int | float):
            return f"{value:,.{attrs.precision}f}"
        return str(value)


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=200)
    description: str = Field("", max_length=1000)


Status = Literal["wait", "process", "finish", "error", "success"]


class StepsAttrs(Attrs):
    #: Static steps; with a data source on the component the browser fills them.
    steps: list[Step] = Field(default_factory=list, max_length=50)
    #: The current step (0-based).
    active: int = Field(0, ge=0)
    direction: Literal["horizontal", "vertical"] = "horizontal"
    process_status: Status = "process"
    finish_status: Status = "finish"
    align_center: bool = False
    simple: bool = False


@register
class Steps(ComponentType):
    type = "steps"
    label = "Steps"
    family = Family.BASIC
    Attributes = StepsAttrs
    events = ("onChange",)

    def status(self, attrs: Any, index: int) -> str:
        if index < attrs.active:
            return str(attrs.finish_status)
        if index == attrs.active:
            return str(attrs.process_status)
        return "wait"


class PaginationAttrs(Attrs):
    page_size: int = Field(10, ge=1, le=1000)
    #: How many page buttons show at once.
    pager_count: int = Field(7, ge=5, le=21)
    total: int = Field(0, ge=0)
    current: int = Field(1, ge=1)
    background: bool = False


@register
class Pagination(ComponentType):
    type = "pagination"
    label = "Pagination"
    family = Family.BASIC
    Attributes = PaginationAttrs
    events = ("onChange",)

    def pages(self, attrs: Any) -> list[int]:
        """The page numbers to show around the current page."""
        count = max(1, -(-attrs.total // attrs.page_size))
        current = min(attrs.current, count)
        first = max(1, min(current - attrs.pager_count // 2, count - attrs.pager_count + 1))
        return list(range(first, min(count, first + attrs.pager_count - 1) + 1))

    def page_count(self, attrs: Any) -> int:
        return int(max(1, -(-attrs.total // attrs.page_size)))


SandboxToken = Literal[
    "allow-downloads",
    "allow-forms",
    "allow-modals",
    "allow-popups",
    "allow-popups-to-escape-sandbox",
    "allow-same-origin",
    "allow-scripts",
]


def _default_sandbox() -> list[SandboxToken]:
    return ["allow-scripts", "allow-forms", "allow-popups"]


def _frame_url(value: str) -> str:
    return check_url(value, {"http", "https"}, relative=False)


class IframeAttrs(Attrs):
    url: Annotated[str, Field(max_length=2000), AfterValidator(_frame_url)] = ""
    height: str = Field("300px", pattern=CSS_LENGTH)
    #: What the embedded page may do (the ``sandbox`` tokens).
    sandbox: list[SandboxToken] = Field(default_factory=_default_sandbox)


@register
class Iframe(ComponentType):
    type = "iframe"
    label = "I-Frame"
    family = Family.BASIC
    Attributes = IframeAttrs
