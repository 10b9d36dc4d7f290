"""The asyncio serving app over real HTTP on 127.0.0.1 (roro_runtime.connection, as the worker serves it): the same
answers as the WSGI app, batching, and HTTP/1.1 as clients and the router speak it."""
import asyncio
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

try:
    import httptools  # noqa: F401
    HAVE_HTTPTOOLS = True
except ImportError:  # the runtime image has it; a bare python3 may not
    HAVE_HTTPTOOLS = False

from roro_runtime.metrics import Metrics  # noqa: E402
from roro_runtime import BadInput  # noqa: E402
from roro_runtime.serve import Service  # noqa: E402

SIZES = []


def score(amount, years=1):
    if amount < 0:
        raise BadInput("amount must not be negative, got %s" % amount)
    return {"risk": amount / (years * 1000.0)}


def score_batch(rows):
    SIZES.append(len(rows))
    if any(row.get("amount") == -1 for row in rows):
        raise ValueError("a bad row")
    return [BadInput("row says no") if row.get("amount") == -2
            else {"risk": row["amount"] / (row.get("years", 1) * 1000.0), "batch": len(rows)} for row in rows]


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        return json.loads(self.body)


async def read_answer(reader, head=False):
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if line)
    length = int(headers.get("Content-Length", "0"))
    body = b"" if head else await reader.readexactly(length)
    return Answer(int(lines[0].split(" ")[1]), headers, body)


class Client:
    """A connection of its own per request unless told to reuse one: HTTP/1.1 written by hand, as a test needs it."""

    def __init__(self, port):
        self.port = port

    async def open(self):
        return await asyncio.open_connection("127.0.0.1", self.port)

    async def send(self, raw, head=False):
        reader, writer = await self.open()
        try:
            writer.write(raw)
            return await read_answer(reader, head)
        finally:
            writer.close()

    async def post(self, path, body):
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
        return await self.send(b"POST %s HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s"
                               % (path.encode(), len(body), body))

    async def post_together(self, path, bodies):
        """Each on its own connection, all written at once (then read): what arrives together can be batched."""
        connections = await asyncio.gather(*(self.open() for _ in bodies))
        for (_, writer), body in zip(connections, bodies):
            body = json.dumps(body).encode()
            writer.write(b"POST %s HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s" % (path.encode(), len(body), body))
        try:
            return await asyncio.gather(*(read_answer(reader) for reader, _ in connections))
        finally:
            for _, writer in connections:
                writer.close()

    async def get(self, path):
        return await self.send(b"GET %s HTTP/1.1\r\nHost: t\r\n\r\n" % path.encode())


