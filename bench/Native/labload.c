/* labload: the lab's native {packet,4} load generator, for `./lab bench` rows that compare servers.
 *
 * One thread, one epoll set, non-blocking IPv4 loopback sockets. Modes (as `probe frames`):
 *   echo    N connections, each with exactly one frame in flight (closed loop); every echoed byte is
 *           checked against what was sent; per-frame round trip into a log-linear histogram.
 *   reject  N loops of connect, "GET /anything HTTP/1.1", wait for the server's close (FIN or RST),
 *           abortive close (linger 0, so neither side keeps TIME_WAIT), reconnect.
 *   hold    N idle connections (at most 500 connecting at once), held for --duration; established
 *           means the handshake completed on the client's side; perSecond is connects per second of
 *           the opening, and any close by the server (FIN or RST) since is counted.
 * Counted after --warmup only (hold: from when the last connect resolved); errors over the whole run.
 * Clock: CLOCK_MONOTONIC. CPU: getrusage(RUSAGE_SELF) over the measured window, and with --server-pid the
 * server's utime + stime from /proc/PID/stat over the same window (serverCpuS), so both sides' CPU is
 * read at the same two instants. With --signal-server also SIGUSR1 to the server at those two instants:
 * a .NET server of this lab then prints its own allocation totals (a "runtime ..." line), so the bench
 * reads the echo path's allocation from inside without a diagnostics session allocating beside it.
 * Build: gcc -O2 -Wall -Wextra -Werror -o labload labload.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNECTIONS 20000
#define MAX_SECONDS 600.0
#define MAX_SIZE (1 << 20)
#define CONNECTING_AT_ONCE 500 /* echo, hold: like probe frames, so a burst does not overflow the backlog */
#define BACKOFF_NS 10000000ull /* reject: a failed connect waits 10 ms before the next (probe frames) */
#define SCRATCH 65536
#define HEAD 16 /* per-connection frame prefix: 4-byte length, 8-byte sequence number, 4-byte index */

enum mode { ECHO, REJECT, HOLD };
enum state { WAITING, CONNECTING, ACTIVE, BACKOFF, DEAD };

struct conn {
    int fd;
    uint32_t gen;      /* in epoll data: an event for a closed socket is never taken for its successor */
    uint8_t state;
    bool bad;          /* echo: a byte of the current echo differed */
    uint32_t sent, got; /* bytes of the current frame or request written, of the echo read */
    uint64_t seq;
    uint64_t started;  /* ns: the current frame's first write, or the cycle's connect */
    uint64_t deadline; /* ns: connect, echo or close timeout; reject's backoff */
    uint8_t head[HEAD];
    uint8_t echoed_seq[8];
};

static const char bogus_get[] = "GET /anything HTTP/1.1\r\nHost: x\r\n\r\n";

static struct {
    enum mode mode;
    struct sockaddr_in addr;
    char target[40];
    int connections;
    uint32_t size, flen; /* payload; payload + 4-byte header */
    double duration, warmup, timeout;
    bool json;
    long server_pid; /* 0: none */
    bool signal_server; /* SIGUSR1 to server_pid where the window opens and closes */
    int signals_sent;
} opt = { .connections = 1, .size = 64, .duration = 5, .warmup = 2, .timeout = 10 };

static struct conn *conns;
static uint8_t *pattern; /* the expected frame from byte HEAD on, the same for every connection */
static uint8_t scratch[SCRATCH];
static int ep;
static volatile sig_atomic_t interrupted;
static bool measuring;
static int waiting, connecting, live; /* echo, hold: not started yet, connect under way, not dead */
static uint64_t operations, fin_ends, rst_ends, established, closed_by_server;

/* ---- errors by kind ---- */
static struct { char kind[40]; uint64_t count; } errors[32];
static int error_kinds;

static void count_error(const char *kind)
{
    for (int i = 0; i < error_kinds; i++)
        if (strcmp(errors[i].kind, kind) == 0 || i == 31) { errors[i].count++; return; }
    if (error_kinds == 31) /* the last slot takes every further kind: no error goes uncounted */
        kind = "other";
    snprintf(errors[error_kinds].kind, sizeof errors[0].kind, "%s", kind);
    errors[error_kinds++].count = 1;
}

