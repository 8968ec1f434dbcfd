"""Bulk import (CSV, JSON lines), streamed export with formula escaping, bulk delete."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from querybuilder import datasets, rows, transfer
from querybuilder.models import Dataset
from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import App
from runtime.services import apps

COLUMNS = [
    {"name": "phone", "type": "string", "nullable": False, "unique": True},
    {"name": "name", "type": "string"},
    {"name": "age", "type": "integer"},
    {"name": "born", "type": "date"},
    {"name": "balance", "type": "decimal(10,2)", "default": "0"},
    {"name": "vip", "type": "boolean"},
    {"name": "tags", "type": "json"},
    {"name": "seen", "type": "datetime"},
    {"name": "notes", "type": "text"},
]
HEADER = "phone,name,age,born,balance,vip"


@pytest.fixture
async def app_id(db: str) -> int:
    return (await apps.create_app(SYSTEM, "crm")).id


async def make_dataset(app_id: int, name: str) -> Dataset:
    app = await App.get(id=app_id)
    return await datasets.create_dataset(SYSTEM, app, name, columns=COLUMNS)


@pytest.fixture
async def contacts(app_id: int) -> Dataset:
    return await make_dataset(app_id, "contacts")


def chunked(text: str, size: int = 65536) -> Iterator[bytes]:
    data = text.encode()
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def achunked(text: str, size: int = 65536) -> AsyncIterator[bytes]:
    for chunk in chunked(text, size):
        yield chunk


async def count(dataset: Dataset) -> int:
    return (await rows.list_rows(dataset, limit=1)).total


def big_csv() -> tuple[str, dict[int, str], int]:
    """100,000 data rows with 10 bad ones; the bad lines and the field each gets wrong."""
    lines = [HEADER]
    bad: dict[int, str] = {}
    records = 0
    physical = 1  # lines of the file so far
    for i in range(1, 100_001):
        line_no = physical + 1
        phone, name, age, born, balance, vip = f"{i:07d}", f"Zoë {i}", str(i % 90), "", "1.5", ""
        if i == 7:
            name = '"two\nlines, quoted"'  # a record over two lines: later numbers shift
        if i % 1000 == 0:
            born = "1990-05-17"
        match i:
            case 100:
                age, bad[line_no] = "abc", "age"
            case 5_002:
                born, bad[line_no] = "2024-13-45", "born"
            case 20_003:
                phone, bad[line_no] = "", "phone"
            case 33_333:
                phone, bad[line_no] = "0000050", "phone"  # same as row 50 of the file
            case 47_000:
                phone, bad[line_no] = "existing", "phone"  # already in the table
            case 60_001:
                age, bad[line_no] = "1.5", "age"
            case 70_000:
                vip, bad[line_no] = "perhaps", "vip"
            case 80_000:
                balance, bad[line_no] = "lots", "balance"
            case 90_000:
                born, bad[line_no] = "yesterday", "born"
            case 99_999:
                age, bad[line_no] = "99999999999", "age"
        lines.append(f"{phone},{name},{age},{born},{balance},{vip}")
        physical += 1 + name.count("\n")
        records += 1
    return "\n".join(lines) + "\n", bad, records


@pytest.fixture(scope="module")
def big() -> tuple[str, dict[int, str], int]:
    return big_csv()


@pytest.mark.parametrize("source", ["sync", "async"])
async def test_all_or_nothing_leaves_the_table_unchanged(
    contacts: Dataset, big: tuple[str, dict[int, str], int], source: str
) -> None:
    text, bad, total = big
    before = await rows.insert_row(contacts, {"phone": "existing", "name": "Keep me", "age": 3})
    stream: Any = achunked(text) if source == "async" else chunked(text)
    report = await transfer.import_rows(contacts, stream)
    assert not report.committed
    assert report.rows_imported == 0
    assert report.rows_read == total
    assert report.errors_total == len(bad) == 10
    assert {e["line"]: e["errors"][0]["field"] for e in report.errors} == bad
    assert [e["line"] for e in report.errors] == sorted(bad)
    assert await count(contacts) == 1
    assert await rows.get_row(contacts, before["id"]) == before


async def test_skip_mode_imports_the_good_rows(
    contacts: Dataset, big: tuple[str, dict[int, str], int]
) -> None:
    text, bad, total = big
    await rows.insert_row(contacts, {"phone": "existing"})
    seen: list[tuple[int, int]] = []

    async def progress(read: int, written: int) -> None:
        seen.append((read, written))

    report = await transfer.import_rows(
        contacts, achunked(text, 10_000), skip_bad_rows=True, progress=progress
    )
    assert report.committed
    assert report.rows_imported == total - len(bad)
    assert {e["line"] for e in report.errors} == set(bad)
    assert report.errors_total == len(bad)
    assert await count(contacts) == 1 + total - len(bad)
    assert len(seen) > 10
    assert seen == sorted(seen)
    assert seen[-1] == (report.rows_read, report.rows_imported)
    clash = next(e for e in report.errors if e["errors"][0]["message"].startswith("duplicates"))
    assert clash["errors"][0]["message"] == "duplicates line 52 of the file"
    page = await rows.list_rows(contacts, equals={"phone": "0000007"})
    assert page.rows[0]["name"] == "two\nlines, quoted"
    assert page.rows[0]["balance"] == "1.50"
    page = await rows.list_rows(contacts, equals={"phone": "0001000"})
    assert page.rows[0]["born"] == "1990-05-17"
    assert page.rows[0]["name"] == "Zoë 1000", "UTF-8 split across chunks decodes"


async def test_header_detection(contacts: Dataset) -> None:
    with_header = "PHONE,Name,age\n1,Ann,30\n"
    report = await transfer.import_rows(contacts, [with_header.encode()])
    assert (report.committed, report.rows_imported) == (True, 1)
    without = "2,Bob,40,2000-01-02\n3,Cy,,\n"
    report = await transfer.import_rows(contacts, [without.encode()])
    assert (report.committed, report.rows_imported, report.errors) == (True, 2, [])
    bob = (await rows.list_rows(contacts, equals={"phone": "2"})).rows[0]
    assert (bob["name"], bob["age"], bob["born"], bob["balance"]) == (
        "Bob",
        40,
        "2000-01-02",
        "0.00",
    )
    forced = await transfer.import_rows(contacts, [b"phone,name\n"], header=False)
    assert forced.rows_imported == 1, "header=False reads the first row as data"
    assert await count(contacts) == 4


async def test_column_mapping_and_unknown_fields(contacts: Dataset) -> None:
    text = "Mobile,Full Name,Extra,Other\n+441,Ann,x,y\n+442,Bob,x,y\n"
    report = await transfer.import_rows(
        contacts, [text.encode()], mapping={"mobile": "phone", "Full Name": "name", "Other": None}
    )
    assert report.committed and report.rows_imported == 2
    assert report.unknown_fields == ["Extra"], "reported once, not per row"
    got = await rows.list_rows(contacts, sort="phone")
    assert [(r["phone"], r["name"]) for r in got.rows] == [("+441", "Ann"), ("+442", "Bob")]
    positional = await transfer.import_rows(
        contacts, [b"Cy,+443\n"], header=False, mapping={"1": "name", "2": "phone"}
    )
    assert positional.rows_imported == 1
    with pytest.raises(ValidationFailed):
        await transfer.import_rows(contacts, [text.encode()], mapping={"mobile": "nope"})


async def test_jsonl_import(contacts: Dataset) -> None:
    lines = [
        {"phone": "1", "tags": ["a", {"b": 1}], "vip": True, "balance": 2.346},
        {"phone": "2", "age": "x"},
        "not json",
        {"phone": "3", "seen": "2026-01-02T03:04:05+02:00", "colour": "red"},
        [1, 2],
    ]
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n"
    report = await transfer.import_rows(contacts, achunked(text, 7), format="jsonl")
    assert not report.committed and await count(contacts) == 0
    assert [e["line"] for e in report.errors] == [2, 3, 5]
    assert report.errors[0]["errors"] == [{"field": "age", "message": "is not a valid integer"}]
    report = await transfer.import_rows(
        contacts, achunked(text, 7), format="jsonl", skip_bad_rows=True
    )
    assert (report.rows_imported, report.errors_total, report.unknown_fields) == (2, 3, ["colour"])
    one = (await rows.list_rows(contacts, equals={"phone": "1"})).rows[0]
    assert (one["tags"], one["vip"], one["balance"]) == (["a", {"b": 1}], True, "2.35")
    three = (await rows.list_rows(contacts, equals={"phone": "3"})).rows[0]
    assert three["seen"] == "2026-01-02T01:04:05+00:00"


async def test_database_unique_clash_is_pinned_to_its_line(
    contacts: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clash the pre-checks miss (a concurrent writer) is found row by row."""

    async def nothing(self: Any, batch: Any, lines: Any) -> Any:
        return batch, lines

    monkeypatch.setattr(transfer._Import, "_drop_existing", nothing)
    await rows.insert_row(contacts, {"phone": "taken"})
    text = "phone,name\na,1\nb,2\ntaken,3\nc,4\n"
    report = await transfer.import_rows(contacts, [text.encode()], skip_bad_rows=True)
    assert (report.rows_imported, [e["line"] for e in report.errors]) == (3, [4])
    assert report.errors[0]["errors"][0]["field"] == "phone"
    assert await count(contacts) == 4
    report = await transfer.import_rows(contacts, [b"phone\nd\ntaken\n"])
    assert (report.committed, [e["line"] for e in report.errors]) == (False, [3])
    assert await count(contacts) == 4


