/*
 * nodetime: the node's time client (SNTP, RFC 5905 client mode), for the time servers the site
 * names in etc/node/site.conf ("ntp ADDRESS" lines; image/render-ntp.sh makes them its
 * arguments). There is no default server and no name resolution: without site servers the
 * service does not exist, and the firewall would drop any other destination anyway.
 *
 *   nodetime SERVER...        (init supervises it as service "ntp")
 *
 * Each poll asks every server BURST times and keeps each server's exchange with the least delay;
 * the servers' median offset is applied if most of them agree (clock_policy.h): stepped from
 * 128 ms up, slewed below. The first synchronisation may step any distance; later jumps over
 * 1000 s, and any time before the image's build, are refused and said to be. It runs as nobody
 * with CAP_SYS_TIME alone (init/privdrop/).
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock_adjust.h"
#include "clock_policy.h"
#include "ntp_exchange.h"
#include "../privdrop/privdrop.h"

#define SERVERS_MAX 8
#define BURST 4
#define REPLY_TIMEOUT_MS 2000
#define POLL_MIN_S 64
#define POLL_MAX_S 1024
#define RETRY_MIN_S 8		/* no server answered: ask again soon, backing off to POLL_MIN_S */
#define AGREE_NS 500000000LL	/* servers further apart than this disagree */
#define STABLE_NS 32000000LL	/* offsets under this lengthen the poll interval */
/* Every file of the verity-checked root carries the build time (image/build-rootimg.sh). */
#define FLOOR_FILE "/etc/os-release"
#define NS 1000000000LL

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("nodetime: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static void iso(int64_t ns, char *buf, size_t cap)
{
	time_t t = (time_t)(ns / NS);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, cap, "@%lld", (long long)t);
}

/* The image's build time, as the floor under the clock; 0 (no floor) if it cannot be read. */
static int64_t floor_time(void)
{
	struct stat st;

	if (stat(FLOOR_FILE, &st) != 0) {
		say("WARNING no clock floor: stat %s: %s", FLOOR_FILE, strerror(errno));
		return 0;
	}
	return (int64_t)st.st_mtime;
}

/* A clock behind the image's build time is certainly wrong: start from the build time. */
static void raise_to_floor(int64_t floor_s)
{
	char why[128], when[32];
	int64_t now = clock_now_ns();

	if (now / NS >= floor_s)
		return;
	iso(floor_s * NS, when, sizeof when);
	if (clock_step(floor_s * NS - now, why, sizeof why) != 0)
		say("FAIL clock is before the image's build time; setting it to %s: %s", when, why);
	else
		say("clock was before the image's build time: set to %s until a server answers", when);
}

/* One poll: each server's best exchange of a burst. Returns how many servers answered. */
static size_t poll_servers(struct ntp_server *srv, size_t n, int64_t *offsets,
			   struct ntp_sample *best_of)
{
	size_t i, answered = 0;

	for (i = 0; i < n; i++) {
		struct ntp_sample s[BURST];
		size_t got = 0, k;
		char why[160] = "";

		if (srv[i].denied)
			continue;
		for (k = 0; k < BURST; k++) {
			switch (ntp_exchange(&srv[i], REPLY_TIMEOUT_MS, &s[got], why, sizeof why)) {
			case EXCHANGE_OK:
				/* a short pause: the burst's exchanges should not queue behind each other */
				if (++got < BURST)
					(void)nanosleep(&(struct timespec){ 0, 250000000 }, NULL);
				break;
			case EXCHANGE_KISS:
				if (strcmp(why, "DENY") == 0 || strcmp(why, "RSTR") == 0) {
					say("%s: kiss-o'-death %s: the server refuses us; not asking it again",
					    srv[i].name, why);
					srv[i].denied = 1;
					k = BURST;
				} else {
					say("%s: kiss-o'-death %s: this poll skips it", srv[i].name, why);
					k = BURST;
				}
				break;
			case EXCHANGE_NONE:
				break;
			}
		}
		if (got == 0) {
			if (!srv[i].denied)
				say("%s: no usable reply to %d requests: %s", srv[i].name, BURST, why);
			continue;
		}
		best_of[answered] = s[sample_best(s, got)];
		offsets[answered] = best_of[answered].offset_ns;
		answered++;
	}
	return answered;
}