static void count_errno(const char *what, int err)
{
    char kind[40];
    const char *name = strerrorname_np(err);
    snprintf(kind, sizeof kind, "%s%s%s", what, *what ? " " : "", name ? name : "errno");
    count_error(kind);
}

/* ---- log-linear histogram of nanoseconds: 64 linear sub-buckets per power of two (<= 1.6% wide) ---- */
static uint64_t hist[59 * 64], hist_count, hist_max;

static void hist_add(uint64_t ns)
{
    int idx = (int)ns;
    if (ns >= 64) {
        int e = 63 - __builtin_clzll(ns);
        idx = (e - 5) * 64 + (int)((ns >> (e - 6)) & 63);
    }
    hist[idx]++;
    hist_count++;
    if (ns > hist_max)
        hist_max = ns;
}

static double hist_us(double q) /* the bucket's midpoint, never above the exact maximum */
{
    if (hist_count == 0)
        return 0;
    double exact = q * (double)hist_count;
    uint64_t rank = (uint64_t)exact, seen = 0;
    if ((double)rank < exact || rank == 0)
        rank++; /* ceil without libm: the build line links nothing but libc */
    for (int idx = 0; idx < 59 * 64; idx++) {
        if ((seen += hist[idx]) < rank)
            continue;
        double mid = idx;
        if (idx >= 64) {
            int shift = idx / 64 - 1;
            mid = (double)((uint64_t)(64 + idx % 64) << shift) + (double)(1ull << shift) / 2;
        }
        return (mid < (double)hist_max ? mid : (double)hist_max) / 1000;
    }
    return (double)hist_max / 1000;
}

/* ---- small helpers ---- */
static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static double cpu_seconds(const struct timeval *tv) { return (double)tv->tv_sec + (double)tv->tv_usec / 1e6; }

static void on_signal(int sig) { (void)sig; interrupted = 1; }

static void put_be(uint8_t *p, uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static void drop(struct conn *c, bool abortive)
{
    if (abortive) { /* RST instead of FIN: no TIME_WAIT on either side */
        struct linger l = { 1, 0 };
        setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    close(c->fd); /* also leaves the epoll set: the descriptor is not shared */
    c->fd = -1;
    c->gen++;
}

static void fail(struct conn *c, const char *what, int err) /* echo, hold: the connection is gone */
{
    if (err)
        count_errno(what, err);
    else
        count_error(what);
    if (c->state == CONNECTING)
        connecting--;
    drop(c, true);
    c->state = DEAD;
    live--;
}

/* ---- connecting ---- */
static bool start_connect(struct conn *c, uint32_t index, uint64_t t) /* false: failed at once, counted */
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        count_errno("socket", errno);
        return false;
    }
    if (opt.mode == ECHO) { /* a frame is one write; Nagle would hold a partial one back */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    int r = connect(fd, (const struct sockaddr *)&opt.addr, sizeof opt.addr);
    /* EINTR: the connect goes on asynchronously (connect(2)); its end is reported like EINPROGRESS's. */
    if (r < 0 && errno != EINPROGRESS && errno != EINTR) {
        count_errno("connect", errno);
        close(fd);
        return false;
    }
    /* Registered after connect(): an unconnected socket polls as EPOLLHUP. Edge-triggered, once for the
     * socket's life: no epoll_ctl per frame. */
    struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
                              .data.u64 = index | (uint64_t)c->gen << 32 };
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
        count_errno("epoll_ctl", errno);
        close(fd);
        return false;
    }
    c->fd = fd;
    c->state = CONNECTING;
    c->started = t;
    c->deadline = t + (uint64_t)(opt.timeout * 1e9);
    c->sent = c->got = 0;
    return true;
}

static int connect_error(struct conn *c) /* after EPOLLERR/EPOLLHUP on a connecting socket */
{
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    return err ? err : ECONNABORTED;
}

