"""A real local webhook receiver (http.server in a thread) that can be down or fail."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from enlace.outbox.core import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_valid,
)


class Receiver:
    """Answers 503 while ``failing``; records every request; dedupes by event id."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.failing = False
        # When set, a request is recorded and accepted, then its answer waits for ``release``:
        # the worker that sent it can be killed before it hears back.
        self.hold = False
        self.holding = threading.Event()
        self.release = threading.Event()
        self.requests: list[tuple[str, bool]] = []  # (event id, signature valid)
        self.accepted: dict[str, bytes] = {}
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                valid = signature_valid(
                    secret=receiver.secret, timestamp=self.headers[TIMESTAMP_HEADER],
                    body=body, header=self.headers[SIGNATURE_HEADER],
                )  # fmt: skip
                event_id = self.headers[EVENT_ID_HEADER]
                receiver.requests.append((event_id, valid))
                if receiver.failing or not valid:
                    self.send_response(503 if valid else 401)
                else:
                    receiver.accepted.setdefault(event_id, body)
                    if receiver.hold:
                        receiver.holding.set()
                        receiver.release.wait(timeout=30)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
