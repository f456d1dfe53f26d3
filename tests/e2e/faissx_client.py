"""A minimal FAISSx-protocol client, as a FAISSx user's code talks to a server: one ZeroMQ REQ
socket, one msgpack map per request, one per reply (see shared/specs/faissx-protocol.md §3-§4).
Uses Debian's python3-zmq and python3-msgpack only."""

import msgpack
import zmq


class ServerError(RuntimeError):
    def __init__(self, reply):
        super().__init__(reply.get("error"))
        self.reply = reply


class FaissxClient:
    def __init__(self, url, timeout_s=120.0):
        self.url = url
        self.timeout_ms = int(timeout_s * 1000)
        self.ctx = zmq.Context()
        self.sock = None
        self._connect()

    def _connect(self):
        if self.sock is not None:
            self.sock.close(linger=0)
        self.sock = self.ctx.socket(zmq.REQ)
        self.sock.setsockopt(zmq.RCVTIMEO, self.timeout_ms)
        self.sock.setsockopt(zmq.SNDTIMEO, self.timeout_ms)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(self.url)

    def raw(self, payload: bytes) -> dict:
        """Sends raw bytes (possibly not msgpack at all) and returns the decoded reply."""
        try:
            self.sock.send(payload)
            return msgpack.unpackb(self.sock.recv(), raw=False)
        except zmq.Again:
            self._connect()  # a REQ socket is stuck after a timeout, as the real client knows
            raise TimeoutError("no reply within %d ms" % self.timeout_ms)

    def call(self, action, check=True, **fields) -> dict:
        fields["action"] = action
        reply = self.raw(msgpack.packb(fields, use_bin_type=True))
        if check and not reply.get("success"):
            raise ServerError(reply)
        return reply

    def close(self):
        self.sock.close(linger=0)
        self.ctx.term()
