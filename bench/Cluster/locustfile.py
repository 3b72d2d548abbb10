"""Lab's {packet,4} workloads as Locust users: the engine behind `./lab bench cluster`.

Three user classes, one per workload of the bench (labload's modes):
  EchoUser    one connection, then 64-byte {packet,4} frames, one in flight; every echo is compared
              byte for byte with what was sent (a difference is a failure, never a success).
  RejectUser  connect, send a bogus "GET /anything HTTP/1.1" head (read by a {packet,4} peer as the
              length 1195725856), wait for the server's close (FIN or RST), close, again.
  HoldUser    one idle connection held until the work ends, then one echo on it, then close.

Everything is reported through Locust's own request event (environment.events.request.fire), so
Locust's stats, CSV files and the master's aggregation count it:
  type "connect"  one per TCP connect: a success is a connection the server's kernel accepted
  type "echo"     one per checked echo (name: the payload size)
  type "reject"   one per bogus head the server closed on (name: fin or rst)
Response times are Locust's unit, milliseconds.

Where the run ends: the users work for --work-seconds from the test's start, finish what they are
doing (an echo, a reject cycle), close, and sit idle. --run-time alone cannot end a run whose counts
must be exact: Locust 2.12.1 (Debian) rewrites its CSV once a second (stats.py CSV_STATS_INTERVAL_SEC)
and not once more at exit, workers report every 3 s (runners.py WORKER_REPORT_INTERVAL), and at
--run-time the master waits 0.5 s for their last report while users may still be mid-request (25,000
held connections each echoing once took seconds). So each worker, whenever more of its users have
gone idle, sends its stats and then its idle count with Locust's own messages (report_to_master +
send_message "stats", then a custom "lab_idle"; one socket keeps them in order), and the master, once
every user (-u) is idle, waits for one more CSV rewrite and quits. --run-time stays as a safety limit;
the master logs "lab: all N users finished" when the run ended this way.

Run by hand (the lab does the same):
  locust -f locustfile.py --master --headless --expect-workers 2 -u 100 -r 100 -t 60s \
      --host 127.0.0.1:20001 --work-seconds 5 --csv out/run EchoUser
  LAB_SOURCE_ADDRESS=127.0.0.2 locust -f locustfile.py --worker --master-host 127.0.0.1   # twice
LAB_SOURCE_ADDRESS (a worker's own setting, not sent by the master): the local address each
connection binds to before connecting (e.g. 127.0.0.2; port 0, the kernel picks it).
"""

import logging
import os
import socket
import struct
import time

import gevent
import locust.runners
from locust import User, constant, events, task

BOGUS_GET = b"GET /anything HTTP/1.1\r\nHost: x\r\n\r\n"
# As labload's: a connect, an echo or a close that takes longer than this is an error.
TIMEOUT_S = 10.0
SOURCE_ADDRESS = os.environ.get("LAB_SOURCE_ADDRESS") or None
# Linux's IP_BIND_ADDRESS_NO_PORT (linux/in.h: 24): bind() takes only the address and connect() picks the
# port as a plain connect does, unique per destination. A plain bind((addr, 0)) reserves a port outright, and
# such ports stay closed to every other connect() on the machine while bound or in TIME_WAIT (60 s): after
# 25,000 connections from 127.0.0.2 and .3, labload's connects from 127.0.0.1 failed with EADDRNOTAVAIL.
IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)

_work_started = None
_idle_users = 0  # this worker's users that have finished their work
# The master quits this long after the last user went idle: its CSV is rewritten every 1 s.
CSV_SETTLE_S = 2.0


def _packaged_version():
    import subprocess
    try:
        v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-locust"], capture_output=True, text=True, timeout=10).stdout
    except OSError:
        v = ""
    return v.split("-")[0] or "0.0.0+unknown"


# Debian's python3-locust 2.12.1 ships locust/_version.py with version = '' (and `locust --version` prints
# nothing). A worker sends that version in its client_ready message, and the master takes an empty one for
# a pre-2.0 worker and refuses it (runners.py: "An old (pre 2.0) worker tried to connect"): distributed
# runs fail as packaged. Master and workers load this file, so each fills in the package's version here.
if not locust.runners.__version__:
    locust.runners.__version__ = _packaged_version()


@events.init_command_line_parser.add_listener
def _add_options(parser):
    # Custom options travel from the master to every worker with each spawn message (runners.py).
    parser.add_argument("--work-seconds", type=float, default=5.0,
                        help="Seconds the users work from the test's start; then they idle until --run-time ends.")
    parser.add_argument("--frame-size", type=int, default=64, help="Echo payload bytes (the {packet,4} header excluded).")


@events.test_start.add_listener
def _on_test_start(environment, **_):
    # On a worker this fires with the first spawn message: the work clock of this process starts here.
    global _work_started
    _work_started = time.monotonic()


