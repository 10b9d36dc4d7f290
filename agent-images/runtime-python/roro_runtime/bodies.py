"""Request bodies as roro's serving apps read them: bounded in size and in time, and strict JSON."""
import json

from roro_runtime import settings

MAX_BODY = settings.current().max_body_bytes
# a client that sends less than its Content-Length gets a 408 after this long, instead of holding a worker
BODY_TIMEOUT_S = settings.current().body_timeout_s


class RequestTimeout(Exception):
    """The body did not arrive in time: a 408."""


def _no_constants(name):
    raise ValueError("%s is not JSON (use null or a number)" % name)


# one decoder for every request: json.loads with an option makes a new one each call (~5 % of a prediction's time)
_DECODER = json.JSONDecoder(parse_constant=_no_constants)


def parse_json(raw):
    """The body as JSON ({} when empty); ValueError (a 400) for anything that is not strict JSON."""
    if not raw:
        return {}
    try:
        if isinstance(raw, (bytes, bytearray)):  # as json.loads reads bytes: UTF-8, -16 or -32
            raw = raw.decode(json.detect_encoding(raw), "surrogatepass")
        return _DECODER.decode(raw)
    except RecursionError:
        raise ValueError("body is not valid JSON: it nests too deeply")
    except ValueError as e:
        raise ValueError("body is not valid JSON: %s" % e)


def read_wsgi_json(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ValueError("bad Content-Length")
    if length > MAX_BODY:
        raise ValueError("body is larger than %d bytes" % MAX_BODY)
    return parse_json(read_wsgi_body(environ, length) if length else b"")


def read_wsgi_body(environ, length):
    """Under gunicorn the socket gets BODY_TIMEOUT_S while the body is read, then its own timeout back."""
    sock = environ.get("gunicorn.socket")
    previous = sock.gettimeout() if sock is not None else None
    if sock is not None:
        sock.settimeout(BODY_TIMEOUT_S)
    try:
        raw = environ["wsgi.input"].read(length)
    except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
        raise RequestTimeout("the body did not arrive: Content-Length says %d bytes, none came for %gs"
                             % (length, BODY_TIMEOUT_S))
    finally:
        if sock is not None:
            sock.settimeout(previous)
    if len(raw) < length:
        raise ValueError("the body ended after %d of the %d bytes its Content-Length says" % (len(raw), length))
    return raw
