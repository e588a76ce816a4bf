/* diode-send: the staging side of the one-way data diode.
 *
 *   diode-send keygen FILE
 *   diode-send --key FILE [--rate BYTES/S] [--overhead PCT] [--rounds N] [--name NAME]
 *              [--symbol-size BYTES] [--block K] FILE HOST:PORT
 *
 * Cuts FILE into symbols, groups them into blocks of K, adds Reed-Solomon parity (--overhead
 * percent of K per block) and sends every symbol as one signed datagram, round after round (a
 * carousel: the receiver cannot ask for what it lost, so it waits for the next round). Within a
 * round the packets go symbol index by symbol index across all blocks, so a burst of loss takes
 * one symbol from many blocks rather than many from one, and a lossless link delivers every
 * source symbol before the first parity one.
 *
 * The whole file and its parity are held in memory: this is a staging host tool, and a bundle
 * is at most a few hundred MiB. Exit: 0 done, 100 usage, 111 system error. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "diode_fec.h"
#include "diode_key.h"
#include "diode_packet.h"
#include "diode_pace.h"

#define DEFAULT_RATE 10000000ull /* bytes of UDP payload per second */
#define DEFAULT_OVERHEAD 25
#define DEFAULT_BLOCK 100
#define LOG_SECONDS 5

struct opts {
	const char *key, *name, *file, *dest;
	unsigned long long rate, overhead, rounds, symbol_size, block;
};

static void usage(void)
{
	fprintf(stderr,
		"usage: diode-send keygen FILE\n"
		"       diode-send --key FILE [--rate BYTES/S] [--overhead PCT] [--rounds N] [--name NAME]\n"
		"                  [--symbol-size BYTES] [--block K] FILE HOST:PORT\n"
		"  --rate BYTES/S      UDP payload bytes per second (default %llu)\n"
		"  --overhead PCT      parity symbols per block, percent of K (default %d)\n"
		"  --rounds N          carousel rounds, 0 = until killed (default 0)\n"
		"  --name NAME         name delivered on the node (default: FILE's basename; must end .bundle)\n"
		"  --symbol-size BYTES payload per packet, %d..%d (default %d)\n"
		"  --block K           source symbols per block, K + parity <= %d (default %d)\n",
		DEFAULT_RATE, DEFAULT_OVERHEAD, DIODE_SYMBOL_MIN, DIODE_SYMBOL_MAX, DIODE_SYMBOL_DEFAULT,
		DIODE_N_MAX, DEFAULT_BLOCK);
	exit(100);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("diode-send: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(111);
}

static unsigned long long num_arg(const char *opt, const char *s, unsigned long long lo, unsigned long long hi)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < lo || v > hi) {
		fprintf(stderr, "diode-send: %s %s: not a number in %llu..%llu\n", opt, s, lo, hi);
		exit(100);
	}
	return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int i;

	*o = (struct opts){ .rate = DEFAULT_RATE, .overhead = DEFAULT_OVERHEAD, .symbol_size = DIODE_SYMBOL_DEFAULT,
			    .block = DEFAULT_BLOCK };
	for (i = 1; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		const char *opt = argv[i], *v = argv[i + 1];

		if (v == NULL)
			usage();
		if (strcmp(opt, "--key") == 0)
			o->key = v;
		else if (strcmp(opt, "--name") == 0)
			o->name = v;
		else if (strcmp(opt, "--rate") == 0)
			o->rate = num_arg(opt, v, 1000, 1ull << 40);
		else if (strcmp(opt, "--overhead") == 0)
			o->overhead = num_arg(opt, v, 0, 1000);
		else if (strcmp(opt, "--rounds") == 0)
			o->rounds = num_arg(opt, v, 0, 1ull << 32);
		else if (strcmp(opt, "--symbol-size") == 0)
			o->symbol_size = num_arg(opt, v, DIODE_SYMBOL_MIN, DIODE_SYMBOL_MAX);
		else if (strcmp(opt, "--block") == 0)
			o->block = num_arg(opt, v, 1, DIODE_N_MAX);
		else
			usage();
	}
	if (argc - i != 2 || o->key == NULL)
		usage();
	o->file = argv[i];
	o->dest = argv[i + 1];
}