@unittest.skipUnless(HAVE_HTTPTOOLS, "no httptools here (.ci/run installs python3-httptools)")
class AsyncServeTest(unittest.IsolatedAsyncioTestCase):
    async def client(self, batch=None, max_size=64, body_timeout_s=5, keepalive_s=5):
        os.environ.update({"RORO_BATCH_MAX_SIZE": str(max_size), "RORO_BATCH_MAX_WAIT_MS": "5"})
        from roro_runtime import aserve, connection, worker
        service = Service(score, "m:v3", "", Metrics(tempfile.mkdtemp()), "", None, batch)
        app = aserve.application(service)
        connections = worker.Connections()
        server = await asyncio.get_running_loop().create_server(
            lambda: connection.Connection(app, keepalive_s, connections, body_timeout_s), "127.0.0.1", 0)
        self.addAsyncCleanup(server.wait_closed)
        self.addCleanup(server.close)
        return Client(server.sockets[0].getsockname()[1]), service

    async def test_answers_as_the_wsgi_app(self):
        client, _ = await self.client()
        r = await client.post("/", {"amount": 500, "years": 2})
        self.assertEqual(200, r.status)
        self.assertEqual({"risk": 0.25}, r.json())
        self.assertEqual("m:v3", r.headers["X-Roro-Model-Version"])
        r = await client.post("/score", {"amount": 1, "colour": "red"})
        self.assertEqual(400, r.status)
        self.assertIn("(amount, years=1)", r.json()["error"])
        r = await client.post("/", b'{"amount": NaN}')
        self.assertEqual(400, r.status)
        self.assertEqual(200, (await client.get("/health")).status)
        self.assertEqual(404, (await client.post("/nowhere", b"{}")).status)
        self.assertEqual(405, (await client.get("/")).status)

    async def test_concurrent_requests_are_batched_and_each_gets_its_own_answer(self):
        SIZES.clear()
        client, _ = await self.client(score_batch)
        answers = await client.post_together("/", [{"amount": i} for i in range(200)])
        self.assertEqual([200] * 200, [a.status for a in answers])
        self.assertEqual([i / 1000.0 for i in range(200)], [a.json()["risk"] for a in answers])
        self.assertLessEqual(sum(SIZES), 200, "no request went to the batch function twice")
        self.assertGreater(max(SIZES), 1, "concurrent requests went together")
        self.assertLessEqual(max(SIZES), 64, "max_size caps a batch")
        SIZES.clear()
        lone = await client.post("/", {"amount": 7})
        self.assertEqual({"risk": 0.007}, lone.json(), "a lone request is served by score() itself")

    async def test_one_bad_row_fails_only_itself_the_good_rows_batched_with_it_are_answered(self):
        SIZES.clear()
        client, service = await self.client(score_batch)
        amounts = [-1 if i % 10 == 3 else -2 if i % 10 == 7 else i for i in range(100)]
        answers = await client.post_together("/", [{"amount": a} for a in amounts])
        self.assertGreater(max(SIZES), 1, "they were batched")
        for amount, answer in zip(amounts, answers):
            body = answer.json()
            if amount == -1:  # the batch function raised: retried alone through score(), whose own 400 answers
                self.assertEqual((400, "amount must not be negative, got -1"), (answer.status, body["error"]))
            elif amount == -2:  # the batch function answered the row with BadInput (or score() did, alone)
                self.assertEqual(400, answer.status)
                self.assertIn(body["error"], ("row says no", "amount must not be negative, got -2"))
            else:
                self.assertEqual((200, amount / 1000.0), (answer.status, body["risk"]))
        self.assertIn("roro_errors_total 0", service.metrics.render("m:v3"), "bad input is not a server error")
        batch = await client.post("/batch", [{"amount": 1000}, {"amount": 2000}])
        self.assertEqual([1.0, 2.0], [b["risk"] for b in batch.json()])
        bad = await client.post("/batch", [{"amount": 1000}, {"amount": -2}])
        self.assertEqual((400, "item 1: row says no"), (bad.status, bad.json()["error"]))

    async def test_pipelined_requests_on_one_connection_are_answered_in_order_batched_ones_included(self):
        client, _ = await self.client(score_batch)
        reader, writer = await client.open()
        requests = b""
        for amount in range(20):
            body = json.dumps({"amount": amount}).encode()
            path = b"/health" if amount % 5 == 4 else b"/"
            method = b"GET" if path == b"/health" else b"POST"
            requests += b"%s %s HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s" % (
                method, path, 0 if method == b"GET" else len(body), b"" if method == b"GET" else body)
        writer.write(requests)
        answers = [await read_answer(reader) for _ in range(20)]
        writer.close()
        for amount, answer in enumerate(answers):
            expected = {"status": "ok", "model_version": "m:v3"} if amount % 5 == 4 else {"risk": amount / 1000.0}
            self.assertEqual(expected, {k: v for k, v in answer.json().items() if k != "batch"})

    async def test_http_as_clients_speak_it_chunked_continue_head_keepalive_and_close(self):
        client, _ = await self.client()
        chunked = await client.send(b"POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    b"6\r\n{\"amou\r\na\r\nnt\": 2000}\r\n0\r\n\r\n")
        self.assertEqual((200, {"risk": 2.0}), (chunked.status, chunked.json()))
        reader, writer = await client.open()
        writer.write(b"POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 16\r\n\r\n")
        self.assertEqual(b"HTTP/1.1 100 Continue\r\n\r\n", await reader.readuntil(b"\r\n\r\n"))
        writer.write(b'{"amount": 3000}')
        self.assertEqual({"risk": 3.0}, (await read_answer(reader)).json())
        writer.write(b"HEAD /health HTTP/1.1\r\nHost: t\r\n\r\n")
        head = await read_answer(reader, head=True)
        self.assertEqual(405 if head.status == 405 else 404, head.status)  # a route for GET only, as in WSGI
        writer.write(b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        last = await read_answer(reader)
        self.assertEqual((200, "close"), (last.status, last.headers.get("Connection")))
        self.assertEqual(b"", await reader.read(), "closed after the answer the client asked to be the last")
        writer.close()
        garbage = await client.send(b"NOT HTTP AT ALL\r\n\r\n")
        self.assertEqual(400, garbage.status)

    async def test_a_body_that_stops_coming_is_answered_408_and_counted_a_larger_one_400(self):
        client, service = await self.client(body_timeout_s=0.5)
        reader, writer = await client.open()
        writer.write(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n{\"amount\"")
        stalled = await asyncio.wait_for(read_answer(reader), 5)
        self.assertEqual(408, stalled.status)
        self.assertIn("not all came for 0.5s", stalled.json()["error"])
        self.assertEqual(b"", await reader.read())
        writer.close()
        self.assertIn('roro_requests_total{route="/",status="408"} 1', service.metrics.render("m:v3"))
        reader, writer = await client.open()
        writer.write(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Le")  # headers that stop coming too
        self.assertEqual(408, (await asyncio.wait_for(read_answer(reader), 5)).status)
        writer.close()
        large = await client.send(b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999\r\n\r\n{}")
        self.assertEqual(400, large.status)
        self.assertIn("larger than", large.json()["error"])

    async def test_an_idle_connection_is_closed_after_the_keepalive_time_a_busy_one_is_not(self):
        client, _ = await self.client(keepalive_s=1.0)
        reader, writer = await client.open()
        for _ in range(4):  # 4 requests 0.2 s apart: never idle for 1 s
            writer.write(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            self.assertEqual(200, (await read_answer(reader)).status)
            await asyncio.sleep(0.2)
        self.assertEqual(b"", await asyncio.wait_for(reader.read(), 3), "closed once idle")
        writer.close()


if __name__ == "__main__":
    unittest.main()
