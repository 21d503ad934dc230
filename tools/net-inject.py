#!/usr/bin/env python3
"""Hostile frames for the guest's network server (issue 19, DESIGN §7).

The guest's e1000 is wired to QEMU's `dgram` backend on the loopback: QEMU
takes raw Ethernet frames as UDP datagrams on GUEST_PORT and sends the
guest's frames to HOST_PORT, where this program listens. It plays a host on
10.0.2.2 and, kind by kind, sends the guest frames that are truncated,
oversized (longer than any receive buffer, so they span descriptors), with
bad checksums, random bytes, lying headers, ARP and TCP SYN floods. After
each kind it asks whether the guest still serves: it must answer an ARP
request, an ICMP echo and a TCP SYN (with a SYN-ACK or a reset) within the
time-out. Nothing leaves the loopback; the run stops by itself.

usage: net-inject.py GUEST_PORT HOST_PORT [SEED]
Prints one line per kind and `inject: N kinds, M frames, guest alive` at the
end; exits 1 if the guest stopped answering (and says after which kind).
"""
import random
import socket
import struct
import sys
import time

GUEST_IP = bytes([10, 0, 2, 15])
HOST_IP = bytes([10, 0, 2, 2])
HOST_MAC = bytes([0x52, 0x55, 0x0A, 0x00, 0x02, 0x02])
BROADCAST = b"\xff" * 6
ALIVE_SECONDS = 20


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ether(dst, ethertype, payload):
    return dst + HOST_MAC + struct.pack("!H", ethertype) + payload


def arp_request(target_ip, sender_ip=HOST_IP, sender_mac=HOST_MAC):
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + sender_mac + sender_ip
    return ether(BROADCAST, 0x0806, body + b"\0" * 6 + target_ip)


def ipv4(dst_mac, proto, payload, src=HOST_IP, ident=0, good_sum=True, total=None, ihl=5):
    length = total if total is not None else 20 + len(payload)
    head = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, length & 0xFFFF, ident, 0, 64, proto, 0,
                       src, GUEST_IP)
    csum = checksum(head) if good_sum else (checksum(head) ^ 0x5A5A) or 1
    head = head[:10] + struct.pack("!H", csum) + head[12:]
    return ether(dst_mac, 0x0800, head + payload)


def icmp_echo(dst_mac, ident, seq, good_sum=True):
    body = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"tender-inject" * 4
    csum = checksum(body) if good_sum else (checksum(body) ^ 0x1111) or 1
    body = body[:2] + struct.pack("!H", csum) + body[4:]
    return ipv4(dst_mac, 1, body)


def tcp(dst_mac, sport, dport, flags, seq=1000, src=HOST_IP, good_sum=True, payload=b""):
    head = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, 5 << 4, flags, 8192, 0, 0)
    pseudo = src + GUEST_IP + struct.pack("!BBH", 0, 6, len(head) + len(payload))
    csum = checksum(pseudo + head + payload)
    if not good_sum:
        csum = (csum ^ 0x2222) or 1
    head = head[:16] + struct.pack("!H", csum) + head[18:]
    return ipv4(dst_mac, 6, head + payload, src=src)