static void launch(uint64_t t) /* echo, hold: start waiting connections, CONNECTING_AT_ONCE at most */
{
    while (waiting > 0 && connecting < CONNECTING_AT_ONCE) {
        uint32_t index = (uint32_t)(opt.connections - waiting--);
        if (start_connect(&conns[index], index, t)) {
            connecting++;
        } else {
            conns[index].state = DEAD;
            live--;
        }
    }
}

/* ---- echo ---- */
static bool send_frame(struct conn *c) /* false: the connection failed */
{
    uint32_t head = opt.flen < HEAD ? opt.flen : HEAD;
    while (c->sent < opt.flen) {
        struct iovec iov[2];
        int n = 0;
        if (c->sent < head)
            iov[n++] = (struct iovec){ c->head + c->sent, head - c->sent };
        uint32_t from = c->sent > head ? c->sent : head;
        if (from < opt.flen)
            iov[n++] = (struct iovec){ pattern + from, opt.flen - from };
        struct msghdr m = { .msg_iov = iov, .msg_iovlen = (size_t)n };
        ssize_t w = sendmsg(c->fd, &m, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return true; /* the rest goes on the next EPOLLOUT edge */
            fail(c, "send", errno);
            return false;
        }
        c->sent += (uint32_t)w;
    }
    return true;
}

static bool echo_started(struct conn *c, uint32_t index, uint64_t t)
{
    c->state = ACTIVE;
    c->seq = 0;
    c->bad = false;
    put_be(c->head, opt.size, 4); /* gen_tcp {packet,4}: big-endian length, header excluded */
    put_be(c->head + 4, 0, 8);
    put_be(c->head + 12, index, 4);
    c->started = t;
    return send_frame(c);
}

/* Compares n echoed bytes at the connection's read position; false when the length header differs
 * (the stream cannot be framed any further). */
static bool verify(struct conn *c, const uint8_t *buf, uint32_t n)
{
    uint32_t pos = c->got, i = 0, head = opt.flen < HEAD ? opt.flen : HEAD;
    for (; i < n && pos < head; i++, pos++) {
        if (pos >= 4 && pos < 12)
            c->echoed_seq[pos - 4] = buf[i];
        if (buf[i] != c->head[pos]) {
            if (pos < 4)
                return false;
            c->bad = true;
        }
    }
    if (i < n && memcmp(buf + i, pattern + pos, n - i) != 0)
        c->bad = true;
    return true;
}

static void frame_done(struct conn *c)
{
    uint64_t t = now_ns();
    if (c->bad) { /* one frame in flight: another sequence number means one went missing or came back late */
        uint64_t echoed = 0;
        for (int i = 0; i < 8; i++)
            echoed = echoed << 8 | c->echoed_seq[i];
        count_error(opt.size < 8 ? "corrupted" : echoed > c->seq ? "lost" : echoed < c->seq ? "reordered" : "corrupted");
    } else if (measuring) {
        operations++;
        hist_add(t - c->started);
    }
    put_be(c->head + 4, ++c->seq, 8);
    c->got = c->sent = 0;
    c->bad = false;
    c->started = t;
    send_frame(c);
}

static void echo_read(struct conn *c)
{
    for (;;) {
        uint32_t want = opt.flen - c->got < SCRATCH ? opt.flen - c->got : SCRATCH;
        ssize_t n = recv(c->fd, scratch, want, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                fail(c, "", errno);
            return;
        }
        if (n == 0) {
            fail(c, "closed by server", 0);
            return;
        }
        if (!verify(c, scratch, (uint32_t)n)) {
            fail(c, "bad length", 0);
            return;
        }
        c->got += (uint32_t)n;
        if (c->got == opt.flen) {
            if (c->sent < opt.flen)
                fail(c, "echo before the frame was sent", 0);
            else
                frame_done(c); /* nothing more can be queued until the next frame is sent */
            return;
        }
        if ((uint32_t)n < want)
            return; /* a short read emptied the queue; new bytes bring a new edge */
    }
}

