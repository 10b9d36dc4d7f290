"""The gunicorn worker of roro's asyncio serving: an event loop (uvloop when the image has it) serving
roro_runtime.connection on gunicorn's listening sockets, with gunicorn's heartbeat, signals and graceful stop."""
import asyncio
import os
import signal
import sys

from gunicorn.workers import base

from roro_runtime import settings
from roro_runtime.connection import Connection
from roro_runtime.slots import OtherSlot


class Connections:
    """The worker's open connections and answered requests: what a graceful stop waits for. Their deadlines (a
    request's whole-request time, an idle connection's keep-alive) are looked at every SWEEP_S."""
    SWEEP_S = 0.25

    def __init__(self):
        self.open = set()
        self.count = 0
        self.serving = True
        self.sweeping = None

    def opened(self, connection):
        self.open.add(connection)
        if self.sweeping is None:
            self.sweeping = asyncio.get_running_loop().call_later(self.SWEEP_S, self.sweep)

    def sweep(self):
        loop = asyncio.get_running_loop()
        now = loop.time()
        for connection in list(self.open):
            connection.expire(now)
        self.sweeping = loop.call_later(self.SWEEP_S, self.sweep) if self.open else None

    def closed(self, connection):
        self.open.discard(connection)

    def answered(self):
        self.count += 1


class RoroWorker(base.Worker):
    def init_process(self):
        try:
            import uvloop
            asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        except ImportError:
            pass
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.exit_code = 0
        self.wakeup = None
        super().init_process()

    def init_signals(self):
        # through the loop, as aiohttp's worker does: a handler runs between callbacks, never inside a request
        for number, handler in ((signal.SIGQUIT, self.handle_quit), (signal.SIGTERM, self.handle_exit),
                                (signal.SIGINT, self.handle_quit), (signal.SIGWINCH, self.handle_winch),
                                (signal.SIGUSR1, self.handle_usr1), (signal.SIGABRT, self.handle_abort)):
            self.loop.add_signal_handler(number, handler, number, None)
        signal.siginterrupt(signal.SIGTERM, False)
        signal.siginterrupt(signal.SIGUSR1, False)

    def handle_exit(self, sig, frame):
        self.alive = False
        self._wake()

    def handle_quit(self, sig, frame):
        self.alive = False
        self.cfg.worker_int(self)
        self._wake()

    def handle_abort(self, sig, frame):
        self.alive = False
        self.exit_code = 1
        self.cfg.worker_abort(self)
        sys.exit(1)

    def _wake(self):
        if self.wakeup is not None and not self.wakeup.done():
            self.wakeup.set_result(None)

    def run(self):
        try:
            self.loop.run_until_complete(self._serve())
        except Exception:
            self.log.exception("roro worker failed")
            self.exit_code = 1
        self.loop.close()
        sys.exit(self.exit_code)

    async def _serve(self):
        app = self.wsgi  # roro_runtime.aserve.Application (serve.create_app)
        connections = Connections()
        keepalive = max(1, self.cfg.keepalive)
        servers = [await self.loop.create_server(lambda: Connection(app, keepalive, connections),
                                                 sock=getattr(listener, "sock", listener), backlog=self.cfg.backlog)
                   for listener in self.sockets]
        other = OtherSlot.of(self.loop, settings.current(), getattr(getattr(app, "service", None), "gate", None),
                             lambda: Connection(app, keepalive, connections), self.cfg.backlog, self.log)
        if other is not None:
            await other.start()
        pid = os.getpid()
        while self.alive:
            self.notify()
            if self.cfg.max_requests and connections.count > self.cfg.max_requests:
                self.log.info("Max requests, shutting down: %s", self)
                self.alive = False
            elif self.ppid != os.getppid() and pid == os.getpid():
                self.log.info("Parent changed, shutting down: %s", self)
                self.alive = False
            else:
                self.wakeup = self.loop.create_future()
                self.loop.call_later(1.0, self._wake)
                await self.wakeup
        await self._stop(servers, connections, other)

    async def _stop(self, servers, connections, other):
        """Accepts no more; answers what was asked (within the graceful timeout), closing each connection after."""
        connections.serving = False
        if other is not None:
            other.stop()
        for server in servers:
            server.close()
        deadline = self.loop.time() + self.cfg.graceful_timeout * 0.95
        while connections.open and self.loop.time() < deadline:
            for connection in list(connections.open):
                if connection.idle():
                    connection.close()
            self.notify()
            await asyncio.sleep(0.05)
        for connection in list(connections.open):
            connection.close()