async def test_report_caps_stored_errors(contacts: Dataset) -> None:
    text = "phone,age\n" + "".join(f"{n},x\n" for n in range(1500))
    report = await transfer.import_rows(contacts, [text.encode()], batch_size=100)
    assert (report.errors_total, len(report.errors)) == (1500, transfer.MAX_REPORTED)
    assert report.to_json()["errors_truncated"] is True


WEIRD = ["=cmd|' /C calc'!A0", "+1", "-2", "@x", "\tTab", "'=quoted", "'tis", "plain"]


async def test_export_escapes_formulas_and_round_trips(contacts: Dataset, app_id: int) -> None:
    for n, name in enumerate(WEIRD):
        await rows.insert_row(
            contacts,
            {
                "phone": f"p{n}",
                "name": name,
                "age": -n,
                "balance": "-3.1",
                "vip": n % 2 == 0,
                "tags": {"n": n, "s": "=x"} if n else None,
                "born": "2024-02-29" if n else None,
                "seen": "2026-11-25T10:00:00+01:00",
                "notes": 'multi\nline, "quoted"' if n == 1 else None,
            },
        )
    text = "".join([chunk async for chunk in transfer.export_rows(contacts, format="csv")])
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:4] == ["id", "created_at", "updated_at", "phone"]
    names = [r[4] for r in table[1:]]
    assert names == [
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-2",
        "'@x",
        "'\tTab",
        "''=quoted",
        "'tis",
        "plain",
    ]
    second = table[2]
    assert second[5:] == [
        "-1",
        "2024-02-29",
        "-3.10",
        "false",
        '{"n": 1, "s": "=x"}',
        "2026-11-25T09:00:00+00:00",
        'multi\nline, "quoted"',
    ]
    copy = await make_dataset(app_id, "copy")
    report = await transfer.import_rows(copy, achunked(text, 100))
    assert report.committed and report.unknown_fields == []
    original = (await rows.list_rows(contacts, limit=100)).rows
    imported = (await rows.list_rows(copy, limit=100)).rows

    def strip(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in r.items() if k not in rows.PLATFORM} for r in found]

    assert strip(imported) == strip(original)