/* A connecting socket's event: true once the handshake completed; a failure is counted and the socket closed. */
static bool connect_completed(struct conn *c, uint32_t ev)
{
    if (ev & (EPOLLERR | EPOLLHUP)) {
        fail(c, "connect", connect_error(c));
        return false;
    }
    return (ev & EPOLLOUT) != 0;
}

static void echo_event(struct conn *c, uint32_t index, uint32_t ev, uint64_t t)
{
    if (c->state == CONNECTING) {
        if (!connect_completed(c, ev))
            return;
        connecting--;
        launch(t);
        if (!echo_started(c, index, t))
            return;
    } else if ((ev & EPOLLOUT) && c->sent < opt.flen && !send_frame(c)) {
        return;
    }
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
        echo_read(c);
}

/* ---- reject ---- */
static void start_cycle(struct conn *c, uint32_t index, uint64_t t)
{
    if (!start_connect(c, index, t)) {
        c->state = BACKOFF;
        c->deadline = t + BACKOFF_NS;
    }
}

static void abort_cycle(struct conn *c, const char *what, int err)
{
    if (err)
        count_errno(what, err);
    else
        count_error(what);
    drop(c, true);
    c->state = BACKOFF;
    c->deadline = now_ns() + BACKOFF_NS;
}

static void end_cycle(struct conn *c, uint32_t index, bool reset)
{
    /* The server closed first: the client's RST ends the server's FIN_WAIT_2 too (probe frames). */
    drop(c, true);
    uint64_t t = now_ns();
    if (measuring) {
        operations++;
        if (reset)
            rst_ends++;
        else
            fin_ends++;
        hist_add(t - c->started);
    }
    start_cycle(c, index, t);
}

