/* nodelog's log directory (init/nodelog/log_store.c, log_scan.c, log_cursor.c, log_drain.c,
 * log_prepare.c) on real temporary directories: boot numbering, the cursor and a restart
 * within a boot, segment rotation that keeps segment 0, deletion of earlier boots, the size
 * bound as a property over 20 boots, a write failure episode, and root's set-up of DIR. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "log_drain.h"
#include "log_name.h"
#include "log_prepare.h"
#include "log_store.h"

#define T (64ULL << 10)
#define ID_A "7c1f0d8e-1a0f-462f-973e-690374d2b488"
#define ID_B "0b5e0d8e-1a0f-462f-973e-690374d2b488"

static char dir[64];
static char reports[16384];
static struct log_store st;
static struct log_boot_info info;

static void report(const char *msg)
{
	size_t n = strlen(reports);

	snprintf(reports + n, sizeof reports - n, "%s\n", msg);
}

static void sh(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "fixture command failed: %s\n", cmd);
		exit(2);
	}
}

/* A fresh empty directory per case. */
static void fresh(void)
{
	char cmd[128];

	if (dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		sh(cmd);
	}
	snprintf(dir, sizeof dir, "/tmp/nodelog-test.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	reports[0] = '\0';
	memset(&info, 0, sizeof info);
	snprintf(info.boot_id, sizeof info.boot_id, "%s", ID_A);
	snprintf(info.version, sizeof info.version, "3.0.0");
	snprintf(info.host, sizeof info.host, "node");
	info.slot = 'b';
	info.trial = 1;
}

static int open_store(const char *boot_id, uint64_t total)
{
	char why[256];

	snprintf(info.boot_id, sizeof info.boot_id, "%s", boot_id);
	if (log_store_open(&st, dir, total, &info, report, why, sizeof why) != 0) {
		snprintf(check_why, sizeof check_why, "log_store_open: %s", why);
		return -1;
	}
	return 0;
}

/* A record's line of exactly len bytes (len >= 60). */
static void record(uint64_t seq, size_t len)
{
	char line[LOG_LINE_MAX], msg[LOG_LINE_MAX];
	size_t n;

	memset(msg, 'm', sizeof msg);
	snprintf(msg, 24, "svc[1]: %llu", (unsigned long long)seq);
	msg[strlen(msg)] = ' ';
	n = log_line_format(line, sizeof line, 1795448188000000LL, seq, 1, 6, msg, 1);
	n = log_line_format(line, sizeof line, 1795448188000000LL, seq, 1, 6, msg, len - n + 1);
	log_store_record(&st, line, n, seq);
}

static void path_of(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

static int64_t file_size(const char *name)
{
	char p[160];
	struct stat sb;

	path_of(p, sizeof p, name);
	return stat(p, &sb) == 0 ? (int64_t)sb.st_size : -1;
}

static int read_file(const char *name, char *buf, size_t cap)
{
	char p[160];
	FILE *f;
	size_t n;

	path_of(p, sizeof p, name);
	f = fopen(p, "r");
	if (f == NULL)
		return -1;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return 0;
}

static void put_file(const char *name, size_t size)
{
	char p[160];
	FILE *f;

	path_of(p, sizeof p, name);
	f = fopen(p, "w");
	if (f == NULL || (size > 0 && fseek(f, (long)size - 1, SEEK_SET) != 0) || (size > 0 && fputc('x', f) == EOF) ||
	    fclose(f) != 0) {
		fprintf(stderr, "fixture: cannot write %s\n", p);
		exit(2);
	}
}

/* The directory as the test sees it, independently of log_scan: every boot-*.log by boot. */
struct usage {
	uint64_t total, boot_bytes;
	unsigned files, boot_files, boots;
	int has_seg0;
};

static void usage_of(unsigned boot, struct usage *u)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned seen[256], nseen = 0, i;

	memset(u, 0, sizeof *u);
	while (d != NULL && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		unsigned b = 0, s = 0;

		if (strncmp(e->d_name, "boot-", 5) != 0 || n < 9 || strcmp(e->d_name + n - 4, ".log") != 0)
			continue;
		sscanf(e->d_name, "boot-%u.%u.log", &b, &s);
		u->total += (uint64_t)file_size(e->d_name);
		u->files++;
		if (b == boot) {
			u->boot_bytes += (uint64_t)file_size(e->d_name);
			u->boot_files++;
			u->has_seg0 |= s == 0;
			continue;
		}
		for (i = 0; i < nseen && seen[i] != b; i++)
			;
		if (i == nseen && nseen < 256)
			seen[nseen++] = b;
	}
	if (d != NULL)
		closedir(d);
	u->boots = nseen;
}

static void an_empty_directory_starts_boot_1_segment_0_with_a_header(void)
{
	char buf[1024];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 1);
	CHECK_INT(st.resumed, 0);
	CHECK_INT(read_file("boot-000001.000000.log", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, " syslog.info nodelog: boot 1 segment 0; version 3.0.0 on slot b, trial boot; host node; kernel boot_id " ID_A "\n");
	CHECK(buf[4] == '-' && buf[26] == 'Z');	/* a wall-clock stamp first */
	log_store_close(&st);
	CHECK_STR(reports, "");
}

static void unknown_boot_facts_are_said_to_be_unknown(void)
{
	char buf[1024];

	fresh();
	info.version[0] = '\0';
	info.slot = '?';
	info.trial = -1;
	info.host[0] = '\0';
	snprintf(info.boot_id, sizeof info.boot_id, "%s", ID_A);
	if (log_store_open(&st, dir, T, &info, report, buf, sizeof buf) != 0)
		return;
	log_store_close(&st);
	CHECK_INT(read_file("boot-000001.000000.log", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, "nodelog: boot 1 segment 0; version unknown on slot ?, trial unknown; host -;");
}

static void the_next_boot_is_the_highest_plus_one_and_other_files_stay(void)
{
	fresh();
	put_file("boot-000007.000000.log", 10);
	put_file("boot-000003.000001.log", 10);
	put_file("notes.txt", 10);
	put_file("boot-7.log", 10);
	put_file("boot-000099.000000.log.old", 10);
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 8);
	log_store_close(&st);
	CHECK(file_size("boot-000008.000000.log") > 0);
	CHECK_INT(file_size("notes.txt"), 10);
	CHECK_INT(file_size("boot-7.log"), 10);
	CHECK_INT(file_size("boot-000099.000000.log.old"), 10);
	CHECK_INT(file_size("boot-000007.000000.log"), 10);
}

static void the_cursor_follows_every_batch(void)
{
	char buf[256];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	record(0, 100);
	record(1, 100);
	log_store_flush(&st);
	CHECK_INT(read_file("cursor", buf, sizeof buf), 0);
	CHECK_STR(buf, "boot_id " ID_A "\nboot 1\nseq 1\n");
	record(2, 100);
	log_store_sync(&st);
	CHECK_INT(read_file("cursor", buf, sizeof buf), 0);
	CHECK_STR(buf, "boot_id " ID_A "\nboot 1\nseq 2\n");
	CHECK_INT(file_size(".cursor.tmp"), -1);
	log_store_close(&st);
}

static void a_restart_in_the_same_boot_continues_it_in_a_new_segment(void)
{
	char buf[2048];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	record(0, 100);
	record(9, 100);
	log_store_close(&st);
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 1);
	CHECK_INT(st.resumed, 1);
	CHECK_INT(st.resume_seq, 9);
	CHECK_INT(st.seg, 1);
	log_store_close(&st);
	CHECK_INT(read_file("boot-000001.000001.log", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, "nodelog: boot 1 segment 1; version 3.0.0 on slot b, trial boot; host node; kernel boot_id " ID_A "; nodelog restarted, continuing after record 9\n");
	/* another boot_id is another boot */
	if (open_store(ID_B, T) != 0)
		return;
	CHECK_INT(st.boot, 2);
	CHECK_INT(st.resumed, 0);
	CHECK_INT(st.seg, 0);
	log_store_close(&st);
}

static void a_damaged_cursor_starts_a_new_boot(void)
{
	char p[160];
	FILE *f;

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	record(3, 100);
	log_store_close(&st);
	path_of(p, sizeof p, "cursor");
	f = fopen(p, "w");
	CHECK(f != NULL);
	fputs("boot_id " ID_A "\nboot 1\nseq 3", f);	/* cut short */
	fclose(f);
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 2);
	CHECK_INT(st.resumed, 0);
	log_store_close(&st);
}

