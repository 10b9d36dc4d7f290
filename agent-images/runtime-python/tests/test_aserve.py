"""The asyncio serving app (aiohttp) over real HTTP on 127.0.0.1: the same answers as the WSGI app, and batching."""
import asyncio
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

try:
    from aiohttp.test_utils import TestClient, TestServer
    HAVE_AIOHTTP = True
except ImportError:  # the runtime image has it; a bare python3 may not
    HAVE_AIOHTTP = False

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


@unittest.skipUnless(HAVE_AIOHTTP, "no aiohttp here (.ci/run installs python3-aiohttp)")
class AsyncServeTest(unittest.IsolatedAsyncioTestCase):
    async def client(self, batch=None, max_size=64):
        from roro_runtime import aserve
        os.environ["RORO_BATCH_MAX_SIZE"] = str(max_size)
        os.environ["RORO_BATCH_MAX_WAIT_MS"] = "5"
        service = Service(score, "m:v3", "", Metrics(tempfile.mkdtemp()), "", None, batch)
        client = TestClient(TestServer(aserve.application(service), host="127.0.0.1"))
        await client.start_server()
        self.addAsyncCleanup(client.close)
        return client, service

    async def test_answers_as_the_wsgi_app(self):
        client, _ = await self.client()
        r = await client.post("/", data=json.dumps({"amount": 500, "years": 2}))
        self.assertEqual(200, r.status)
        self.assertEqual({"risk": 0.25}, await r.json())
        self.assertEqual("m:v3", r.headers["X-Roro-Model-Version"])
        r = await client.post("/score", data=json.dumps({"amount": 1, "colour": "red"}))
        self.assertEqual(400, r.status)
        self.assertIn("(amount, years=1)", (await r.json())["error"])
        r = await client.post("/", data=b'{"amount": NaN}')
        self.assertEqual(400, r.status)
        self.assertEqual(200, (await client.get("/health")).status)
        self.assertEqual(404, (await client.post("/nowhere", data=b"{}")).status)

    async def test_concurrent_requests_are_batched_and_each_gets_its_own_answer(self):
        SIZES.clear()
        client, _ = await self.client(score_batch)
        answers = await asyncio.gather(*(client.post("/", data=json.dumps({"amount": i})) for i in range(200)))
        bodies = [await a.json() for a in answers]
        self.assertEqual([200] * 200, [a.status for a in answers])
        self.assertEqual([i / 1000.0 for i in range(200)], [b["risk"] for b in bodies])
        self.assertLessEqual(sum(SIZES), 200, "no request went to the batch function twice")
        self.assertGreater(max(SIZES), 1, "concurrent requests went together")
        self.assertLessEqual(max(SIZES), 64, "max_size caps a batch")
        SIZES.clear()
        lone = await client.post("/", data=json.dumps({"amount": 7}))
        self.assertEqual({"risk": 0.007}, await lone.json(), "a lone request is served by score() itself")

    async def test_one_bad_row_fails_only_itself_the_good_rows_batched_with_it_are_answered(self):
        SIZES.clear()
        client, service = await self.client(score_batch)
        amounts = [-1 if i % 10 == 3 else -2 if i % 10 == 7 else i for i in range(100)]
        answers = await asyncio.gather(*(client.post("/", data=json.dumps({"amount": a})) for a in amounts))
        statuses = [a.status for a in answers]
        bodies = [await a.json() for a in answers]
        self.assertGreater(max(SIZES), 1, "they were batched")
        for amount, status, body in zip(amounts, statuses, bodies):
            if amount == -1:  # the batch function raised: retried alone through score(), whose own 400 answers
                self.assertEqual((400, "amount must not be negative, got -1"), (status, body["error"]))
            elif amount == -2:  # the batch function answered the row with BadInput (or score() did, alone)
                self.assertEqual(400, status)
                self.assertIn(body["error"], ("row says no", "amount must not be negative, got -2"))
            else:
                self.assertEqual((200, amount / 1000.0), (status, body["risk"]))
        self.assertIn("roro_errors_total 0", service.metrics.render("m:v3"), "bad input is not a server error")
        batch = await client.post("/batch", data=json.dumps([{"amount": 1000}, {"amount": 2000}]))
        self.assertEqual([1.0, 2.0], [b["risk"] for b in await batch.json()])
        bad = await client.post("/batch", data=json.dumps([{"amount": 1000}, {"amount": -2}]))
        self.assertEqual((400, "item 1: row says no"), (bad.status, (await bad.json())["error"]))


if __name__ == "__main__":
    unittest.main()
