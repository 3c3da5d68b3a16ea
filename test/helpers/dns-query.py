# A DNS client small enough to run inside a sandbox VM with nothing but python3 (no dig
# there): sends each query given as SERVER,NAME,TYPE,udp|tcp and prints one JSON line per
# answer: {"query": ..., "rcode": 0, "answers": ["8.8.8.8", ...], "ms": 0.4} or {"error": ...}.
import json, random, socket, struct, sys, time

TYPES = {"A": 1, "AAAA": 28, "PTR": 12}

def encode(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.strip(".").split(".")) + b"\0"

def read_name(msg, at):
    labels, jumped, end = [], False, at
    while True:
        n = msg[at]
        if n & 0xC0 == 0xC0:
            if not jumped:
                end = at + 2
            at, jumped = ((n & 0x3F) << 8) | msg[at + 1], True
        elif n == 0:
            return ".".join(labels), (end if jumped else at + 1)
        else:
            labels.append(msg[at + 1 : at + 1 + n].decode())
            at += 1 + n

def query(server, name, qtype, proto):
    qid = random.randrange(65536)
    msg = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + encode(name) + struct.pack(">HH", TYPES[qtype], 1)
    family = socket.AF_INET6 if ":" in server else socket.AF_INET
    t0 = time.monotonic()
    if proto == "tcp":
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(3)
        s.connect((server, 53))
        s.sendall(struct.pack(">H", len(msg)) + msg)
        head = b""
        while len(head) < 2:
            head += s.recv(2 - len(head))
        want, reply = struct.unpack(">H", head)[0], b""
        while len(reply) < want:
            reply += s.recv(want - len(reply))
    else:
        s = socket.socket(family, socket.SOCK_DGRAM)
        s.settimeout(3)
        s.sendto(msg, (server, 53))
        reply = s.recv(4096)
    ms = (time.monotonic() - t0) * 1000
    rid, flags, qd, an = struct.unpack(">HHHH", reply[:8])
    at = 12
    for _ in range(qd):
        at = read_name(reply, at)[1] + 4
    answers = []
    for _ in range(an):
        at = read_name(reply, at)[1]
        rtype, _cls, _ttl, rdlen = struct.unpack(">HHIH", reply[at : at + 10])
        data = reply[at + 10 : at + 10 + rdlen]
        if rtype == 1:
            answers.append(socket.inet_ntop(socket.AF_INET, data))
        elif rtype == 28:
            answers.append(socket.inet_ntop(socket.AF_INET6, data))
        elif rtype == 12:
            answers.append(read_name(reply, at + 10)[0])
        at += 10 + rdlen
    return {"id_ok": rid == qid, "rcode": flags & 0xF, "answers": sorted(answers), "ms": round(ms, 2)}

for spec in sys.argv[1:]:
    server, name, qtype, proto = spec.split(",")
    try:
        out = query(server, name, qtype, proto)
    except Exception as e:  # a timeout or a refused connection is an answer too, for the test
        out = {"error": f"{type(e).__name__}: {e}"}
    out["query"] = spec
    print(json.dumps(out))