/* The ring, as a SOCK_SEQPACKET socket: one read returns one record, as on /dev/kmsg. */
static int ring[2];

static void ring_put(uint64_t seq, const char *msg)
{
	char rec[256];
	int n = snprintf(rec, sizeof rec, "14,%llu,%llu,-;%s\n", (unsigned long long)seq,
			 (unsigned long long)(seq * 1000), msg);

	if (write(ring[1], rec, (size_t)n) != n) {
		perror("ring write");
		exit(2);
	}
}

static void ring_open(void)
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, ring) != 0) {
		perror("socketpair");
		exit(2);
	}
}

static void ring_close(void)
{
	close(ring[0]);
	close(ring[1]);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay++)
		n++;
	return n;
}

static void a_restart_writes_no_record_twice(void)
{
	static struct log_drain d;
	char buf[8192], all[16384] = "";
	uint64_t i;

	fresh();
	ring_open();
	if (open_store(ID_A, T) != 0)
		return;
	log_drain_init(&d, ring[0], st.resumed, st.resume_seq);
	for (i = 0; i < 5; i++)
		ring_put(i, "svc[1]: before the restart");
	CHECK_INT(log_drain(&d, &st, 100), 1);
	/* killed: no close, no sync; the kernel's view of the files is all a restart sees */
	close(st.fd);
	close(st.dirfd);
	ring_close();

	/* the new run's fd starts at the ring's oldest record again */
	ring_open();
	if (open_store(ID_A, T) != 0)
		return;
	log_drain_init(&d, ring[0], st.resumed, st.resume_seq);
	for (i = 0; i < 7; i++)
		ring_put(i, i < 5 ? "svc[1]: before the restart" : "svc[1]: after the restart");
	CHECK_INT(log_drain(&d, &st, 100), 1);
	log_store_close(&st);
	ring_close();
	CHECK_INT(read_file("boot-000001.000000.log", buf, sizeof buf), 0);
	strcat(all, buf);
	CHECK_INT(read_file("boot-000001.000001.log", buf, sizeof buf), 0);
	strcat(all, buf);
	CHECK_INT(count(all, "before the restart"), 5);
	CHECK_INT(count(all, "after the restart"), 2);
	CHECK_INT(count(all, "records lost"), 0);
}

