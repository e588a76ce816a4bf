"""A site log host for the tests: a TCP listener on the host's loopback that takes RFC 5424
messages framed by octet counting (RFC 6587 3.4.1), as nodelog sends them, and parses each one
strictly. QEMU's guestfwd with a `tcp:` target connects to it once, when QEMU starts, and carries
every guest connection to 10.0.2.100:514 over that one stream, so the listener must be up first
and frames of successive connections (one per boot) follow each other on it."""
import re
import socket
import threading
import time

# RFC 5424 section 6: HEADER SP STRUCTURED-DATA [SP MSG]; PRINTUSASCII fields, NILVALUE "-"
HEADER = re.compile(r"^<(\d{1,3})>1 (\S{1,255}) (\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) ")
SD_ELEMENT = re.compile(r'\[([^ =\]"]{1,32})((?: [^ =\]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*")*)\]')
SD_PARAM = re.compile(r' ([^ =\]"]{1,32})="((?:[^"\\\]]|\\["\\\]])*)"')


class Message:
    def __init__(self, pri, timestamp, hostname, app, procid, msgid, sd, msg):
        self.pri, self.timestamp, self.hostname, self.app = pri, timestamp, hostname, app
        self.procid, self.msgid, self.sd, self.msg = procid, msgid, sd, msg

    def __repr__(self):
        return "<%d>%s %s[%s] %r %r" % (self.pri, self.hostname, self.app, self.procid, self.sd, self.msg)


def parse(raw):
    """One RFC 5424 message, or a ValueError saying what is wrong with it."""
    text = raw.decode("utf-8")
    m = HEADER.match(text)
    if not m:
        raise ValueError("not an RFC 5424 header: %r" % text[:120])
    pri = int(m.group(1))
    if pri > 191:
        raise ValueError("PRI %d is over 191" % pri)
    for f in m.groups()[1:]:
        if any(ord(c) < 33 or ord(c) > 126 for c in f):
            raise ValueError("a header field is not PRINTUSASCII: %r" % f)
    rest = text[m.end():]
    sd = {}
    if rest.startswith("-"):
        rest = rest[1:]
    else:
        while rest.startswith("["):
            e = SD_ELEMENT.match(rest)
            if not e:
                raise ValueError("malformed STRUCTURED-DATA: %r" % rest[:120])
            sd[e.group(1)] = {k: re.sub(r'\\(["\\\]])', r"\1", v) for k, v in SD_PARAM.findall(e.group(2))}
            rest = rest[e.end():]
        if not sd:
            raise ValueError("no STRUCTURED-DATA: %r" % rest[:120])
    if rest and not rest.startswith(" "):
        raise ValueError("no space before MSG: %r" % rest[:120])
    return Message(pri, m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), sd, rest[1:])


class SyslogListener:
    def __init__(self):
        self.srv = socket.socket()
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(4)
        self.port = self.srv.getsockname()[1]
        self.messages, self.errors = [], []
        self.bytes = 0
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while not self.closed:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            threading.Thread(target=self._read, args=(c,), daemon=True).start()

    def _read(self, c):
        buf = b""
        with c:
            while True:
                try:
                    data = c.recv(65536)
                except OSError:
                    return
                if not data:
                    return
                buf += data
                with self.lock:
                    self.bytes += len(data)
                buf = self._frames(buf)

    def _frames(self, buf):
        while True:
            sp = buf.find(b" ")
            if sp < 0:
                return buf
            if not buf[:sp].isdigit() or sp > 6:
                with self.lock:
                    self.errors.append("not an octet count: %r" % buf[:40])
                return b""   # framing lost: nothing after this can be trusted
            n = int(buf[:sp])
            if len(buf) < sp + 1 + n:
                return buf
            raw, buf = buf[sp + 1:sp + 1 + n], buf[sp + 1 + n:]
            try:
                msg = parse(raw)
            except ValueError as e:
                with self.lock:
                    self.errors.append(str(e))
                continue
            with self.lock:
                self.messages.append(msg)

    def snapshot(self):
        with self.lock:
            return list(self.messages), list(self.errors)

    def wait_for(self, pred, timeout):
        """The first message pred accepts, waiting up to timeout seconds; None if none came."""
        end = time.monotonic() + timeout
        while True:
            for m in self.snapshot()[0]:
                if pred(m):
                    return m
            if time.monotonic() > end:
                return None
            time.sleep(0.5)

    def close(self):
        self.closed = True
        self.srv.close()