@events.init.add_listener
def _on_init(environment, runner, **_):
    if isinstance(runner, locust.runners.WorkerRunner):
        gevent.spawn(_report_idle_users, environment, runner)
    elif isinstance(runner, locust.runners.MasterRunner):
        idle_by_worker = {}
        quitting = []

        def on_idle(environment, msg, **_):
            idle_by_worker[msg.node_id] = msg.data["idle"]
            users = environment.parsed_options.num_users
            if sum(idle_by_worker.values()) >= users and not quitting:
                quitting.append(True)
                logging.info("lab: all %d users finished their work; quitting after the next CSV rewrite", users)
                gevent.spawn_later(CSV_SETTLE_S, environment.runner.quit)

        runner.register_message("lab_idle", on_idle)


def _report_idle_users(environment, runner):
    """On a worker: each time more users are idle, their stats first, then the count (in this order)."""
    sent = 0
    while True:
        gevent.sleep(0.5)
        idle = _idle_users
        if idle != sent:
            # What WorkerRunner's own 3-second reporter sends (its report_to_master listeners fill it in):
            # the stats since the last report, so nothing is counted twice.
            data = {}
            environment.events.report_to_master.fire(client_id=runner.client_id, data=data)
            runner.send_message("stats", data)
            runner.send_message("lab_idle", {"idle": idle})
            sent = idle


def _target(environment):
    host, _, port = (environment.host or "").rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"--host must be HOST:PORT, not {environment.host!r}")
    return host, int(port)


class _FramedUser(User):
    abstract = True
    wait_time = constant(0)

    def __init__(self, environment):
        super().__init__(environment)
        self._sock = None
        self._seq = 0
        size = max(int(getattr(environment.parsed_options, "frame_size", 64) or 64), 8)
        # A per-user random payload whose first 8 bytes carry a sequence number: a stale or crossed echo differs.
        self._frame = bytearray(struct.pack(">I", size)) + bytearray(os.urandom(size))

    def _work_left(self):
        # test_start fired before this process spawned its first user, so _work_started is set.
        return getattr(self.environment.parsed_options, "work_seconds", 5.0) - (time.monotonic() - _work_started)

    def _work_over(self):
        return self._work_left() <= 0

    def _fire(self, request_type, name, started, length=0, exception=None):
        self.environment.events.request.fire(
            request_type=request_type, name=name, response_time=(time.perf_counter() - started) * 1000.0,
            response_length=length, exception=exception, context={})

    def _connect(self):
        """A new connection, reported as one 'connect' request; None when it failed (reported too)."""
        started = time.perf_counter()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if SOURCE_ADDRESS:
                sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
                sock.bind((SOURCE_ADDRESS, 0))
            sock.settimeout(TIMEOUT_S)
            sock.connect(_target(self.environment))
        except OSError as e:
            sock.close()
            self._fire("connect", "tcp", started, exception=e)
            return None
        # No yield between connect() returning and this event: a kill cannot fall between them.
        self._fire("connect", "tcp", started)
        return sock

    def _echo(self, sock):
        """One frame out, its echo back and compared; reported as one 'echo' request."""
        self._seq += 1
        struct.pack_into(">Q", self._frame, 4, self._seq)
        expected = bytes(self._frame)
        started = time.perf_counter()
        try:
            sock.sendall(expected)
            got = _recv_exactly(sock, len(expected))
        except OSError as e:
            self._fire("echo", f"{len(expected) - 4} B", started, exception=e)
            return False
        if got != expected:
            self._fire("echo", f"{len(expected) - 4} B", started, len(got),
                       exception=AssertionError("echo differs from the frame sent" if len(got) == len(expected)
                                                else f"closed after {len(got)} of {len(expected)} echoed bytes"))
            return False
        self._fire("echo", f"{len(expected) - 4} B", started, len(got))
        return True

    def _idle(self):
        # The work is over: nothing open, nothing more to report; the master stops the user when all are idle.
        global _idle_users
        self._close()
        _idle_users += 1
        gevent.sleep(3600)

    def _close(self):
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def on_stop(self):
        self._close()


def _recv_exactly(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


class EchoUser(_FramedUser):
    @task
    def echo(self):
        if self._work_over():
            return self._idle()
        if self._sock is None:
            self._sock = self._connect()
            if self._sock is None:
                return gevent.sleep(0.01)  # labload's backoff after a failed connect
        if not self._echo(self._sock):
            self._close()


class RejectUser(_FramedUser):
    @task
    def reject(self):
        if self._work_over():
            return self._idle()
        sock = self._connect()
        if sock is None:
            return gevent.sleep(0.01)
        started = time.perf_counter()
        try:
            sock.sendall(BOGUS_GET)
            # The server may close before reading all of it; its close is the answer either way.
            while True:
                chunk = sock.recv(4096)
                if not chunk:
                    self._fire("reject", "fin", started)
                    break
        except ConnectionResetError:
            self._fire("reject", "rst", started)
        except OSError as e:  # no close within TIMEOUT_S, or another socket error
            self._fire("reject", "no close", started, exception=e)
        finally:
            # Abortive close as labload's (SO_LINGER 0): the server closed first, no TIME_WAIT kept here.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()


class HoldUser(_FramedUser):
    @task
    def hold(self):
        # One connect per user, whatever happens to it: a failed one is counted, not retried.
        self._sock = self._connect()
        # One sleep to the end of the work, not a poll: 25,000 users each waking often would be the load.
        gevent.sleep(max(self._work_left(), 0))
        if self._sock is not None:
            self._echo(self._sock)
        self._idle()