static void records_the_ring_lost_and_records_that_do_not_parse_get_a_line(void)
{
	static struct log_drain d;
	char buf[8192];

	fresh();
	ring_open();
	if (open_store(ID_A, T) != 0)
		return;
	log_drain_init(&d, ring[0], 0, 0);
	ring_put(120, "svc[1]: the oldest record left");
	if (write(ring[1], "garbage", 7) != 7)
		return;
	ring_put(122, "svc[1]: after the garbage");
	CHECK_INT(log_drain(&d, &st, 100), 1);
	log_store_close(&st);
	ring_close();
	CHECK_INT(read_file("boot-000001.000000.log", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, " syslog.warning nodelog: 120 records lost: the kernel's log ring overwrote them before they were written\n");
	CHECK_CONTAINS(buf, "Z 0.120000 user.info svc[1]: the oldest record left\n");
	CHECK_CONTAINS(buf, " syslog.warning nodelog: 1 records read from the kernel's log ring did not parse and were skipped\n");
	CHECK_INT(count(buf, "records lost"), 1);
}

static void rotation_keeps_segment_0_and_the_latest_segments(void)
{
	struct usage u;
	char buf[2048];
	uint64_t seq;
	char name[LOG_NAME_MAX];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	/* 4 KiB segments, 1000-byte lines: three lines a segment; 60 lines make 20 segments */
	for (seq = 0; seq < 60; seq++) {
		record(seq, 1000);
		log_store_flush(&st);
		usage_of(1, &u);
		CHECK(u.boot_bytes <= T / 2);
		CHECK(u.boot_files <= LOG_SEGMENTS_PER_BOOT);
		CHECK(u.has_seg0);
	}
	log_store_close(&st);
	CHECK(st.seg >= 19);
	CHECK_INT(u.boot_files, 8);
	/* segment 0, then the latest seven in a row */
	CHECK(file_size("boot-000001.000000.log") > 0);
	for (seq = st.seg - 6; seq <= st.seg; seq++) {
		log_name_format(name, 1, (unsigned)seq);
		CHECK(file_size(name) > 0);
	}
	log_name_format(name, 1, st.seg - 7);
	CHECK_INT(file_size(name), -1);
	CHECK_INT(read_file(name[0] ? "boot-000001.000000.log" : "", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, "svc[1]: 0 ");	/* the boot's start is still there */
	log_name_format(name, 1, st.seg);
	CHECK_INT(read_file(name, buf, sizeof buf), 0);
	snprintf(name, sizeof name, "; segments 1-%u were rotated out\n", st.seg - 7);
	CHECK_CONTAINS(buf, name);
	CHECK_STR(reports, "");
}

static void earlier_boots_go_oldest_first_to_keep_within_the_size(void)
{
	struct usage u;

	fresh();
	/* five earlier boots of 10000 bytes: only 32 KiB of room, so boots 1 and 2 go */
	put_file("boot-000001.000000.log", 10000);
	put_file("boot-000002.000000.log", 6000);
	put_file("boot-000002.000003.log", 4000);
	put_file("boot-000003.000000.log", 10000);
	put_file("boot-000004.000000.log", 10000);
	put_file("boot-000005.000000.log", 10000);
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 6);
	log_store_close(&st);
	CHECK_INT(file_size("boot-000001.000000.log"), -1);
	CHECK_INT(file_size("boot-000002.000000.log"), -1);
	CHECK_INT(file_size("boot-000002.000003.log"), -1);
	CHECK_INT(file_size("boot-000003.000000.log"), 10000);
	CHECK_INT(file_size("boot-000005.000000.log"), 10000);
	usage_of(6, &u);
	CHECK(u.total <= T);
	CHECK_CONTAINS(reports, "deleted the log of boot 1 (9.8 KiB) to keep /tmp/nodelog-test.");
	CHECK_CONTAINS(reports, "within 64 KiB and 32 earlier boots\n");
	CHECK_CONTAINS(reports, "deleted the log of boot 2 (9.8 KiB)");
	CHECK_INT(count(reports, "deleted"), 2);
}

static void at_most_32_earlier_boots_are_kept(void)
{
	char name[LOG_NAME_MAX];
	struct usage u;
	unsigned b;

	fresh();
	for (b = 1; b <= 40; b++) {
		log_name_format(name, b, 0);
		put_file(name, 100);
	}
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(st.boot, 41);
	log_store_close(&st);
	usage_of(41, &u);
	CHECK_INT(u.boots, 32);
	CHECK_INT(file_size("boot-000008.000000.log"), -1);
	CHECK_INT(file_size("boot-000009.000000.log"), 100);
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static void twenty_boots_of_random_sizes_never_exceed_the_bounds(void)
{
	unsigned b, writes = 0;
	uint64_t most = 0;
	struct usage u;

	fresh();
	for (b = 0; b < 20; b++) {
		char id[40];
		unsigned n = rnd(4) == 0 ? rnd(5) : rnd(300), i;
		uint64_t seq;

		snprintf(id, sizeof id, "%08x-1a0f-462f-973e-690374d2b488", b);
		if (open_store(id, T) != 0)
			return;
		CHECK_INT(st.boot, b + 1);
		for (i = 0, seq = 0; i < n; i++, seq++) {
			record(seq, 60 + rnd(1041));
			/* after every write: batches of one to four lines */
			if (rnd(3) == 0 && i + 1 < n)
				continue;
			log_store_flush(&st);
			writes++;
			usage_of(st.boot, &u);
			if (u.total > T || u.boot_bytes > T / 2 || !u.has_seg0 || u.boots > 32) {
				snprintf(check_why, sizeof check_why,
					 "boot %u after %u writes: total %llu, this boot %llu, segment 0 %s, %u earlier boots",
					 st.boot, writes, (unsigned long long)u.total,
					 (unsigned long long)u.boot_bytes, u.has_seg0 ? "kept" : "gone", u.boots);
				return;
			}
			most = u.total > most ? u.total : most;
			/* now and then nodelog restarts within the boot */
			if (rnd(50) == 0) {
				log_store_close(&st);
				if (open_store(id, T) != 0)
					return;
				CHECK_INT(st.resumed, 1);
			}
		}
		log_store_close(&st);
	}
	CHECK(writes > 500);
	/* the bound was neared, not merely respected by writing little */
	CHECK(most > T - T / 8);
}

static void a_write_failure_is_said_once_and_its_end_with_the_count(void)
{
	struct rlimit old, lim;
	int64_t before;
	char buf[4096];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	before = file_size("boot-000001.000000.log");
	CHECK(before > 0);
	/* EFBIG past RLIMIT_FSIZE: a real write error, like ENOSPC, without filling a disk */
	CHECK(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
	lim = old;
	lim.rlim_cur = (rlim_t)before + 250;
	CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
	record(0, 300);
	record(1, 300);	/* the batch crosses the limit: 250 bytes of it are written, then EFBIG */
	log_store_flush(&st);
	record(2, 300);
	log_store_flush(&st);
	CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
	CHECK_INT(file_size("boot-000001.000000.log"), before);	/* no half line left behind */
	CHECK_INT(count(reports, "FAIL"), 1);
	CHECK_CONTAINS(reports, "FAIL write /tmp/nodelog-test.");
	CHECK_CONTAINS(reports, "/boot-000001.000000.log: File too large; dropping records until it can write again\n");
	record(3, 300);
	log_store_flush(&st);
	CHECK_CONTAINS(reports, "wrote again after 3 records were dropped\n");
	CHECK_INT(file_size("boot-000001.000000.log"), before + 300);
	log_store_close(&st);
	CHECK_INT(read_file("boot-000001.000000.log", buf, sizeof buf), 0);
	CHECK_CONTAINS(buf, "svc[1]: 3 ");
	CHECK(strstr(buf, "svc[1]: 0 ") == NULL);
}

static void a_directory_that_cannot_be_written_fails_the_start(void)
{
	char why[256];

	fresh();
	if (geteuid() == 0)
		return;	/* root writes anywhere: the case below is the store's own check */
	chmod(dir, 0500);
	CHECK_INT(log_store_open(&st, dir, T, &info, report, why, sizeof why), -1);
	CHECK_CONTAINS(why, "create ");
	CHECK_CONTAINS(why, "Permission denied");
	chmod(dir, 0700);
}

static void a_second_store_on_the_same_directory_is_refused(void)
{
	static struct log_store other;
	char why[256];

	fresh();
	if (open_store(ID_A, T) != 0)
		return;
	CHECK_INT(log_store_open(&other, dir, T, &info, report, why, sizeof why), -1);
	CHECK_CONTAINS(why, ": another nodelog is writing there");
	record(0, 100);
	log_store_close(&st);
	CHECK_INT(log_store_open(&other, dir, T, &info, report, why, sizeof why), 0);
	CHECK_INT(other.resumed, 1);
	log_store_close(&other);
}

static void a_size_out_of_range_or_a_missing_directory_is_refused(void)
{
	char why[256];

	fresh();
	CHECK_INT(log_store_open(&st, dir, T - 1, &info, report, why, sizeof why), -1);
	CHECK_INT(log_store_open(&st, "/nonexistent/nodelog", T, &info, report, why, sizeof why), -1);
	CHECK_STR(why, "open /nonexistent/nodelog: No such file or directory");
}

/* As root only: root's set-up of DIR before nodelog becomes the log user. */
static void root_creates_the_directory_and_hands_over_only_plain_files(void)
{
	char p[160], q[160], why[256];
	struct stat sb;
	unsigned skipped;

	fresh();
	path_of(p, sizeof p, "log");
	CHECK_INT(log_prepare(p, 4242, 4343, &skipped, why, sizeof why), 0);
	CHECK(stat(p, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK_INT(sb.st_mode & 07777, 0750);
	CHECK(sb.st_uid == 4242 && sb.st_gid == 4343);
	/* an image update changed the uid: files are handed over, except a hard link and a symlink */
	put_file("log/boot-000001.000000.log", 10);
	put_file("log/cursor", 10);
	put_file("secret", 10);
	path_of(p, sizeof p, "secret");
	path_of(q, sizeof q, "log/boot-000002.000000.log");
	CHECK(link(p, q) == 0);
	path_of(q, sizeof q, "log/boot-000003.000000.log");
	CHECK(symlink(p, q) == 0);
	put_file("log/other.txt", 10);
	path_of(p, sizeof p, "log");
	CHECK_INT(log_prepare(p, 4242, 4343, &skipped, why, sizeof why), 0);
	CHECK_INT(skipped, 2);
	path_of(q, sizeof q, "log/boot-000001.000000.log");
	CHECK(stat(q, &sb) == 0 && sb.st_uid == 4242 && sb.st_gid == 4343);
	path_of(q, sizeof q, "log/cursor");
	CHECK(stat(q, &sb) == 0 && sb.st_uid == 4242);
	path_of(q, sizeof q, "secret");
	CHECK(stat(q, &sb) == 0 && sb.st_uid == 0);
	path_of(q, sizeof q, "log/other.txt");
	CHECK(stat(q, &sb) == 0 && sb.st_uid == 0);
}

static void root_refuses_a_symlink_or_a_file_as_the_directory(void)
{
	char p[160], q[160], why[256];
	unsigned skipped;

	fresh();
	path_of(p, sizeof p, "real");
	CHECK(mkdir(p, 0700) == 0);
	path_of(q, sizeof q, "link");
	CHECK(symlink(p, q) == 0);
	CHECK_INT(log_prepare(q, 4242, 4343, &skipped, why, sizeof why), -1);
	CHECK_CONTAINS(why, "/link: it is a symlink");
	put_file("file", 1);
	path_of(q, sizeof q, "file");
	CHECK_INT(log_prepare(q, 4242, 4343, &skipped, why, sizeof why), -1);
	CHECK_CONTAINS(why, "/file: not a directory");
	path_of(q, sizeof q, "missing/log");
	CHECK_INT(log_prepare(q, 4242, 4343, &skipped, why, sizeof why), -1);
	CHECK_CONTAINS(why, "create directory ");
	CHECK_CONTAINS(why, "/missing/log: No such file or directory");
}

int main(void)
{
	RUN(an_empty_directory_starts_boot_1_segment_0_with_a_header);
	RUN(unknown_boot_facts_are_said_to_be_unknown);
	RUN(the_next_boot_is_the_highest_plus_one_and_other_files_stay);
	RUN(the_cursor_follows_every_batch);
	RUN(a_restart_in_the_same_boot_continues_it_in_a_new_segment);
	RUN(a_damaged_cursor_starts_a_new_boot);
	RUN(a_restart_writes_no_record_twice);
	RUN(records_the_ring_lost_and_records_that_do_not_parse_get_a_line);
	RUN(rotation_keeps_segment_0_and_the_latest_segments);
	RUN(earlier_boots_go_oldest_first_to_keep_within_the_size);
	RUN(at_most_32_earlier_boots_are_kept);
	RUN(twenty_boots_of_random_sizes_never_exceed_the_bounds);
	RUN(a_write_failure_is_said_once_and_its_end_with_the_count);
	RUN(a_directory_that_cannot_be_written_fails_the_start);
	RUN(a_second_store_on_the_same_directory_is_refused);
	RUN(a_size_out_of_range_or_a_missing_directory_is_refused);
	if (geteuid() == 0) {
		RUN(root_creates_the_directory_and_hands_over_only_plain_files);
		RUN(root_refuses_a_symlink_or_a_file_as_the_directory);
	} else {
		printf("# not root: the set-up of DIR (chown) is not tested\n");
	}
	fresh();
	rmdir(dir);
	return check_done();
}