static void reject_event(struct conn *c, uint32_t index, uint32_t ev, uint64_t t)
{
    if (c->state == CONNECTING) {
        if (ev & (EPOLLERR | EPOLLHUP)) {
            int err = connect_error(c);
            drop(c, false);
            count_errno("connect", err);
            c->state = BACKOFF;
            c->deadline = t + BACKOFF_NS;
            return;
        }
        if (!(ev & EPOLLOUT))
            return;
        c->state = ACTIVE;
        c->deadline = t + (uint64_t)(opt.timeout * 1e9);
    }
    while (c->sent < sizeof bogus_get - 1) {
        ssize_t w = send(c->fd, bogus_get + c->sent, sizeof bogus_get - 1 - c->sent, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            abort_cycle(c, "send", errno);
            return;
        }
        c->sent += (uint32_t)w;
    }
    if (!(ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
        return;
    for (;;) {
        ssize_t n = recv(c->fd, scratch, SCRATCH, 0);
        if (n > 0)
            continue; /* a reply before the close (an http400 policy) is read and dropped */
        if (n == 0) {
            end_cycle(c, index, false);
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == ECONNRESET) /* a server that resets (an rst policy) ends the cycle this way */
            end_cycle(c, index, true);
        else
            abort_cycle(c, "recv", errno);
        return;
    }
}

/* ---- hold ---- */
static void hold_event(struct conn *c, uint32_t ev, uint64_t t)
{
    if (c->state == CONNECTING) {
        if (!connect_completed(c, ev))
            return;
        c->state = ACTIVE;
        connecting--;
        established++;
        launch(t);
    }
    if (!(ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)))
        return;
    for (;;) {
        ssize_t n = recv(c->fd, scratch, SCRATCH, 0);
        if (n > 0)
            continue; /* nothing was asked; whatever the server says is dropped */
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        closed_by_server++; /* FIN (0) or an error such as ECONNRESET */
        drop(c, false);
        c->state = DEAD;
        live--;
        return;
    }
}

/* ---- timeouts, checked by a scan every 10 ms (reject) or 100 ms ---- */
static void scan(uint64_t t)
{
    uint64_t timeout = (uint64_t)(opt.timeout * 1e9);
    for (uint32_t i = 0; i < (uint32_t)opt.connections; i++) {
        struct conn *c = &conns[i];
        if (c->state == CONNECTING && t >= c->deadline) {
            if (opt.mode == REJECT)
                abort_cycle(c, "connect timeout", 0);
            else
                fail(c, "connect timeout", 0);
        } else if (c->state == ACTIVE && opt.mode == ECHO && t > c->started + timeout) {
            fail(c, "timeout", 0);
        } else if (c->state == ACTIVE && opt.mode == REJECT && t >= c->deadline) {
            abort_cycle(c, "timeout", 0);
        } else if (c->state == BACKOFF && t >= c->deadline) {
            start_cycle(c, i, t);
        }
    }
}

/* ---- the run ---- */
struct window { uint64_t start, from, to; struct rusage ru0, ru1; double server0, server1; bool begun; };

/* The server's CPU seconds (utime + stime, fields 14 and 15 of /proc/PID/stat), or -1 without --server-pid
 * or once the process is gone. The command (field 2) may hold spaces: fields are counted after its ')'. */
static double server_cpu(void)
{
    if (opt.server_pid <= 0)
        return -1;
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", opt.server_pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long long utime = 0, stime = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
        return -1;
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* Where the window opens and closes, with --signal-server: the server reports its own totals. */
static void signal_server(void)
{
    if (!opt.signal_server)
        return;
    if (kill((pid_t)opt.server_pid, SIGUSR1) == 0)
        opt.signals_sent++;
    else
        fprintf(stderr, "warning: SIGUSR1 to %ld: %s\n", opt.server_pid, strerror(errno));
}

static void begin_window(struct window *w, uint64_t t)
{
    measuring = w->begun = true;
    w->from = t;
    getrusage(RUSAGE_SELF, &w->ru0);
    w->server0 = server_cpu();
    signal_server();
    operations = fin_ends = rst_ends = hist_count = hist_max = 0;
    memset(hist, 0, sizeof hist);
}

static void run(struct window *w)
{
    struct epoll_event evs[512];
    uint64_t t0 = now_ns(), scan_every = opt.mode == REJECT ? 10000000ull : 100000000ull;
    uint64_t warm_end = t0 + (uint64_t)(opt.warmup * 1e9), next_scan = t0 + scan_every;
    w->start = t0;
    if (opt.mode == REJECT)
        for (uint32_t i = 0; i < (uint32_t)opt.connections; i++)
            start_cycle(&conns[i], i, t0);
    for (;;) {
        uint64_t t = now_ns();
        if (interrupted)
            break;
        if (waiting > 0)
            launch(t);
        if (!w->begun) {
            /* hold has no warm-up: its window opens when the last connect has been answered */
            bool ready = opt.mode == HOLD ? waiting == 0 && connecting == 0 : t >= warm_end;
            if (ready) {
                begin_window(w, t);
                w->to = t + (uint64_t)(opt.duration * 1e9);
            }
        }
        if (w->begun && t >= w->to)
            break;
        if (opt.mode != REJECT && live == 0)
            break; /* every connection failed or was closed: nothing left to drive */
        if (t >= next_scan) {
            scan(t);
            next_scan = t + scan_every;
        }
        uint64_t wake = next_scan;
        if (!w->begun && opt.mode != HOLD && warm_end < wake)
            wake = warm_end;
        if (w->begun && w->to < wake)
            wake = w->to;
        int ms = wake > t ? (int)((wake - t + 999999) / 1000000) : 0;
        int n = epoll_wait(ep, evs, (int)(sizeof evs / sizeof evs[0]), ms);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "error: epoll_wait: %s\n", strerror(errno));
            exit(2);
        }
        t = now_ns();
        for (int i = 0; i < n; i++) {
            uint32_t index = (uint32_t)evs[i].data.u64, gen = (uint32_t)(evs[i].data.u64 >> 32);
            struct conn *c = &conns[index];
            if (c->gen != gen || c->fd < 0)
                continue;
            if (opt.mode == ECHO)
                echo_event(c, index, evs[i].events, t);
            else if (opt.mode == REJECT)
                reject_event(c, index, evs[i].events, t);
            else
                hold_event(c, evs[i].events, t);
        }
    }
    uint64_t t = now_ns();
    if (!w->begun) { /* stopped before the window opened: an empty one */
        begin_window(w, t);
    }
    measuring = false;
    w->to = t;
    getrusage(RUSAGE_SELF, &w->ru1);
    w->server1 = server_cpu();
    signal_server();
}

