"""HTTP/1.1 on one connection, as roro's asyncio workers speak it: httptools' C parser (what uvicorn uses) and
nothing else between the socket and the service. aiohttp's request and response objects were ~40 % of a worker's
time per prediction (cProfile, issue 36); this is the part of them roro needs:

- keep-alive and pipelining, answers in request order (a batched prediction holds the ones behind it);
- a request's headers and body within RORO_BODY_TIMEOUT_S of its first byte, else a 408 and the connection closed;
- bodies over RORO_MAX_BODY_BYTES not kept (the app answers them), Expect: 100-continue, chunked bodies, HEAD;
- an idle connection closed after the worker's keep-alive time; what cannot be parsed a JSON 400, then closed.
"""
import asyncio
import collections
from typing import NamedTuple
from urllib.parse import unquote

import httptools

from roro_runtime.bodies import MAX_BODY, BODY_TIMEOUT_S, RequestTimeout

# requests read ahead of their answers (pipelined) before reading pauses
_READ_AHEAD = 32


class Request(NamedTuple):
    method: str
    path: str
    headers: dict  # lower-case names
    body: bytes
    failure: Exception  # RequestTimeout (a 408) or ValueError (a 400): why the body is not there; else None
    clients: int  # the connections open in this worker when it came (who it could be batched with)


class Reply(NamedTuple):
    status: str  # "200 OK"
    body: bytes
    headers: list  # (name, value), Content-Length and Connection added when written


