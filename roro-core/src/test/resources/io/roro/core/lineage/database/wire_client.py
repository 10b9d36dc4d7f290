"""A raw MongoDB wire-protocol client (OP_MSG), no driver: what any local user can write against a loopback port.
Usage: wire_client.py PORT -- sends an insert of a forged document and a find, prints what came back."""
import socket
import struct
import sys


def bson(d):
    body = b"".join(element(k, v) for k, v in d.items())
    return struct.pack("<i", len(body) + 5) + body + b"\x00"


def element(key, value):
    k = key.encode() + b"\x00"
    if isinstance(value, str):
        return b"\x02" + k + struct.pack("<i", len(value) + 1) + value.encode() + b"\x00"
    if isinstance(value, int):
        return b"\x10" + k + struct.pack("<i", value)
    if isinstance(value, dict):
        return b"\x03" + k + bson(value)
    return b"\x04" + k + bson({str(i): v for i, v in enumerate(value)})


def op_msg(request_id, command):
    payload = struct.pack("<I", 0) + b"\x00" + bson(command)
    return struct.pack("<iiii", 16 + len(payload), request_id, 0, 2013) + payload


def ask(sock, request_id, command):
    try:
        sock.sendall(op_msg(request_id, command))
        header = sock.recv(16)
        if len(header) < 16:
            return "CLOSED"
        length = struct.unpack("<i", header[:4])[0]
        body = b""
        while len(body) < length - 16:
            chunk = sock.recv(length - 16 - len(body))
            if not chunk:
                return "CLOSED"
            body += chunk
        return "ANSWER " + body.decode("latin-1")
    except OSError as e:
        return "CLOSED " + str(e)


sock = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
print(ask(sock, 1, {"insert": "trainings", "documents": [{"_id": "forged:1", "state": "FINISHED"}], "$db": "roro"}))
print(ask(sock, 2, {"find": "trainings", "filter": {}, "$db": "roro"}))