async def test_export_streams_in_pages(
    contacts: Dataset, app_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "EXPORT_PAGE", 10)
    text = "phone,vip,balance\n" + "".join(f"{n},{n % 2},{n}.5\n" for n in range(25))
    assert (await transfer.import_rows(contacts, [text.encode()])).rows_imported == 25
    stream = transfer.export_rows(contacts, format="jsonl")
    chunks = []
    async for chunk in stream:
        chunks.append(chunk)
    assert [c.count("\n") for c in chunks] == [10, 10, 5]
    first = json.loads(chunks[0].splitlines()[0])
    assert (first["phone"], first["vip"], first["balance"], first["tags"]) == (
        "0",
        False,
        "0.50",
        None,
    )
    assert first["created_at"].endswith("+00:00")
    csv_chunks = [c async for c in transfer.export_rows(contacts)]
    assert len(csv_chunks) == 4, "a header, then one chunk per page"
    copy = await make_dataset(app_id, "copy")
    report = await transfer.import_rows(
        copy, [c.encode() for c in chunks], format="jsonl", skip_bad_rows=False
    )
    assert report.rows_imported == 25 and report.unknown_fields == []


async def test_delete_where(contacts: Dataset) -> None:
    text = "phone,age,vip\n" + "".join(f"{n},{n % 3},{n % 2}\n" for n in range(30))
    await transfer.import_rows(contacts, [text.encode()])
    assert await transfer.delete_where(contacts, {"age": "1", "vip": "true"}) == 5
    assert await transfer.delete_where(contacts, {"born": None, "age": 2}) == 10
    assert await count(contacts) == 15
    with pytest.raises(ValidationFailed):
        await transfer.delete_where(contacts, {})
    with pytest.raises(ValidationFailed):
        await transfer.delete_where(contacts, {"age": "many"})
    with pytest.raises(ValidationFailed):
        await transfer.delete_where(contacts, {"nope": 1})
    assert await transfer.delete_where(contacts, {}, all_rows=True) == 15
    assert await count(contacts) == 0


