#!/usr/bin/env python3
"""Minimal AMQP 0-9-1 PLAIN login: exits 0 if the broker answers Connection.Start-Ok with Connection.Tune."""
import socket, struct, sys

host, port, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def read_frame(s):
    hdr = b""
    while len(hdr) < 7:
        chunk = s.recv(7 - len(hdr))
        if not chunk: raise EOFError("connection closed by broker")
        hdr += chunk
    ftype, chan, size = struct.unpack(">BHI", hdr)
    body = b""
    while len(body) < size + 1:
        chunk = s.recv(size + 1 - len(body))
        if not chunk: raise EOFError("connection closed by broker")
        body += chunk
    return ftype, body[:-1]

def shortstr(b): return bytes([len(b)]) + b
def longstr(b): return struct.pack(">I", len(b)) + b

s = socket.create_connection((host, port), timeout=10)
s.sendall(b"AMQP\x00\x00\x09\x01")
ftype, payload = read_frame(s)
cls, meth = struct.unpack(">HH", payload[:4])
assert (ftype, cls, meth) == (1, 10, 10), f"expected Connection.Start, got {ftype} {cls}.{meth}"
args = struct.pack(">I", 0) + shortstr(b"PLAIN") + longstr(b"\0" + user.encode() + b"\0" + pw.encode()) + shortstr(b"en_US")
method = struct.pack(">HH", 10, 11) + args
s.sendall(struct.pack(">BHI", 1, 0, len(method)) + method + b"\xce")
try:
    ftype, payload = read_frame(s)
except (EOFError, OSError) as e:
    print(f"AMQP login as {user!r} refused ({e})"); sys.exit(1)
cls, meth = struct.unpack(">HH", payload[:4])
if (cls, meth) == (10, 30):
    print(f"AMQP login as {user!r} OK (Connection.Tune received)"); sys.exit(0)
print(f"AMQP login as {user!r} failed: got method {cls}.{meth}"); sys.exit(1)
