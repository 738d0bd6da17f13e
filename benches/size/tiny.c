/* The C equivalent of examples/tiny, for the size table (benches/size.sh):
 * the same system calls, greeting and exit statuses, built with
 *   musl-gcc -Os -static -s -ffunction-sections -fdata-sections \
 *     -Wl,--gc-sections,--build-id=none,-z,norelro,-z,noseparate-code,--no-eh-frame-hdr \
 *     -Wl,-T,examples/tiny/musl.ld
 * (the same link flags and linker script as the musl build of examples/tiny).
 * TINY_PORT and TINY_CLIENTS may be set with -D (defaults 9600 and 3). */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef TINY_PORT
#define TINY_PORT 9600
#endif
#ifndef TINY_CLIENTS
#define TINY_CLIENTS 3
#endif

static const char greeting[] = "hello from baresock\n";

int main(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 1;
	int one = 1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0)
		return 2;
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(TINY_PORT),
		.sin_addr = { htonl(INADDR_LOOPBACK) },
	};
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
		return 3;
	if (listen(fd, 128) != 0)
		return 4;
	for (unsigned i = 0; i < TINY_CLIENTS; i++) {
		int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (client < 0)
			return 5;
		ssize_t sent = send(client, greeting, sizeof greeting - 1, MSG_NOSIGNAL);
		close(client);
		if (sent != (ssize_t)(sizeof greeting - 1))
			return 6;
	}
	close(fd);
	return 0;
}
