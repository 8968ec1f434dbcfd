from runtime.models import User


async def test_database_starts_empty_on_both_dialects(db: str) -> None:
    assert db in {"sqlite", "postgres"}
    assert await User.all().count() == 0
    await User.create(username="x", password_hash="h")
    assert await User.all().count() == 1
