"""A small client of the Debug Adapter Protocol, enough for a test to drive debugpy's adapter.

The protocol frames each message as HTTP does: a `Content-Length: N` header, an empty line, then
N bytes of JSON. A client numbers its requests with `seq`; the adapter answers each request with
a response whose `request_seq` names it, and sends events at any time. Responses and events can
arrive in any order, so one thread reads the socket into a queue, and every wait looks through
what has arrived for the message it wants. What a wait passes over stays in a backlog for the
next wait. Every wait has a deadline: a hung adapter fails the test instead of hanging it.

Only the standard library is used, so that the client runs under any Python.
"""

import json
import queue
import socket
import threading
import time


class DapError(AssertionError):
    """A failed request, a message that never came, or a connection that closed too soon. It is
    an AssertionError so that unittest reports it as a failure, not an error."""


class DapClient:
    def __init__(self, sock, timeout):
        self.timeout = timeout
        self.sock = sock
        self.next_seq = 1
        # Every message received, in order; kept so that a failure can show the whole exchange.
        self.received = []
        self.backlog = []
        self.inbox = queue.Queue()
        self.reader = threading.Thread(target=self._read_forever, name="dap-reader", daemon=True)
        self.reader.start()

    @classmethod
    def connect(cls, host, port, timeout, still_starting=lambda: True):
        """Connects to an adapter that may not be listening yet. It tries again until the deadline,
        and gives up early when still_starting() says that the debuggee has died."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((host, port), timeout=timeout)
                break
            except OSError as error:
                if time.monotonic() > deadline or not still_starting():
                    raise DapError(f"no debug adapter answered on {host}:{port}: {error}") from None
                time.sleep(0.1)
        # The reader blocks on the socket; the deadlines are kept by the waits instead.
        sock.settimeout(None)
        return cls(sock, timeout)

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.reader.join(self.timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # Reading ---------------------------------------------------------------------------------

    def _read_forever(self):
        # None in the queue tells the waits that the adapter closed the connection.
        stream = self.sock.makefile("rb")
        try:
            while True:
                message = self._read_message(stream)
                if message is None:
                    break
                self.inbox.put(message)
        except (OSError, ValueError) as error:
            self.inbox.put(error)
        finally:
            self.inbox.put(None)

    @staticmethod
    def _read_message(stream):
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        if length is None:
            raise ValueError("a message without Content-Length")
        body = stream.read(length)
        if len(body) != length:
            return None
        return json.loads(body.decode("utf-8"))

    def wait_for(self, matches, what, timeout=None):
        """The first message for which matches(message) is true, from the backlog or as it
        arrives. The messages passed over stay in the backlog."""
        for index, message in enumerate(self.backlog):
            if matches(message):
                return self.backlog.pop(index)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DapError(f"no {what} within {timeout or self.timeout} s; received:\n{self.transcript()}")
            try:
                message = self.inbox.get(timeout=remaining)
            except queue.Empty:
                continue
            if message is None or isinstance(message, Exception):
                # The end of the stream stays visible to later waits.
                self.inbox.put(message)
                raise DapError(f"the adapter closed the connection before {what} ({message!r}); "
                               f"received:\n{self.transcript()}")
            self.received.append(message)
            if matches(message):
                return message
            self.backlog.append(message)

    def wait_for_event(self, event, timeout=None):
        return self.wait_for(lambda m: m.get("type") == "event" and m.get("event") == event,
                             f"'{event}' event", timeout)

    def wait_for_response(self, seq, timeout=None):
        response = self.wait_for(lambda m: m.get("type") == "response" and m.get("request_seq") == seq,
                                 f"response to request {seq}", timeout)
        if not response.get("success"):
            raise DapError(f"request '{response.get('command')}' failed: {response.get('message')!r} "
                           f"{response.get('body')!r}")
        return response

    def transcript(self):
        return "\n".join(json.dumps(message)[:300] for message in self.received)

    # Writing ---------------------------------------------------------------------------------

    def send(self, command, arguments=None):
        """Sends a request and returns its seq without waiting for the response."""
        seq = self.next_seq
        self.next_seq += 1
        message = {"seq": seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        body = json.dumps(message).encode("utf-8")
        self.sock.sendall(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        return seq

    def request(self, command, arguments=None, timeout=None):
        """Sends a request and returns the body of its successful response."""
        return self.wait_for_response(self.send(command, arguments), timeout).get("body", {})
