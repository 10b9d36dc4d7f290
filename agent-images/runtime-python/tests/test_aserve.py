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
from roro_runtime.serve import Service  # noqa: E402

SIZES = []


def score(amount, years=1):
    return {"risk": amount / (years * 1000.0)}


def score_batch(rows):
    SIZES.append(len(rows))
    if any(row.get("amount") == -1 for row in rows):
        raise ValueError("a bad row")
    return [{"risk": row["amount"] / (row.get("years", 1) * 1000.0), "batch": len(rows)} for row in rows]


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
        self.assertEqual(200, sum(SIZES))
        self.assertGreater(max(SIZES), 1, "concurrent requests went together")
        self.assertLessEqual(max(SIZES), 64, "max_size caps a batch")
        SIZES.clear()
        lone = await client.post("/", data=json.dumps({"amount": 7}))
        self.assertEqual({"risk": 0.007, "batch": 1}, await lone.json())

    async def test_a_failing_batch_is_a_500_with_an_id_for_its_requests_only(self):
        client, service = await self.client(score_batch)
        ok = await client.post("/", data=json.dumps({"amount": 1}))
        self.assertEqual(200, ok.status)
        bad = await client.post("/", data=json.dumps({"amount": -1}))
        self.assertEqual(500, bad.status)
        self.assertRegex((await bad.json())["error"], r"internal error [0-9a-f]{12}")
        self.assertIn("roro_errors_total 1", service.metrics.render("m:v3"))
        batch = await client.post("/batch", data=json.dumps([{"amount": 1000}, {"amount": 2000}]))
        self.assertEqual([1.0, 2.0], [b["risk"] for b in await batch.json()])


if __name__ == "__main__":
    unittest.main()
