"""The router's other slot, held by the live generation while it is the only one.

roro's router lists two slots of backend ports per service, the live generation's and the one the next serve
starts in, so that switching never reloads nginx. A slot without a backend refuses connections, and nginx tries it
again every few seconds: a failed connect and an error line each time, for as long as the service runs. So while
the live file names this worker's generation alone (or names none yet: a first start), the worker also listens on
its backend's port in the other slot (RORO_OTHER_SLOT_PORT), with SO_REUSEPORT: the other workers do the same, and
the next generation's gunicorn binds it beside them. A serve then marks its new generation standby in the live file
(GEN:standby); this generation lets go of the port as soon as it reads that (the first routed request to find
the file changed, or its look every CHECK_S), its idle connections from there closed at once and busy ones after
their answer, and the serve waits until the port is the new generation's
alone before it checks its health. Nothing here holds a port a generation needs: it binds only beside others.
"""
import errno
import socket
import weakref


class OtherSlot:
    """One worker's listener on the other slot's port, opened and closed as the live file says."""
    CHECK_S = 0.1

    def __init__(self, loop, host, port, gate, connection, backlog, log):
        self.loop = loop
        self.address = (host, port)
        self.gate = gate  # the app's: a request that finds the file changed has this worker let go before its answer
        self.connection = connection  # makes a Connection for an accepted client
        self.backlog = backlog
        self.log = log
        self.server = None
        self.accepted = weakref.WeakSet()
        self.timer = None
        self.stopped = False
        self.refused = None  # why the last bind failed, said once

    @classmethod
    def of(cls, loop, given, gate, connection, backlog, log):
        """The other slot of a backend roro's router fronts, read through the app's gate; None outside one."""
        if not (given.other_slot_port and gate is not None and gate.live_file and gate.generation):
            return None
        host = given.bind.rpartition(":")[0] or "127.0.0.1"
        slot = cls(loop, host, given.other_slot_port, gate, connection, backlog, log)
        gate.changed.append(slot.apply)
        return slot

    async def start(self):
        """Looks at once (a first generation holds both slots before its health check answers), then every CHECK_S
        and whenever a request finds the live file changed."""
        self.gate.refresh()  # (which calls apply when it reads the file for the first time)
        self.apply()
        if self.server is not None:
            await self.server
        self.timer = self.loop.call_later(self.CHECK_S, self.check)

    def check(self):
        self.timer = self.loop.call_later(self.CHECK_S, self.check)
        self.gate.refresh()  # calls apply when the file changed

    def apply(self):
        """What the live file now says: listen, or let go (before the request that found it is answered)."""
        wanted = self.gate.sole and not self.stopped
        if wanted and self.server is None:
            self._listen()
        elif not wanted and self.server is not None:
            self.release()

    def _listen(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(self.address)
            sock.listen(self.backlog)
            sock.setblocking(False)
        except OSError as e:
            sock.close()
            if self.refused != e.errno:  # a backend of an older roro holds it alone: tried again, said once
                self.refused = e.errno
                self.log.info("not listening on the other slot's port %d yet: %s", self.address[1],
                              errno.errorcode.get(e.errno, e))
            return
        self.refused = None
        # a task until the listener is open; release closes it either way
        self.server = self.loop.create_task(self.loop.create_server(self._accept, sock=sock, backlog=self.backlog))

    def _accept(self):
        connection = self.connection()
        self.accepted.add(connection)
        return connection

    def release(self):
        """Closes the listener; its idle connections now, the others once they have answered what they were asked."""
        self.server.add_done_callback(_close)
        self.server = None
        for connection in list(self.accepted):
            connection.retire()

    def stop(self):
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()
        self.apply()


def _close(opening):
    if not opening.cancelled() and opening.exception() is None:
        opening.result().close()
