import logging

from .request_context import _request_id


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every log record so lines can be tied to audit events."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get() or "-"
        return True