/* The file, zero-padded to whole symbols, and its hash. */
static uint8_t *file_load(const char *path, size_t symbol_size, uint64_t *size, uint8_t *hash)
{
	struct stat st;
	uint8_t *buf;
	size_t padded, off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die("%s: open: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		die("%s: stat: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	if (st.st_size < 1 || (uint64_t)st.st_size > DIODE_SIZE_MAX)
		die("%s: size %lld is outside 1..%llu bytes", path, (long long)st.st_size,
		    (unsigned long long)DIODE_SIZE_MAX);
	*size = (uint64_t)st.st_size;
	padded = (*size + symbol_size - 1) / symbol_size * symbol_size;
	buf = calloc(1, padded);
	if (buf == NULL)
		die("%s: %zu bytes to hold it: out of memory", path, padded);
	while (off < *size) {
		ssize_t n = read(fd, buf + off, *size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("%s: read at %zu: %s", path, off, strerror(errno));
		if (n == 0)
			die("%s: shrank to %zu bytes while being read", path, off);
		off += (size_t)n;
	}
	close(fd);
	crypto_generichash(hash, DIODE_HASH_BYTES, buf, *size, NULL, 0);
	return buf;
}

static int socket_to(const char *dest, struct sockaddr_storage *sa, socklen_t *salen)
{
	char host[256];
	const char *colon = strrchr(dest, ':');
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_DGRAM,
				  .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	size_t hl;
	int rc, fd;

	if (colon == NULL || (hl = (size_t)(colon - dest)) == 0 || hl >= sizeof host) {
		fprintf(stderr, "diode-send: destination %s: want HOST:PORT with a numeric address\n", dest);
		exit(100);
	}
	memcpy(host, dest, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	rc = getaddrinfo(host, colon + 1, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "diode-send: destination %s: %s\n", dest, gai_strerror(rc));
		exit(100);
	}
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	*salen = ai->ai_addrlen;
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	freeaddrinfo(ai);
	if (fd < 0)
		die("UDP socket for %s: %s", dest, strerror(errno));
	return fd;
}

static void keygen(const char *path)
{
	struct diode_err err;
	struct diode_key k;

	if (diode_key_generate(path, &err) < 0)
		die("%s", err.msg);
	if (diode_key_load(path, &k, &err) < 0)
		die("%s", err.msg);
	fprintf(stderr, "diode-send: wrote diode key %s to %s\n", k.id, path);
	sodium_memzero(&k, sizeof k);
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct diode_key key;
	struct diode_err err;
	struct diode_layout lay = { 0 };
	struct diode_pace pace;
	struct sockaddr_storage sa;
	socklen_t salen;
	uint8_t *data, *parity, **ptrs, pkt[DIODE_PACKET_MAX];
	uint64_t *parity_off, total_parity = 0, sent = 0, sent_bytes = 0, round_pkts = 0, enobufs = 0;
	unsigned *mb, maxn = 0;
	const char *base;
	char hex[2 * DIODE_HASH_BYTES + 1];
	double t0, t_log;
	int sock;

	if (sodium_init() < 0)
		die("libsodium: initialisation failed");
	if (argc == 3 && strcmp(argv[1], "keygen") == 0) {
		keygen(argv[2]);
		return 0;
	}
	parse_args(argc, argv, &o);
	if (diode_key_load(o.key, &key, &err) < 0)
		die("%s", err.msg);
	base = o.name ? o.name : (strrchr(o.file, '/') ? strrchr(o.file, '/') + 1 : o.file);
	if (diode_name_check(base, &err) < 0)
		die("name %s: %s", base, err.msg);
	snprintf(lay.name, sizeof lay.name, "%s", base);
	lay.symbol_size = (unsigned)o.symbol_size;
	lay.kmax = (unsigned)o.block;
	randombytes_buf(&lay.transfer_id, sizeof lay.transfer_id);
	data = file_load(o.file, lay.symbol_size, &lay.file_size, lay.file_hash);
	if (diode_layout_init(&lay, &err) < 0)
		die("%s: %s (try a larger --block or --symbol-size)", o.file, err.msg);

	/* parity per block: overhead percent of its k, rounded up, within k + m <= 255 */
	mb = calloc(lay.nblocks, sizeof *mb);
	parity_off = calloc(lay.nblocks, sizeof *parity_off);
	if (mb == NULL || parity_off == NULL)
		die("tables for %u blocks: out of memory", lay.nblocks);
	for (uint32_t b = 0; b < lay.nblocks; b++) {
		unsigned k = diode_layout_block_k(&lay, b);
		unsigned long long m = (k * o.overhead + 99) / 100;

		mb[b] = m > DIODE_N_MAX - k ? DIODE_N_MAX - k : (unsigned)m;
		parity_off[b] = total_parity;
		total_parity += (uint64_t)mb[b] * lay.symbol_size;
		maxn = k + mb[b] > maxn ? k + mb[b] : maxn;
		round_pkts += k + mb[b];
	}
	parity = malloc(total_parity ? total_parity : 1);
	ptrs = malloc(DIODE_N_MAX * sizeof *ptrs);
	if (parity == NULL || ptrs == NULL)
		die("%" PRIu64 " bytes of parity: out of memory", total_parity);
	for (uint32_t b = 0; b < lay.nblocks; b++) {
		unsigned k = diode_layout_block_k(&lay, b);

		for (unsigned j = 0; j < k; j++)
			ptrs[j] = data + diode_layout_block_offset(&lay, b) + (size_t)j * lay.symbol_size;
		for (unsigned j = 0; j < mb[b]; j++)
			ptrs[k + j] = parity + parity_off[b] + (size_t)j * lay.symbol_size;
		if (diode_fec_encode(k, mb[b], lay.symbol_size, ptrs, ptrs + k, &err) < 0)
			die("%s: block %u: %s", o.file, b, err.msg);
	}

	sock = socket_to(o.dest, &sa, &salen);
	sodium_bin2hex(hex, sizeof hex, lay.file_hash, sizeof lay.file_hash);
	fprintf(stderr, "diode-send: transfer %016" PRIx64 ": %s as %s, %" PRIu64 " bytes, BLAKE2b-256 %s, "
		"%u blocks of %u+%u symbols of %u bytes, %" PRIu64 " packets a round (%.1fs at %llu B/s), to %s, "
		"diode key %s, %llu rounds\n", lay.transfer_id, o.file, lay.name, lay.file_size, hex, lay.nblocks,
		lay.kmax, mb[0], lay.symbol_size, round_pkts,
		(double)round_pkts * (DIODE_HDR_BYTES + lay.symbol_size + DIODE_TAG_BYTES) / o.rate, o.rate,
		o.dest, key.id, o.rounds);
	diode_pace_init(&pace, o.rate);
	t0 = t_log = now_mono();
	for (unsigned long long r = 0; o.rounds == 0 || r < o.rounds; r++) {
		for (unsigned i = 0; i < maxn; i++)
			for (uint32_t b = 0; b < lay.nblocks; b++) {
				unsigned k = diode_layout_block_k(&lay, b);
				const uint8_t *sym;
				size_t len;

				if (i >= k + mb[b])
					continue;
				sym = i < k ? data + diode_layout_block_offset(&lay, b) + (size_t)i * lay.symbol_size
					    : parity + parity_off[b] + (size_t)(i - k) * lay.symbol_size;
				len = diode_packet_encode(&lay, b, k, mb[b], i, sym, pkt);
				diode_tag_sign(&key, pkt, len - DIODE_TAG_BYTES);
				if (diode_pace_wait(&pace, len) < 0)
					die("pacing clock: %s", strerror(errno));
				while (sendto(sock, pkt, len, 0, (struct sockaddr *)&sa, salen) < 0) {
					/* a full queue or no route yet: this packet is lost like on the wire, so
					 * count it and go on rather than stall the carousel */
					if (errno == ENOBUFS || errno == EAGAIN || errno == ECONNREFUSED ||
					    errno == EHOSTUNREACH || errno == ENETUNREACH) {
						enobufs++;
						break;
					}
					if (errno != EINTR)
						die("send to %s: %s", o.dest, strerror(errno));
				}
				sent++;
				sent_bytes += len;
				if (now_mono() - t_log >= LOG_SECONDS) {
					t_log = now_mono();
					fprintf(stderr, "diode-send: transfer %016" PRIx64 ": round %llu, %" PRIu64
						" packets, %" PRIu64 " bytes sent in %.0fs\n", lay.transfer_id, r + 1, sent,
						sent_bytes, t_log - t0);
				}
			}
	}
	fprintf(stderr, "diode-send: transfer %016" PRIx64 ": done: %llu rounds, %" PRIu64 " packets, %" PRIu64
		" bytes in %.1fs (%" PRIu64 " not sent: queue full or no route)\n", lay.transfer_id, o.rounds, sent,
		sent_bytes, now_mono() - t0, enobufs);
	sodium_memzero(&key, sizeof key);
	return 0;
}