class Wire:
    def __init__(self, guest_port, host_port):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", host_port))
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
        self.guest = ("127.0.0.1", guest_port)
        self.sent = 0

    def send(self, frame):
        self.sock.sendto(frame, self.guest)
        self.sent += 1

    def frames(self, seconds):
        """The guest's frames until `seconds` have passed."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                frame, _ = self.sock.recvfrom(65536)
            except socket.timeout:
                return
            if (len(frame) >= 42 and frame[12:14] == b"\x08\x06" and frame[20:22] == b"\0\1"
                    and frame[38:42] == HOST_IP):  # who has 10.0.2.2: we do
                body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 2) + HOST_MAC + HOST_IP + frame[22:32]
                self.send(ether(frame[22:28], 0x0806, body))
            yield frame

    def drain(self):
        for _ in self.frames(0.05):
            pass


def guest_mac(wire):
    """Ask who has 10.0.2.15 until the guest answers; its MAC, or None."""
    end = time.monotonic() + ALIVE_SECONDS
    while time.monotonic() < end:
        wire.send(arp_request(GUEST_IP))
        for f in wire.frames(0.5):
            if len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\0\2" and f[28:32] == GUEST_IP:
                return f[22:28]
    return None


def answers_ping(wire, mac, seq):
    end = time.monotonic() + ALIVE_SECONDS
    while time.monotonic() < end:
        wire.send(icmp_echo(mac, 0x7E7E, seq))
        for f in wire.frames(0.5):
            if (len(f) >= 42 and f[12:14] == b"\x08\x00" and f[23] == 1 and f[34] == 0
                    and struct.unpack("!HH", f[38:42]) == (0x7E7E, seq)):
                return True
    return False


def answers_syn(wire, mac, port):
    """A SYN to port: a SYN-ACK (a listener) or a RST (none) proves TCP alive."""
    end = time.monotonic() + ALIVE_SECONDS
    sport = random.randint(20000, 60000)
    while time.monotonic() < end:
        wire.send(tcp(mac, sport, port, 0x02))
        for f in wire.frames(0.5):
            if len(f) >= 54 and f[12:14] == b"\x08\x00" and f[23] == 6:
                ihl = (f[14] & 0xF) * 4
                sp, dp = struct.unpack("!HH", f[14 + ihl:18 + ihl])
                flags = f[14 + ihl + 13]
                if sp == port and dp == sport and flags & 0x14:
                    if flags & 0x12 == 0x12:  # SYN-ACK: leave no half-open connection behind
                        wire.send(tcp(mac, sport, port, 0x04, seq=1001))
                    return True
    return False


def kinds(mac, rnd):
    """(name, frames) for every kind of hostile input."""
    # (not 0 bytes: QEMU's dgram backend takes an empty datagram for the end of
    # the connection and stops reading, whatever the guest does)
    yield "truncated (1..41 bytes)", [bytes(rnd.getrandbits(8) for _ in range(n)) for n in range(1, 42)] * 20
    yield "ethernet header only, IPv4 and ARP types", [ether(mac, t, b"") for t in (0x0800, 0x0806)] * 200
    yield "oversized (1515..65000 bytes: spans receive buffers)", [
        ipv4(mac, 17, bytes(rnd.getrandbits(8) for _ in range(n))) for n in (1500, 2100, 4000, 9000, 16000, 30000, 65000)
    ] * 10
    yield "IPv4 with a bad header checksum", [icmp_echo(mac, 1, i)[:24] + b"\xde\xad" + icmp_echo(mac, 1, i)[26:]
                                              for i in range(500)]
    yield "IPv4 lying about its length and header size", [
        ipv4(mac, 6, b"\0" * 40, total=t, ihl=h) for t in (0, 19, 21, 60, 65535) for h in (0, 4, 5, 15)
    ] * 25
    yield "ICMP with a bad checksum", [icmp_echo(mac, 2, i, good_sum=False) for i in range(500)]
    yield "TCP with a bad checksum", [tcp(mac, 1000 + i, 80, 0x02, good_sum=False) for i in range(500)]
    yield "random bytes to the guest's MAC", [
        mac + HOST_MAC + bytes(rnd.getrandbits(8) for _ in range(rnd.randint(2, 1500))) for _ in range(2000)
    ]
    yield "random IPv4 payloads (every protocol number)", [
        ipv4(mac, p, bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 1400)))) for p in range(256)
    ] * 4
    yield "ARP flood (2000 senders)", [
        arp_request(GUEST_IP, sender_ip=bytes([10, 0, 2, 16 + i % 200]),
                    sender_mac=bytes([2, 0, 0, 0, i >> 8, i & 0xFF])) for i in range(2000)
    ]
    yield "TCP SYN flood (3000 source ports and addresses, port 80 and others)", [
        tcp(mac, 1024 + i, (80, 23, 8080)[i % 3], 0x02, src=bytes([10, 0, 2, 100 + i % 100]))
        for i in range(3000)
    ]
    yield "TCP segments to no connection (ACK, RST, FIN, data)", [
        tcp(mac, 5000 + i, 80, (0x10, 0x04, 0x11, 0x18)[i % 4], seq=rnd.getrandbits(32), payload=b"x" * (i % 64))
        for i in range(1000)
    ]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rnd = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    random.seed(rnd.random())
    wire = Wire(int(sys.argv[1]), int(sys.argv[2]))
    mac = guest_mac(wire)
    if mac is None or not answers_ping(wire, mac, 0):
        print("inject: the guest does not answer before anything was sent")
        sys.exit(1)
    count = 0
    for count, (name, frames) in enumerate(kinds(mac, rnd), 1):
        for i, f in enumerate(frames):
            wire.send(f)
            if i % 64 == 63:
                time.sleep(0.02)  # a flood, but one the guest takes in (QEMU drops the rest)
        wire.drain()
        silent = [what for what, check in (("ARP", lambda: guest_mac(wire) is not None),
                                           ("ICMP echo", lambda: answers_ping(wire, mac, count)),
                                           ("TCP SYN", lambda: answers_syn(wire, mac, 80)))
                  if not check()]
        alive = not silent
        print(f"inject: {name}: {len(frames)} frames, guest "
              f"{'alive' if alive else 'SILENT to ' + ', '.join(silent)}", flush=True)
        if not alive:
            print(f"inject: the guest stopped answering after: {name}")
            sys.exit(1)
    print(f"inject: {count} kinds, {wire.sent} frames, guest alive")


if __name__ == "__main__":
    main()