async def test_bad_files(contacts: Dataset) -> None:
    with pytest.raises(ValidationFailed, match="UTF-8"):
        await transfer.import_rows(contacts, [b"phone\n\xff\xfe\n"])
    report = await transfer.import_rows(contacts, [b'phone,name\n1,"never closed\n2,x\n'])
    assert [e["line"] for e in report.errors] == [2]
    report = await transfer.import_rows(contacts, [b"phone,name\n1,a,extra\n"])
    assert report.errors[0]["errors"][0]["message"] == "has 3 cells, expected at most 2"
    assert await count(contacts) == 0


async def test_cell_fast_paths_match_the_exact_coercion(contacts: Dataset) -> None:
    """Whole-column shortcuts (plain text, digits, JSON text) and their fallbacks agree."""
    long_name = "x" * 256
    text = (
        "phone,name,age,tags,notes\n"
        "1,'=a,007,null,\n"  # quoted formula text, leading zeros, JSON null is NULL
        '2,,-0, [1] ,"\'tis"\n'  # empty text is NULL; JSON with spaces
        '3,plain,1e3,"{""a"": 1.50}",n\n'
        "4,b,+5,{bad,\n"  # line 5: JSON refused
        f"5,{long_name},1,,\n"  # line 6: too long
        "6,c,2147483648,,\n"  # line 7: out of range
        "7\n"  # short row: the other columns missing
        ",d,1,,\n"  # line 9: phone is required
    )
    report = await transfer.import_rows(contacts, [text.encode()], skip_bad_rows=True)
    assert report.rows_imported == 4
    assert [(e["line"], e["errors"][0]["field"]) for e in report.errors] == [
        (5, "tags"),
        (6, "name"),
        (7, "age"),
        (9, "phone"),
    ]
    assert report.errors[0]["errors"][0]["message"] == "is not a valid json (JSON text)"
    assert report.errors[1]["errors"][0]["message"] == "is longer than 255 characters"
    assert report.errors[3]["errors"][0]["message"] == "is required"
    got = {r["phone"]: r for r in (await rows.list_rows(contacts, limit=10)).rows}
    assert set(got) == {"1", "2", "3", "7"}
    assert (got["1"]["name"], got["1"]["age"], got["1"]["tags"]) == ("=a", 7, None)
    assert (got["2"]["name"], got["2"]["age"], got["2"]["tags"]) == (None, 0, [1])
    assert got["2"]["notes"] == "'tis"
    assert (got["3"]["age"], got["3"]["tags"], got["3"]["notes"]) == (1000, {"a": 1.5}, "n")
    assert (got["7"]["name"], got["7"]["balance"]) == (None, "0.00")


async def test_database_clash_in_a_large_batch_keeps_the_good_rows(
    contacts: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk write (COPY on PostgreSQL) refused: the batch is retried row by row."""

    async def nothing(self: Any, batch: Any, lines: Any) -> Any:
        return batch, lines

    monkeypatch.setattr(transfer._Import, "_drop_existing", nothing)
    await rows.insert_row(contacts, {"phone": "500"})
    text = "phone,age\n" + "".join(f"{n},{n % 50}\n" for n in range(1000))
    report = await transfer.import_rows(
        contacts, [text.encode()], skip_bad_rows=True, batch_size=300
    )
    assert (report.rows_imported, [e["line"] for e in report.errors]) == (999, [502])
    assert report.errors[0]["errors"] == [
        {"field": "phone", "message": "already exists in the dataset"}
    ]
    assert await count(contacts) == 1000
    page = await rows.list_rows(contacts, equals={"phone": "999"})
    assert page.rows[0]["age"] == 49