int main(int argc, char **argv)
{
	struct ntp_server srv[SERVERS_MAX];
	size_t n = 0, i;
	int64_t floor_s;
	int synced = 0, poll_s = POLL_MIN_S, retry_s = RETRY_MIN_S;
	char why[256], list[SERVERS_MAX * 66] = "";

	if (argc < 2 || argc - 1 > SERVERS_MAX) {
		fprintf(stderr, "usage: nodetime SERVER... (1 to %d IPv4 or IPv6 addresses)\n", SERVERS_MAX);
		return 2;
	}
	for (i = 1; i < (size_t)argc; i++) {
		if (ntp_server_parse(argv[i], &srv[n]) != 0) {
			fprintf(stderr, "nodetime: server %s: not an IPv4 or IPv6 address\n", argv[i]);
			return 2;
		}
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", n ? ", " : "", argv[i]);
		n++;
	}
	floor_s = floor_time();
	raise_to_floor(floor_s);
	if (privdrop_to_nobody(PRIVDROP_CAP(CAP_SYS_TIME), PRIVDROP_CAP(CAP_SYS_TIME), 0, why, sizeof why) != 0) {
		say("FAIL dropping privileges: %s", why);
		return 1;
	}
	say("servers %s (site.conf); running as nobody with CAP_SYS_TIME only", list);

	for (;;) {
		int64_t offsets[SERVERS_MAX], offset, now;
		struct ntp_sample best[SERVERS_MAX];
		size_t got = poll_servers(srv, n, offsets, best);
		char when[32];
		int wait_s;

		if (got == 0) {
			wait_s = retry_s;
			retry_s = retry_s * 2 > POLL_MIN_S ? POLL_MIN_S : retry_s * 2;
		} else if (site_offset(offsets, got, AGREE_NS, &offset) != 0) {
			say("FAIL the %zu servers that answered disagree by more than %.1f s: clock left alone",
			    got, (double)AGREE_NS / NS);
			wait_s = POLL_MIN_S;
		} else {
			int64_t dist = 0, delay = best[0].delay_ns;

			for (i = 0; i < got; i++) {
				dist = best[i].root_dist_ns > dist ? best[i].root_dist_ns : dist;
				delay = best[i].delay_ns < delay ? best[i].delay_ns : delay;
			}
			retry_s = RETRY_MIN_S;
			now = clock_now_ns();
			switch (clock_decide(offset, now, synced, floor_s, why, sizeof why)) {
			case CLOCK_REFUSE:
				say("FAIL refusing to set the clock: %s", why);
				break;
			case CLOCK_STEP:
				iso(now + offset, when, sizeof when);
				if (clock_step(offset, why, sizeof why) != 0) {
					say("FAIL stepping the clock by %+.3f s: %s", (double)offset / NS, why);
					break;
				}
				say("clock stepped by %+.3f s to %s (%zu of %zu servers; delay %.1f ms)",
				    (double)offset / NS, when, got, n, (double)delay / 1e6);
				synced = 1;
				break;
			case CLOCK_SLEW:
				if (clock_slew(offset, why, sizeof why) != 0) {
					say("FAIL slewing the clock by %+.6f s: %s", (double)offset / NS, why);
					break;
				}
				if (!synced)
					say("clock within %.3f s of the servers: slewing (%zu of %zu servers; delay %.1f ms)",
					    (double)offset / NS, got, n, (double)delay / 1e6);
				synced = 1;
				break;
			case CLOCK_KEEP:
				synced = 1;
				break;
			}
			if (synced && clock_mark_synced(dist + delay / 2, why, sizeof why) != 0)
				say("WARNING could not mark the clock synchronised: %s", why);
			poll_s = llabs(offset) < STABLE_NS ? (poll_s * 2 > POLL_MAX_S ? POLL_MAX_S : poll_s * 2)
							   : POLL_MIN_S;
			wait_s = poll_s;
		}
		(void)nanosleep(&(struct timespec){ wait_s, 0 }, NULL);
	}
}
