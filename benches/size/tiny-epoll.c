/* The C twin of the concurrent examples/tiny: what a C programmer
 * writes instead, for the size table (benches/size.sh), the throughput bench
 * (benches/serve-throughput.sh) and the hostile-client load test
 * (.ci/load.sh --c-twin). Built with the same flags and linker script as the
 * sequential C row (benches/size/tiny.c):
 *   musl-gcc -Os -static -s -ffunction-sections -fdata-sections \
 *     -Wl,--gc-sections,--build-id=none,-z,norelro,-z,noseparate-code,--no-eh-frame-hdr \
 *     -Wl,-T,examples/tiny/musl.ld -DTINY_PORT=9600 benches/size/tiny-epoll.c
 *
 * The server, as examples/tiny's: a non-blocking listener on
 * 127.0.0.1:TINY_PORT in an epoll set; each wake-up drains accept4 until
 * EAGAIN. A client gets the greeting at once (`hello from baresock\n`,
 * MSG_NOSIGNAL: a client that has gone costs an error, not a SIGPIPE), then
 * its write half is shut down (FIN: it reads the greeting and end of stream),
 * and it waits in a fixed table of TINY_SLOTS until it closes its end or
 * resets, or for at most TINY_DEADLINE seconds: closing only after the peer
 * did (a "lingering close") never resets a greeting not read yet, so what a
 * client sends is read and dropped meanwhile.
 * No client can hold it: the table is swept once a second for expired
 * connections; a full table stops accepting (new clients wait in the backlog)
 * until a slot frees; accept4's per-connection errors (ECONNABORTED, EINTR,
 * EPROTO, EPERM) are skipped; EMFILE, ENFILE, ENOBUFS, ENOMEM pause accepting
 * until a connection closes or a second passes (no busy loop).
 * SIGTERM/SIGINT end it by the signal's default action (no handler).
 *
 * Build-time settings (-D): TINY_PORT (9600), TINY_CLIENTS (0: serve
 * forever; N: exit 0 once N connections have been closed), TINY_SLOTS (1024),
 * TINY_DEADLINE (5 s), TINY_BACKLOG (INT_MAX, which the kernel caps at
 * net.core.somaxconn, as examples/tiny's Backlog::MAX).
 * Exit status of a failed set-up step: 1 socket, 2 SO_REUSEADDR, 3 bind,
 * 4 listen (as examples/tiny), 7 epoll_create1 or epoll_ctl of the listener,
 * 8 epoll_wait. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef TINY_PORT
#define TINY_PORT 9600
#endif
#ifndef TINY_CLIENTS
#define TINY_CLIENTS 0
#endif
#ifndef TINY_SLOTS
#define TINY_SLOTS 1024
#endif
#ifndef TINY_DEADLINE
#define TINY_DEADLINE 5
#endif
#ifndef TINY_BACKLOG
#define TINY_BACKLOG 0x7fffffff /* capped by the kernel at somaxconn */
#endif

/* The epoll data of the listener; connections carry their slot index. */
#define LISTENER TINY_SLOTS

static const char greeting[] = "hello from baresock\n";

static int ep;
static int fds[TINY_SLOTS];          /* the connection's fd; -1: free */
static time_t deadlines[TINY_SLOTS]; /* CLOCK_MONOTONIC seconds */
static unsigned free_slots[TINY_SLOTS], nfree;
static unsigned long served; /* connections closed */

static time_t now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* Closing the fd also takes it out of the epoll set. */
static void drop(unsigned slot)
{
	close(fds[slot]);
	fds[slot] = -1;
	free_slots[nfree++] = slot;
	served++;
#if TINY_CLIENTS
	if (served >= TINY_CLIENTS)
		_exit(0);
#endif
}

/* Listens for the listener's readiness or not: `on` 0 while the table is full
 * or the process is out of fds. */
static int listen_events(int lfd, int on)
{
	struct epoll_event ev = { .events = on ? EPOLLIN : 0, .data.u32 = LISTENER };
	return epoll_ctl(ep, EPOLL_CTL_MOD, lfd, &ev);
}

int main(void)
{
	int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return 1;
	int one = 1;
	if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		return 2;
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(TINY_PORT),
		.sin_addr = { htonl(INADDR_LOOPBACK) },
	};
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0)
		return 3;
	if (listen(lfd, TINY_BACKLOG) != 0)
		return 4;
	ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = LISTENER };
	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) != 0)
		return 7;
	for (unsigned i = 0; i < TINY_SLOTS; i++) {
		fds[i] = -1;
		free_slots[i] = TINY_SLOTS - 1 - i;
	}
	nfree = TINY_SLOTS;

	int accepting = 1, out_of_fds = 0;
	time_t next_sweep = 0;
	for (;;) {
		struct epoll_event events[64];
		/* A timeout only while something can expire or accepting is paused. */
		int busy = nfree < TINY_SLOTS || out_of_fds;
		int n = epoll_wait(ep, events, 64, busy ? 1000 : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 8;
		}
		unsigned long served_before = served;
		time_t t = now();
		for (int i = 0; i < n; i++) {
			unsigned slot = events[i].data.u32;
			if (slot != LISTENER) {
				char buf[512];
				ssize_t r = recv(fds[slot], buf, sizeof buf, 0);
				/* What it sends is dropped; its end of stream or reset
				 * closes it. */
				if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
					drop(slot);
				continue;
			}
			while (nfree > 0) {
				int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
				if (c < 0) {
					if (errno == ECONNABORTED || errno == EINTR || errno == EPROTO ||
					    errno == EPERM)
						continue;
					if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
					    errno == ENOMEM)
						out_of_fds = 1;
					break;
				}
				if (send(c, greeting, sizeof greeting - 1, MSG_NOSIGNAL) !=
					    (ssize_t)(sizeof greeting - 1) ||
				    shutdown(c, SHUT_WR) != 0) {
					close(c);
					continue;
				}
				unsigned s = free_slots[--nfree];
				struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = s };
				fds[s] = c;
				deadlines[s] = t + TINY_DEADLINE;
				if (epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev) != 0)
					drop(s);
			}
		}
		if (t >= next_sweep) {
			for (unsigned s = 0; s < TINY_SLOTS; s++)
				if (fds[s] >= 0 && deadlines[s] <= t)
					drop(s);
			next_sweep = t + 1;
		}
		/* Out of fds: try again once a connection has closed, or after the
		 * one-second timeout. */
		if (out_of_fds && (served > served_before || n == 0))
			out_of_fds = 0;
		int want = nfree > 0 && !out_of_fds;
		if (want != accepting) {
			if (listen_events(lfd, want) != 0)
				return 7;
			accepting = want;
		}
	}
}
