"""Domain errors. The web and API layers map each to an HTTP status in one place."""

from __future__ import annotations

from typing import Any

from insightrepo.i18n import gettext, speaks_api


class ServiceError(Exception):
    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFound(ServiceError):
    code = "not_found"


class Forbidden(ServiceError):
    code = "forbidden"


class Conflict(ServiceError):
    code = "conflict"


class Corrupt(ServiceError):
    """Stored data failed its integrity check (a snapshot object that does not match its hash):
    refused rather than shown. Nothing the caller sent can fix it; an operator must."""

    code = "corrupt"


class Invalid(ServiceError):
    """Bad input; ``fields`` maps a field name to a message a user can act on."""

    code = "invalid"

    def __init__(self, fields: dict[str, str], message: str | None = None):
        super().__init__(message or gettext("Some fields are not valid."), {"fields": fields})
        self.fields = fields


class Busy(ServiceError):
    """The caller already has as many expensive requests running as they may; try again later."""

    code = "rate_limited"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after


class TimedOut(ServiceError):
    """The work took longer than its time budget and was stopped; nothing was changed."""

    code = "timeout"

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, {"retry_after": retry_after})
        self.retry_after = retry_after


def check_version(obj: Any, version: int | None) -> None:
    """The optimistic lock: an edit must name the version it was based on."""
    if version is None:
        raise Invalid({"version": "version is required: send the version you edited" if speaks_api() else gettext(
            "The form did not say which version you edited; open the page again and make your change there.")})
    if version != obj.version:
        raise Conflict(
            gettext("Someone else changed this since you loaded it."),
            {"current_version": obj.version, "your_version": version},
        )