/* ---- output ---- */
static uint64_t error_total(void)
{
    uint64_t total = 0;
    for (int i = 0; i < error_kinds; i++)
        total += errors[i].count;
    return total;
}

static void report(const struct window *w, uint64_t connect_ns)
{
    static const char *const modes[] = { "echo", "reject", "hold" };
    static const char *const counted[] = { "echoed frames, every byte checked", "connect-request-close cycles",
                                           "connections established, per second of the opening" };
    double seconds = (double)(w->to - w->from) / 1e9, connect_s = (double)connect_ns / 1e9;
    double user = cpu_seconds(&w->ru1.ru_utime) - cpu_seconds(&w->ru0.ru_utime);
    double sys = cpu_seconds(&w->ru1.ru_stime) - cpu_seconds(&w->ru0.ru_stime);
    uint64_t ops = opt.mode == HOLD ? established : operations;
    double span = opt.mode == HOLD ? connect_s : seconds;
    double rate = span > 0 ? (double)ops / span : 0;
    if (opt.json) {
        printf("{\"mode\":\"%s\",\"target\":\"%s\",\"connections\":%d,\"seconds\":%.3f,\"operations\":%llu,"
               "\"perSecond\":%.1f,\"counted\":\"%s\",\"errors\":{",
               modes[opt.mode], opt.target, opt.connections, seconds, (unsigned long long)ops, rate, counted[opt.mode]);
        for (int i = 0; i < error_kinds; i++)
            printf("%s\"%s\":%llu", i ? "," : "", errors[i].kind, (unsigned long long)errors[i].count);
        printf("},\"cpuUserS\":%.3f,\"cpuSysS\":%.3f,\"interrupted\":%s", user, sys, interrupted ? "true" : "false");
        if (w->server0 >= 0 && w->server1 >= 0)
            printf(",\"serverPid\":%ld,\"serverCpuS\":%.3f", opt.server_pid, w->server1 - w->server0);
        if (opt.signal_server)
            printf(",\"serverSignals\":%d", opt.signals_sent);
        if (opt.mode == HOLD)
            printf(",\"established\":%llu,\"closedByServer\":%llu,\"alive\":%llu,\"connectSeconds\":%.3f",
                   (unsigned long long)established, (unsigned long long)closed_by_server,
                   (unsigned long long)(established - closed_by_server), connect_s);
        else {
            if (opt.mode == ECHO)
                printf(",\"size\":%u", opt.size);
            else
                printf(",\"closedWithFin\":%llu,\"closedWithRst\":%llu", (unsigned long long)fin_ends, (unsigned long long)rst_ends);
            printf(",\"p50Us\":%.1f,\"p90Us\":%.1f,\"p99Us\":%.1f,\"maxUs\":%.1f",
                   hist_us(0.5), hist_us(0.9), hist_us(0.99), (double)hist_max / 1000);
        }
        printf("}\n");
    } else {
        if (opt.mode == ECHO)
            printf("echo %s, %d connections, %u-byte payloads: %llu frames in %.2f s = %.1f/s", opt.target,
                   opt.connections, opt.size, (unsigned long long)ops, seconds, rate);
        else if (opt.mode == REJECT)
            printf("reject %s, %d loops: %llu cycles in %.2f s = %.1f/s (server closed with FIN %llu, RST %llu)",
                   opt.target, opt.connections, (unsigned long long)ops, seconds, rate,
                   (unsigned long long)fin_ends, (unsigned long long)rst_ends);
        else
            printf("hold %s: %llu of %d established in %.2f s (%.1f/s); held %.2f s; closed by server %llu, alive %llu",
                   opt.target, (unsigned long long)established, opt.connections, connect_s, rate, seconds,
                   (unsigned long long)closed_by_server, (unsigned long long)(established - closed_by_server));
        if (opt.mode != HOLD)
            printf("; latency p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, max %.1f µs", hist_us(0.5), hist_us(0.9),
                   hist_us(0.99), (double)hist_max / 1000);
        printf("%s\nCPU: generator user %.2f s, sys %.2f s over %.2f s\nerrors:", interrupted ? " (interrupted)" : "",
               user, sys, seconds);
        for (int i = 0; i < error_kinds; i++)
            printf("%s %s %llu", i ? "," : "", errors[i].kind, (unsigned long long)errors[i].count);
        printf("%s\n", error_kinds ? "" : " none");
    }
    fflush(stdout);
}