def _raw_answer(status, message):
    body = ('{"error": "%s"}' % message).encode()
    return (b"HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (status.encode(), len(body), body))


class Connection(asyncio.Protocol):
    """One client connection; app.handle(Request) gives a Reply, or a future of one."""

    def __init__(self, app, keepalive_s, server, body_timeout_s=BODY_TIMEOUT_S):
        self.app = app
        self.keepalive_s = keepalive_s
        self.body_timeout_s = body_timeout_s
        self.server = server
        self.loop = asyncio.get_running_loop()
        self.transport = None
        self.parser = httptools.HttpRequestParser(self)
        self.waiting = collections.deque()
        self.answering = False
        self.closed = False
        self.deadline = None  # loop time at which on_deadline runs (Connections.sweep looks)
        self.on_deadline = None
        self.refused = False
        self.write_paused = False
        self.retiring = False  # closed after its answer: its listener was let go (roro_runtime.slots)
        self._reset()

    def _reset(self):
        self.url = b""
        self.headers = {}
        self.body = []
        self.size = 0
        self.failure = None
        self.in_message = False
        self.headers_done = False

    # asyncio.Protocol

    def connection_made(self, transport):
        self.transport = transport
        self.server.opened(self)
        self._idle()

    def connection_lost(self, exc):
        self.closed = True
        self.deadline = None
        self.server.closed(self)

    def pause_writing(self):
        """The client does not read its answers: read no more requests until it does (memory stays bounded)."""
        self.write_paused = True
        self.transport.pause_reading()

    def resume_writing(self):
        self.write_paused = False
        if not self.waiting and not self.closed and not self.refused:
            self.transport.resume_reading()

    def data_received(self, data):
        if self.refused or self.closed:
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._refuse("400 Bad Request", "upgrades are not served here")
        except httptools.HttpParserError:
            self._refuse("400 Bad Request", "bad request: it is not HTTP/1.1")

    # httptools' callbacks, in the order it calls them

    def on_message_begin(self):
        self._reset()
        self.in_message = True
        self._arm(self.body_timeout_s, self._timed_out)

    def on_url(self, url):
        self.url += url

    def on_header(self, name, value):
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")

    def on_headers_complete(self):
        self.headers_done = True
        length = self.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > MAX_BODY:
            # answered now, without its body; nothing more is read from this connection
            self.refused = True
            self.deadline = None
            self.transport.pause_reading()
            self._enqueue(ValueError("body is larger than %d bytes" % MAX_BODY), False)
        elif self.headers.get("expect", "").lower() == "100-continue":
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, chunk):
        if self.failure is not None or self.refused:
            return
        self.size += len(chunk)
        if self.size > MAX_BODY:
            self.failure = ValueError("body is larger than %d bytes" % MAX_BODY)
            self.body = []
        else:
            self.body.append(chunk)

    def on_message_complete(self):
        self.in_message = False
        if self.refused:
            return
        self.deadline = None
        self._enqueue(self.failure, self.parser.should_keep_alive())

    # answering

    def _enqueue(self, failure, keep_alive):
        method = self.parser.get_method().decode("latin-1")
        path = unquote(httptools.parse_url(self.url).path.decode("latin-1")) if self.url else "/"
        request = Request(method, path, self.headers, b"".join(self.body), failure, len(self.server.open))
        self.waiting.append((request, keep_alive))
        if len(self.waiting) > _READ_AHEAD:
            self.transport.pause_reading()
        self._answer_next()

    def _answer_next(self):
        while self.waiting and not self.answering and not self.closed:
            request, keep_alive = self.waiting.popleft()
            self.answering = True  # (not idle while the app has it: a retire from inside waits for the answer)
            reply = self.app.handle(request)
            if isinstance(reply, asyncio.Future):
                reply.add_done_callback(lambda done, r=request, k=keep_alive: self._answered(r, k, done))
                return
            self.answering = False
            self._write(request, keep_alive, reply)
        if not self.waiting and not self.closed and not self.write_paused and not self.refused:
            self.transport.resume_reading()

    def _answered(self, request, keep_alive, done):
        self.answering = False
        if not self.closed:
            self._write(request, keep_alive, done.result())
            self._answer_next()

    def _write(self, request, keep_alive, reply):
        keep_alive = keep_alive and request.failure is None and self.server.serving and not self.retiring
        head = ["HTTP/1.1 %s\r\nContent-Length: %d\r\n" % (reply.status, len(reply.body))]
        head.extend("%s: %s\r\n" % header for header in reply.headers)
        head.append("\r\n" if keep_alive else "Connection: close\r\n\r\n")
        data = "".join(head).encode("latin-1")
        self.transport.write(data if request.method == "HEAD" else data + reply.body)
        self.server.answered()
        if not keep_alive:
            self.close()
        elif not self.waiting and not self.in_message:  # (a request begun meanwhile keeps its own deadline)
            self._idle()

    def _timed_out(self):
        """The request did not arrive whole in time: a 408 through the app (counted) once its headers are here."""
        if self.closed:
            return
        if not self.headers_done:
            self.transport.write(_raw_answer("408 Request Timeout", "the request did not arrive in %gs"
                                             % self.body_timeout_s))
            self.close()
            return
        self.refused = True  # mid-message: nothing more of this connection is read
        self.transport.pause_reading()
        self._enqueue(RequestTimeout("the body did not arrive: Content-Length says %s bytes, not all came for %gs"
                                     % (self.headers.get("content-length", "unknown"), self.body_timeout_s)), False)

    def _refuse(self, status, message):
        if not self.closed:
            self.transport.write(_raw_answer(status, message))
            self.close()

    def _idle(self):
        self._arm(self.keepalive_s, self.close)

    def _arm(self, seconds, action):
        # a time to compare, not a timer per request: two timers a request were ~3 % of a worker's time
        self.deadline = self.loop.time() + seconds
        self.on_deadline = action

    def expire(self, now):
        """Called by Connections.sweep: runs what is due (a 408, or closing an idle connection)."""
        if self.deadline is not None and now >= self.deadline:
            self.deadline = None
            self.on_deadline()

    def close(self):
        """Ends the connection (an answer being computed is not written)."""
        self.deadline = None
        if not self.closed:
            self.closed = True
            self.transport.close()

    def retire(self):
        """Closed now when idle, else once it has answered what it was asked."""
        self.retiring = True
        if self.idle():
            self.close()

    def idle(self):
        """Between requests: closing it now loses nothing."""
        return not self.in_message and not self.waiting and not self.answering
