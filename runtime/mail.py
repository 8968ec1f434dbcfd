"""Sending e-mail through the platform's SMTP server (``TRUNKLINE_SMTP_*``): one place for
ScriptForge's ``cxSend.email`` and voicemail notifications."""

from __future__ import annotations

from email.message import EmailMessage

from runtime.settings import Settings


class MailNotSent(Exception):
    """E-mail is not configured, or the server refused or could not be reached."""


async def deliver(
    message: EmailMessage,
    *,
    host: str,
    port: int,
    username: str = "",
    password: str = "",
    starttls: bool = False,
    time_limit: float = 10.0,
) -> None:
    import aiosmtplib

    if not host:
        raise MailNotSent("e-mail is not configured (TRUNKLINE_SMTP_HOST)")
    try:
        await aiosmtplib.send(
            message,
            hostname=host,
            port=port,
            username=username or None,
            password=password or None,
            start_tls=starttls,
            timeout=time_limit,
        )
    except (aiosmtplib.SMTPException, OSError) as exc:
        raise MailNotSent(f"e-mail could not be sent: {exc}") from None


async def deliver_with(settings: Settings, message: EmailMessage, time_limit: float = 10.0) -> None:
    """:func:`deliver` through the server the settings name."""
    await deliver(
        message,
        host=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
        time_limit=time_limit,
    )