/* ---- options ---- */
static void usage(FILE *to)
{
    fprintf(to,
        "usage: labload echo|reject|hold --port P [--host 127.0.0.1] [--connections N] [--size BYTES]\n"
        "               [--duration SECONDS] [--warmup SECONDS] [--timeout SECONDS] [--server-pid PID]\n"
        "               [--signal-server] [--json]\n"
        "  echo    N connections, one {packet,4} frame of SIZE payload bytes in flight on each; every echoed\n"
        "          byte is checked; frames/s and round-trip latency\n"
        "  reject  N loops: connect, send \"GET /anything HTTP/1.1\", wait for the server's close, reset, repeat\n"
        "  hold    open N idle connections (%d connecting at once), hold them for --duration (no warm-up)\n"
        "  --host         IPv4 in 127.0.0.0/8 only (default 127.0.0.1)\n"
        "  --connections  1..%d (default 1)      --size      1..%d payload bytes (default 64)\n"
        "  --duration     over 0, up to %.0f s, measured (default 5)   --warmup  0..%.0f s (default 2)\n"
        "  --timeout      connect, echo and close timeout, s (default 10)\n"
        "  --server-pid   also report the server's CPU (utime + stime from /proc) over the measured window\n"
        "  --signal-server  with --server-pid: SIGUSR1 to the server where the window opens and where it closes\n"
        "  --json         exactly one line of JSON on stdout\n"
        "Counts after the warm-up; errors over the whole run. Exit: 0 ok, 1 errors counted or nothing\n"
        "measured, 2 bad usage or a missing prerequisite.\n",
        CONNECTING_AT_ONCE, MAX_CONNECTIONS, MAX_SIZE, MAX_SECONDS, MAX_SECONDS);
}

static _Noreturn void refuse(const char *message, const char *value) /* one line on stderr, exit 2 */
{
    fprintf(stderr, "error: ");
    fprintf(stderr, message, value);
    fputc('\n', stderr);
    exit(2);
}

static long parse_long(const char *name, const char *text, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max) {
        fprintf(stderr, "error: %s: '%s' is not a whole number in %ld..%ld\n", name, text, min, max);
        exit(2);
    }
    return v;
}

static double parse_seconds(const char *name, const char *text, double min, bool min_excluded)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < min || (min_excluded && v == min) || v > MAX_SECONDS) {
        fprintf(stderr, "error: %s: '%s' is not a number of seconds in %s%g..%g\n", name, text,
                min_excluded ? "(" : "", min, MAX_SECONDS);
        exit(2);
    }
    return v;
}

