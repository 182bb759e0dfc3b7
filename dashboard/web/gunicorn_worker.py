"""gunicorn's threaded worker, reading each request's head in its main loop rather than on a thread.

gthread hands a connection to one of its few threads as soon as the first bytes arrive; the thread then
waits for the rest of the head. A client that sends one header line every few seconds holds that thread
for as long as it likes, and a few dozen such clients hold every thread of every worker: the server stops
answering (seen: 8 slow connections kept /health timing out). Here the worker's main loop, which already
waits on every idle connection without a thread, also gathers the head of each request, new or kept
alive, without blocking — and its body when it announces a small one (``Content-Length`` up to
``BODY_LIMIT_BYTES``): a thread is taken only once the request is in (or its head too long for the parser
to accept, or its body large or chunked, which the thread reads and the app refuses or bounds), and a
request not in within ``HEAD_TIMEOUT_S`` closes its connection. A buffering proxy in front (nginx) does
the same; this keeps the Procfile's one process safe without one. Slow readers of answers are bounded by
the routes (a send timeout on streamed downloads).
"""

from __future__ import annotations

import errno
import io
import re
import selectors
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

#: Seconds a client has to send a request's head (line and headers) and its small body.
HEAD_TIMEOUT_S = 10.0
#: Bytes of head gathered before the parser is left to refuse it (gunicorn's limits are smaller).
HEAD_LIMIT_BYTES = 64 * 1024
#: A body announced up to this size is gathered with the head (the app's own limit is 1 MB).
BODY_LIMIT_BYTES = 1024 * 1024
END_OF_HEAD = b"\r\n\r\n"
CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d{1,9})[ \t]*\r\n", re.IGNORECASE)
EXPECT = re.compile(rb"\r\nexpect:", re.IGNORECASE)


class HeadFirstWorker(ThreadWorker):
    """``worker_class`` of the Procfile's gunicorn (see the module's docstring)."""

    def init_process(self):
        self.gathering: dict = {}  # conn -> the time its request must be in by, oldest first (insertion order)
        super().init_process()

    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._gather(TConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection is sending its next request: gather its head too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._gather(conn)

    def _gather(self, conn) -> None:
        if self.cfg.is_ssl:  # the bytes are encrypted: the thread reads them, as gthread does
            self.enqueue_req(conn)
            return
        conn.sock.setblocking(False)
        conn.head = bytearray()
        self.gathering[conn] = time.monotonic() + HEAD_TIMEOUT_S
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_head_bytes, conn))

    def _on_head_bytes(self, conn, client) -> None:
        try:
            data = conn.sock.recv(8192)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away
            self._stop_gathering(conn)
            self.nr_conns -= 1
            conn.close()
            return
        conn.head += data
        if _request_in(conn.head):
            self._stop_gathering(conn)
            conn.data_ready = True
            self.enqueue_req(conn)

    def _stop_gathering(self, conn) -> None:
        self.poller.unregister(conn.sock)
        del self.gathering[conn]

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        while self.gathering and next(iter(self.gathering.values())) <= now:
            conn = next(iter(self.gathering))
            del self.gathering[conn]
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            self.nr_conns -= 1
            conn.close()

    def handle(self, conn):
        """Give the parser the head gathered, then let gthread read and answer the request."""
        head = getattr(conn, "head", None)
        if head is not None:
            conn.head = None
            conn.sock.setblocking(True)
            conn.init()
            if conn.parser is not None and not conn.is_http2:
                unreader = conn.parser.unreader
                buffered = unreader.buf.getvalue()
                unreader.buf = io.BytesIO()
                unreader.buf.write(buffered + bytes(head))
        return super().handle(conn)


def _request_in(data: bytes | bytearray) -> bool:
    """Whether ``data`` holds a request's head and the small body it announces, or more than is gathered."""
    end = data.find(END_OF_HEAD)
    if end < 0:
        return len(data) > HEAD_LIMIT_BYTES
    length = CONTENT_LENGTH.search(data, 0, end + 4)
    if length is None or int(length.group(1)) > BODY_LIMIT_BYTES or EXPECT.search(data, 0, end + 4):
        # no body, a chunked one, one the app refuses (413), or a client waiting for "100 Continue" before
        # it sends its body: the thread takes it from here
        return True
    return len(data) >= end + 4 + int(length.group(1))
