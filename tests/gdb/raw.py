#!/usr/bin/env python3
"""Raw-socket tests of the gdb stub: the protocol as bytes, malformed
packets, a second connection, a disconnect mid-run, exit and fault reports.
Prints "ok NAME" / "FAIL NAME: why" lines like tests/e2e/lib.sh."""
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

EMU, PROGS = sys.argv[1], sys.argv[2]
results = []


def check(name, cond, why=""):
    results.append(bool(cond))
    print(("ok   %s" % name) if cond else ("FAIL %s: %s" % (name, why)))


def csum(data):
    return "%02x" % (sum(data) & 0xff)


def frame(payload):
    data = payload.encode("latin-1") if isinstance(payload, str) else payload
    return b"$" + data + b"#" + csum(data).encode()


class Emu:
    """build/ia32emu run --gdb 0 PROG ARGS, with the chosen port parsed."""

    def __init__(self, prog, *args):
        self.p = subprocess.Popen([EMU, "run", "--gdb", "0", PROGS + "/" + prog] + list(args),
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.p.stderr.readline().decode()
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not m:
            raise RuntimeError("no listening line: %r" % line)
        self.port = int(m.group(1))

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        return Conn(s)

    def wait(self, timeout=10):
        try:
            out, err = self.p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            out, err = self.p.communicate()
            return None, out.decode(), err.decode()
        return self.p.returncode, out.decode(), err.decode()


class Conn:
    def __init__(self, s):
        self.s = s
        self.buf = b""

    def send(self, raw):
        self.s.sendall(raw)

    def byte(self):
        while not self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        """The next reply packet (acks skipped), checksum verified."""
        while self.byte() != b"$":
            pass
        data = b""
        while True:
            b = self.byte()
            if b == b"#":
                break
            data += b
        cs = self.byte() + self.byte()
        if cs.decode() != csum(data):
            raise ValueError("bad checksum from the stub")
        return data.decode("latin-1")

    def cmd(self, payload):
        self.send(frame(payload))
        return self.packet()


def test_protocol():
    e = Emu("gdbtarget")
    c = e.connect()
    check("stop reason at start", c.cmd("?").startswith("T05"))
    sup = c.cmd("qSupported:multiprocess+;xmlRegisters=i386")
    check("qSupported", "PacketSize=4000" in sup and "qXfer:features:read+" in sup, sup)
    # The target description, read in small chunks and reassembled.
    xml, off = "", 0
    while True:
        r = c.cmd("qXfer:features:read:target.xml:%x,80" % off)
        xml += r[1:]
        off += len(r) - 1
        if r[0] == "l" or off > 100000:
            break
    root = ET.fromstring(xml)
    feat = root.find("feature")
    names = [r.get("name") for r in feat.findall("reg")]
    want = "eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs".split()
    check("target.xml core feature", feat.get("name") == "org.gnu.gdb.i386.core", xml[:80])
    check("target.xml register order", names[:16] == want, names)
    check("qXfer unknown annex", c.cmd("qXfer:features:read:foo.xml:0,10").startswith("E"))
    check("qXfer offset past the end", c.cmd("qXfer:features:read:target.xml:ffff,10")
          .startswith("E"))
    regs = c.cmd("g")
    check("g size", len(regs) == 352, len(regs))
    cs = int.from_bytes(bytes.fromhex(regs[80:88]), "little")
    check("initial cs is kernel code", cs == 0x08, hex(cs))
    check("p unknown register", c.cmd("p63").startswith("E"))
    check("P to cs refused", c.cmd("Pa=1b000000").startswith("E"))
    check("m unmapped", c.cmd("m0,4") == "E14")
    check("M unmapped", c.cmd("M0,2:abcd") == "E14")
    check("m kernel (supervisor view)", re.fullmatch(r"[0-9a-f]{8}", c.cmd("mc0004000,4")))
    check("m malformed", c.cmd("mxyz") == "E01")
    big = c.cmd("mc0004000,ffffffff")
    check("m huge length is clamped", 0 < len(big) <= 16384 and len(big) % 2 == 0, len(big))
    check("X length mismatch", c.cmd("Xc0004000,4:ab") == "E01")
    check("G wrong size", c.cmd("G0011") == "E01")
    check("G not hex", c.cmd("G" + "zz" * 176) == "E01")
    check("unknown packet: empty reply", c.cmd("qNotAThing") == "")
    check("vCont?", c.cmd("vCont?") == "vCont;c;C;s;S")
    check("qC", c.cmd("qC") == "QC1")
    check("qAttached", c.cmd("qAttached") == "1")
    check("Z2 length 0 refused", c.cmd("Z2,1000,0").startswith("E"))
    check("z of nothing", c.cmd("z0,1234,1").startswith("E"))
    # Malformed framing: a bad checksum is NAKed and nothing is executed.
    c.send(b"$g#00")
    check("bad checksum NAK", c.byte() == b"-")
    c.send(b"garbage\r\n")
    check("noise ignored", c.cmd("qC") == "QC1")
    c.send(b"$" + b"m" * 20000 + b"#00")
    check("huge packet NAK", c.byte() == b"-")
    check("alive after huge packet", c.cmd("?").startswith("T05"))
    c.send(b"-")
    check("NAK resends the last reply", c.packet().startswith("T05"))
    # A second debugger is refused while this one is connected.
    try:
        s2 = socket.create_connection(("127.0.0.1", e.port), timeout=5)
        got = s2.recv(1)
        check("second connection refused", got == b"", got)
    except ConnectionRefusedError:
        check("second connection refused", True)
    check("first still served", c.cmd("qC") == "QC1")
    # Binary write (X, with escapes) and read back on the user stack.
    # Step out of the kernel's stub to the program's first instruction.
    for _ in range(100):
        if not c.cmd("s").startswith("T05"):
            break
        if int.from_bytes(bytes.fromhex(c.cmd("p8")), "little") < 0xc0000000:
            break
    esp = int.from_bytes(bytes.fromhex(c.cmd("p4")), "little")
    check("stepped to user mode", esp < 0xc0000000, hex(esp))
    addr = esp - 64
    data = b"}#$*"
    esc = b"".join(b"}" + bytes([x ^ 0x20]) if x in b"}#$*" else bytes([x]) for x in data)
    check("X write", c.cmd(b"X%x,4:" % addr + esc) == "OK", addr)
    check("X read back", c.cmd("m%x,4" % addr) == data.hex())
    check("M write", c.cmd("M%x,2:beef" % addr) == "OK")
    check("M read back", c.cmd("m%x,2" % addr) == "beef")
    check("P eax", c.cmd("P0=78563412") == "OK" and c.cmd("p0") == "78563412")
    # Run to the end: the exit status comes back as W.
    w = c.cmd("c")
    check("exit reported", w == "W2a", w)
    check("? after exit", c.cmd("?") == "W2a")
    check("g after exit", c.cmd("g").startswith("E"))
    c.s.close()
    rc, out, err = e.wait()
    check("exit status through the stub", rc == 42, (rc, err))
    check("guest output", out == "counter 10\n", out)


def test_interrupt_and_kill():
    e = Emu("gdbtarget", "spin")
    c = e.connect()
    c.send(frame("vCont;c"))
    time.sleep(0.3)
    c.send(b"\x03")
    r = c.packet()
    check("Ctrl-C stops with SIGINT", r.startswith("T02"), r)
    c.send(frame("k"))
    rc, out, err = e.wait()
    check("k kills", rc == 137 and "killed by the debugger" in err, (rc, err))


def symbol(prog, name):
    out = subprocess.run(["nm", PROGS + "/" + prog], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    raise RuntimeError("no symbol " + name)


def test_flood():
    """Noise streamed while the guest runs does not starve it: the stub
    looks at the socket between slices, one buffer at a time."""
    e = Emu("gdbtarget", "spin")
    c = e.connect()
    c.send(frame("c"))
    deadline = time.time() + 2
    while time.time() < deadline:
        c.s.sendall(b"noise" * 1000)
    c.send(b"\x03")
    r = c.packet()
    check("flood: Ctrl-C after the noise", r.startswith("T02"), r)
    n = int.from_bytes(bytes.fromhex(c.cmd("m%x,4" % symbol("gdbtarget", "counter"))), "little")
    # Starved, it would have run only the slices before the noise began
    # (tens of thousands of calls of bump()); it runs millions.
    check("flood: the guest kept running", n > 500000, n)
    print("# counter after the flood: %d" % n)
    c.send(frame("k"))
    e.wait()


def test_disconnect():
    e = Emu("gdbtarget", "spin")
    c = e.connect()
    c.send(frame("c"))
    time.sleep(0.3)
    c.s.close()
    rc, out, err = e.wait()
    check("disconnect mid-run kills", rc == 137 and "disconnected" in err, (rc, err))


def test_fault():
    e = Emu("attacks/kread")
    c = e.connect()
    r = c.cmd("c")
    check("fault reported as X0b", r == "X0b", r)
    c.s.close()
    rc, out, err = e.wait()
    check("fault exit status", rc == 139 and "#PF" in err, (rc, err))


def test_detach():
    e = Emu("gdbtarget")
    c = e.connect()
    check("detach", c.cmd("D") == "OK")
    rc, out, err = e.wait()
    check("detached guest runs to its end", rc == 42 and out == "counter 10\n", (rc, out))


def test_catch_syscalls():
    """QCatchSyscalls (gdb manual, "General Query Packets"): programs/hello
    calls write (5 in the ia32emu ABI) then exit (2)."""
    e = Emu("hello")
    c = e.connect()
    check("qSupported QCatchSyscalls+", "QCatchSyscalls+" in c.cmd("qSupported"))
    check("QCatchSyscalls malformed list", c.cmd("QCatchSyscalls:1;zz") == "E01")
    check("QCatchSyscalls bad mode", c.cmd("QCatchSyscalls:2") == "E01")
    check("QCatchSyscalls:1;2;5", c.cmd("QCatchSyscalls:1;2;5") == "OK")
    r = c.cmd("c")
    check("syscall_entry stop", r == "T05syscall_entry:5;thread:01;", r)
    check("orig_eax at the entry", c.cmd("p20") == "05000000")
    pc = c.cmd("p8")
    r = c.cmd("c")
    check("syscall_return stop", r == "T05syscall_return:5;thread:01;", r)
    check("eax at the return", c.cmd("p0") == "0d000000")
    r = c.cmd("c")
    check("exit's entry, no return", r == "T05syscall_entry:2;thread:01;", r)
    check("orig_eax write accepted", c.cmd("P20=ffffffff") == "OK")
    r = c.cmd("c")
    check("exit after the catches", r == "W00", r)
    c.s.close()
    e.wait()
    # A breakpoint on the caught `int`: the breakpoint, then the catch.
    e = Emu("hello")
    c = e.connect()
    c.cmd("QCatchSyscalls:1;5")
    c.cmd("Z0,%x,1" % int.from_bytes(bytes.fromhex(pc), "little"))
    got = [c.cmd("c") for _ in range(3)]
    want = ["T05thread:01;", "T05syscall_entry:5;thread:01;", "T05syscall_return:5;thread:01;"]
    check("breakpoint on the int, then the catch", got == want, got)
    c.send(frame("k"))
    e.wait()
    # programs/forkloop's wait (3) sleeps until the child ends and runs its
    # int again when woken: one entry, then its return, never two entries.
    e = Emu("forkloop")
    c = e.connect()
    c.cmd("QCatchSyscalls:1;3")
    got = [c.cmd("c") for _ in range(4)]
    want = ["T05syscall_%s:3;thread:01;" % w for w in ("entry", "return") * 2]
    check("a call that sleeps: entry, return", got == want, got)
    c.send(frame("k"))
    e.wait()
    e = Emu("hello")
    c = e.connect()
    c.cmd("QCatchSyscalls:1;6")
    r = c.cmd("c")
    check("calls not listed do not stop", r == "W00", r)
    c.s.close()
    e.wait()
    e = Emu("hello")
    c = e.connect()
    c.cmd("QCatchSyscalls:1")
    r = c.cmd("c")
    check("no list: every call", r == "T05syscall_entry:5;thread:01;", r)
    check("QCatchSyscalls:0", c.cmd("QCatchSyscalls:0") == "OK")
    r = c.cmd("c")
    check("catching off", r == "W00", r)
    c.s.close()
    e.wait()


for t in (test_catch_syscalls, test_protocol, test_interrupt_and_kill, test_flood, test_disconnect, test_fault, test_detach):
    try:
        t()
    except Exception as ex:  # a crash of the stub shows up as EOF or timeout here
        check(t.__name__, False, repr(ex))
print("%d passed, %d failed" % (results.count(True), results.count(False)))
sys.exit(0 if all(results) else 1)