static void parse(int argc, char **argv)
{
    static const struct option longs[] = {
        { "port", required_argument, 0, 'p' },        { "host", required_argument, 0, 'H' },
        { "connections", required_argument, 0, 'c' }, { "size", required_argument, 0, 's' },
        { "duration", required_argument, 0, 'd' },    { "warmup", required_argument, 0, 'w' },
        { "timeout", required_argument, 0, 't' },     { "json", no_argument, 0, 'j' },
        { "server-pid", required_argument, 0, 'P' },  { "signal-server", no_argument, 0, 'S' },
        { "help", no_argument, 0, 'h' },              { 0, 0, 0, 0 },
    };
    const char *host = "127.0.0.1";
    long port = -1;
    int o;
    while ((o = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (o) {
        case 'p': port = parse_long("--port", optarg, 1, 65535); break;
        case 'H': host = optarg; break;
        case 'c': opt.connections = (int)parse_long("--connections", optarg, 1, MAX_CONNECTIONS); break;
        case 's': opt.size = (uint32_t)parse_long("--size", optarg, 1, MAX_SIZE); break;
        case 'd': opt.duration = parse_seconds("--duration", optarg, 0, true); break;
        case 'w': opt.warmup = parse_seconds("--warmup", optarg, 0, false); break;
        case 't': opt.timeout = parse_seconds("--timeout", optarg, 0, true); break;
        case 'j': opt.json = true; break;
        case 'P': opt.server_pid = parse_long("--server-pid", optarg, 1, 4194304); break;
        case 'S': opt.signal_server = true; break;
        case 'h': usage(stdout); exit(0);
        default: usage(stderr); exit(2); /* getopt_long has said which option */
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "error: %s\n", optind >= argc ? "a mode is required" : "one mode only");
        usage(stderr);
        exit(2);
    }
    const char *mode = argv[optind];
    if (strcmp(mode, "echo") == 0)
        opt.mode = ECHO;
    else if (strcmp(mode, "reject") == 0)
        opt.mode = REJECT;
    else if (strcmp(mode, "hold") == 0)
        opt.mode = HOLD;
    else {
        fprintf(stderr, "error: unknown mode '%s'\n", mode);
        usage(stderr);
        exit(2);
    }
    if (port < 0) {
        fprintf(stderr, "error: --port is required\n");
        usage(stderr);
        exit(2);
    }
    if (opt.signal_server && opt.server_pid <= 0)
        refuse("%s needs --server-pid", "--signal-server");
    opt.addr.sin_family = AF_INET;
    opt.addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &opt.addr.sin_addr) != 1)
        refuse("--host %s is not an IPv4 address (labload drives 127.0.0.0/8 only)", host);
    if ((ntohl(opt.addr.sin_addr.s_addr) >> 24) != 127)
        refuse("--host %s is outside 127.0.0.0/8: labload drives loopback servers only", host);
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &opt.addr.sin_addr, text, sizeof text);
    snprintf(opt.target, sizeof opt.target, "%s:%u", text, (unsigned)ntohs(opt.addr.sin_port));
    opt.flen = opt.size + 4;
}

int main(int argc, char **argv)
{
    parse(argc, argv);

    /* Every socket is a descriptor: take the hard RLIMIT_NOFILE, and refuse what it cannot hold. */
    struct rlimit nofile;
    getrlimit(RLIMIT_NOFILE, &nofile);
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);
    if (nofile.rlim_cur != RLIM_INFINITY && (rlim_t)opt.connections + 8 > nofile.rlim_cur) {
        fprintf(stderr, "error: %d connections need %d descriptors; RLIMIT_NOFILE's hard limit is %llu (ulimit -Hn)\n",
                opt.connections, opt.connections + 8, (unsigned long long)nofile.rlim_cur);
        exit(2);
    }

    conns = calloc((size_t)opt.connections, sizeof *conns);
    pattern = malloc(opt.flen);
    ep = epoll_create1(EPOLL_CLOEXEC);
    if (!conns || !pattern || ep < 0) {
        fprintf(stderr, "error: cannot set up: %s\n", strerror(errno));
        exit(2);
    }
    for (uint32_t i = 0; i < opt.flen; i++)
        pattern[i] = (uint8_t)(i * 31 + 7);
    for (int i = 0; i < opt.connections; i++)
        conns[i].fd = -1;
    waiting = opt.mode == REJECT ? 0 : opt.connections;
    live = opt.connections;

    struct sigaction sa = { .sa_handler = on_signal }; /* no SA_RESTART: epoll_wait returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct window w = { 0 };
    run(&w);
    report(&w, w.from - w.start);
    return error_total() > 0 || (opt.mode == HOLD ? established == 0 : operations == 0) ? 1 : 0;
}
