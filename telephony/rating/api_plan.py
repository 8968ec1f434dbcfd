"""The numbering plan and exchange-rate imports over REST (``rating:read`` /
``rating:write``):

- ``GET /destination-types`` (``prefix``: ranges starting with it; ``type``), paged;
- ``GET /destination-types/lookup?number=`` → ``{"number", "match": {"prefix", "type",
  "name"} | null}``;
- ``GET /destination-types/export.csv``: the plan as CSV (what the import reads back);
- ``POST /destination-types/import[?replace=true]`` with a CSV body (``text/csv``, or a
  multipart ``file``): header ``prefix,type[,name]`` → ``{"imported", "removed", "total"}``;
- ``POST /exchange-rates/import`` with a CSV body: header ``base,quote,rate[,as_of]`` → the
  rates added.

A refused import is a 422 whose ``details`` list ``{"path": "line N", "message"}``; nothing
is written.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.responses import StreamingResponse

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import BadRequest, ValidationFailed
from telephony.rating import plan
from telephony.rating.api import ExchangeRateOut
from telephony.rating.lookup import normalise
from telephony.rating.models import DestinationType
from telephony.rating.services import exchange
from telephony.rating.services.common import MAX_UPLOAD, upload_text
from telephony.rating.services.plan import export_plan, import_plan

__all__ = ["build_api"]

READ, WRITE = Permission.RATING_READ, Permission.RATING_WRITE


class RangeOut(BaseModel):
    id: int
    prefix: str
    type: str
    name: str

    @classmethod
    def of(cls, row: DestinationType) -> RangeOut:
        return cls(id=row.id, prefix=row.prefix, type=row.type, name=row.name)


class RangeQuery(ListQuery):
    prefix: str | None = Field(None, max_length=20, description="ranges starting with it")
    type: str | None = Field(None, max_length=32)


class LookupQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    number: str = Field(max_length=40)


class Match(BaseModel):
    prefix: str
    type: str
    name: str


class LookupOut(BaseModel):
    number: str
    match: Match | None


class PlanImportQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    replace: bool = Field(False, description="replace the whole plan (default: add/update)")


class PlanImportOut(BaseModel):
    imported: int
    removed: int
    total: int


class RatesOut(BaseModel):
    items: list[ExchangeRateOut]


async def csv_body(call: Call[Any]) -> str:
    """The request's CSV: the body itself, or a multipart form's ``file``."""
    request = call.request
    if int(request.headers.get("content-length") or 0) > MAX_UPLOAD:
        raise BadRequest(f"the file is over {MAX_UPLOAD // 2**20} MB")
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=5) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise ValidationFailed.field("file", "choose a CSV file")
            return upload_text(await upload.read(MAX_UPLOAD + 1))
    return upload_text(await request.body())


async def list_ranges(call: Call[Any]) -> Page[RangeOut]:
    """The numbering plan's ranges, by prefix."""
    q: RangeQuery = call.query
    qs = DestinationType.all()
    if q.prefix:
        qs = qs.filter(prefix__startswith=q.prefix)
    if q.type:
        qs = qs.filter(type=q.type.upper())
    return await paginate(
        qs, q, sortable=("prefix", "type"), default_sort=("prefix",), item=RangeOut.of
    )


async def lookup_type(call: Call[Any]) -> LookupOut:
    """A number's destination type: its longest prefix in the plan."""
    digits = normalise(call.query.number)
    found = (await plan.plan()).type_of(digits)
    match = None if found is None else Match(prefix=found[0], type=found[1], name=found[2])
    return LookupOut(number=digits, match=match)


async def export_ranges(call: Call[Any]) -> StreamingResponse:
    """The numbering plan as CSV (``prefix,type,name``)."""
    return StreamingResponse(
        export_plan(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="numbering-plan.csv"'},
    )


async def import_ranges(call: Call[Any]) -> PlanImportOut:
    """Import ranges from CSV (``prefix,type[,name]``): all or nothing."""
    summary = await import_plan(call.actor, await csv_body(call), replace=call.query.replace)
    return PlanImportOut(**summary)


async def import_exchange_rates(call: Call[Any]) -> RatesOut:
    """Import exchange rates from CSV (``base,quote,rate[,as_of]``): all or nothing."""
    rows = await exchange.import_rates(call.actor, await csv_body(call))
    return RatesOut(items=[ExchangeRateOut.of(r) for r in rows])


def build_api() -> Api:
    api = Api()
    common: dict[str, Any] = {"tag": "rating"}
    api.route(
        "GET",
        "/destination-types",
        name="destination_types.list",
        permission=READ,
        query=RangeQuery,
        **common,
    )(list_ranges)
    api.route(
        "GET",
        "/destination-types/lookup",
        name="destination_types.lookup",
        permission=READ,
        query=LookupQuery,
        response=LookupOut,
        errors=(400,),
        **common,
    )(lookup_type)
    api.route(
        "GET",
        "/destination-types/export.csv",
        name="destination_types.export",
        permission=READ,
        **common,
    )(export_ranges)
    api.route(
        "POST",
        "/destination-types/import",
        name="destination_types.import",
        permission=WRITE,
        query=PlanImportQuery,
        response=PlanImportOut,
        errors=(400, 422),
        **common,
    )(import_ranges)
    api.route(
        "POST",
        "/exchange-rates/import",
        name="exchange_rates.import",
        permission=WRITE,
        response=RatesOut,
        status=201,
        errors=(400, 422),
        **common,
    )(import_exchange_rates)
    return api
