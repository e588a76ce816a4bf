/* The collectors on fixture trees: every source present and good, missing, garbage, huge, with
 * long lines; each failure is "unknown" plus a reason, never a crash or a silent zero. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "nodestate.h"

static char root[64];
static struct node_state st;

static void sh(const char *cmd)
{
	if (system(cmd) != 0) {
		fprintf(stderr, "fixture command failed: %s\n", cmd);
		exit(2);
	}
}

/* A fresh empty root per case. */
static void fresh(void)
{
	char cmd[128];

	if (root[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
		sh(cmd);
	}
	snprintf(root, sizeof root, "/tmp/nodestate-test.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	memset(&st, 0, sizeof st);
}

static void put_bytes(const char *rel, const void *data, size_t len, mode_t mode)
{
	char path[512], dir[512], cmd[600];
	int fd;

	snprintf(path, sizeof path, "%s%s", root, rel);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
	sh(cmd);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) != 0) {
		perror(path);
		exit(2);
	}
}

static void put(const char *rel, const char *text)
{
	put_bytes(rel, text, strlen(text), 0644);
}

/* n copies of c, then a newline: huge files and long lines */
static void put_repeat(const char *rel, const char *prefix, char c, size_t n)
{
	size_t pl = strlen(prefix);
	char *b = malloc(pl + n + 1);

	if (b == NULL)
		exit(2);
	memcpy(b, prefix, pl);
	memset(b + pl, c, n);
	b[pl + n] = '\n';
	put_bytes(rel, b, pl + n + 1, 0644);
	free(b);
}

/* systemd-boot's string variable: volatile attributes, UTF-16LE, one NUL */
static void put_efivar(const char *name, const char *value, unsigned attr)
{
	unsigned char b[600];
	char rel[200];
	size_t i, n = 4;

	b[0] = (unsigned char)attr;
	b[1] = b[2] = b[3] = 0;
	for (i = 0; value[i] != '\0'; i++) {
		b[n++] = (unsigned char)value[i];
		b[n++] = 0;
	}
	b[n++] = 0;
	b[n++] = 0;
	snprintf(rel, sizeof rel, "%s/%s-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f", NS_EFIVARS, name);
	put_bytes(rel, b, n, 0644);
}

/* ---- version ---- */

static void version_is_image_version_of_os_release(void)
{
	fresh();
	put(NS_OS_RELEASE, "NAME=\"Node\"\nIMAGE_VERSION=\"1.2.3\"\nID=node\n");
	ns_collect_version(&st, root);
	CHECK(st.known[NS_SRC_VERSION]);
	CHECK_STR(st.version, "1.2.3");
	CHECK_STR(st.err[NS_SRC_VERSION], "");
}

static void version_missing_file_is_unknown_with_reason(void)
{
	fresh();
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "/etc/os-release does not exist");
}

static void version_without_key_or_with_garbage_is_unknown(void)
{
	static const char junk[] = "IMAGE_VERSION=1\x01\x02\n";

	fresh();
	put(NS_OS_RELEASE, "NAME=Node\n");
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "no valid IMAGE_VERSION");
	put_bytes(NS_OS_RELEASE, junk, sizeof junk - 1, 0644);
	memset(&st, 0, sizeof st);
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "not printable");
	CHECK_STR(st.version, "");
}

static void version_huge_file_and_long_value_are_refused(void)
{
	fresh();
	put_repeat(NS_OS_RELEASE, "IMAGE_VERSION=", '9', 100000);
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "larger than 4095 bytes");
	put_repeat(NS_OS_RELEASE, "IMAGE_VERSION=", '9', 200);
	memset(&st, 0, sizeof st);
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "longer than 63");
}

static void a_fifo_or_directory_does_not_hang_the_reader(void)
{
	char path[256];

	fresh();
	put("/etc/x", "");
	snprintf(path, sizeof path, "%s%s", root, NS_OS_RELEASE);
	CHECK(mkfifo(path, 0644) == 0);
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "not a regular file");
}

static void an_unreadable_file_says_why(void)
{
	fresh();
	if (geteuid() == 0)
		return;	/* root reads mode 000 files; the case is for unprivileged runs */
	put_bytes(NS_OS_RELEASE, "IMAGE_VERSION=1.0.0\n", 20, 0000);
	ns_collect_version(&st, root);
	CHECK(!st.known[NS_SRC_VERSION]);
	CHECK_CONTAINS(st.err[NS_SRC_VERSION], "Permission denied");
}

/* ---- slot, trial, boot counter ---- */

static void slot_and_trial_come_from_init(void)
{
	fresh();
	put(NS_BOOTED_SLOT, "b\n");
	put(NS_TRIAL, "1\n");
	put_efivar("LoaderBootCountPath", "\\EFI\\Linux\\node-b+2-1.efi", 6);
	ns_collect_boot(&st, root);
	CHECK(st.known[NS_SRC_SLOT] && st.known[NS_SRC_TRIAL] && st.known[NS_SRC_BOOTCOUNT]);
	CHECK_INT(st.slot, 'b');
	CHECK_INT(st.trial, 1);
	CHECK_INT(st.counting, 1);
	CHECK_INT(st.tries_left, 2);
	CHECK_INT(st.tries_done, 1);
}

static void blessed_boot_has_no_counter(void)
{
	fresh();
	put(NS_BOOTED_SLOT, "a\n");
	put(NS_TRIAL, "0\n");
	ns_collect_boot(&st, root);
	CHECK(st.known[NS_SRC_TRIAL] && st.known[NS_SRC_BOOTCOUNT]);
	CHECK_INT(st.trial, 0);
	CHECK_INT(st.counting, 0);
}

static void missing_slot_is_unknown_and_trial_falls_back_to_efi(void)
{
	fresh();
	put_efivar("LoaderBootCountPath", "\\EFI\\Linux\\node-a+3.efi", 6);
	ns_collect_boot(&st, root);
	CHECK(!st.known[NS_SRC_SLOT]);
	CHECK_CONTAINS(st.err[NS_SRC_SLOT], "booted-slot does not exist");
	CHECK(st.known[NS_SRC_TRIAL]);
	CHECK_INT(st.trial, 1);
	CHECK_INT(st.tries_left, 3);
}

static void garbage_slot_and_trial_files_are_unknown(void)
{
	fresh();
	put(NS_BOOTED_SLOT, "c\n");
	put(NS_TRIAL, "yes\n");
	ns_collect_boot(&st, root);
	CHECK(!st.known[NS_SRC_SLOT]);
	CHECK_CONTAINS(st.err[NS_SRC_SLOT], "not one line");
	CHECK(!st.known[NS_SRC_TRIAL]);
	CHECK_CONTAINS(st.err[NS_SRC_TRIAL], "/run/node/trial");
}

static void trial_without_efi_variable_leaves_counter_unknown(void)
{
	fresh();
	put(NS_BOOTED_SLOT, "a\n");
	put(NS_TRIAL, "1\n");
	ns_collect_boot(&st, root);
	CHECK(st.known[NS_SRC_TRIAL]);
	CHECK(!st.known[NS_SRC_BOOTCOUNT]);
	CHECK_CONTAINS(st.err[NS_SRC_BOOTCOUNT], "LoaderBootCountPath");
}

static void malformed_or_persistent_efi_variable_is_refused(void)
{
	fresh();
	put(NS_TRIAL, "1\n");
	put_efivar("LoaderBootCountPath", "\\EFI\\Linux\\node-a+3.efi", 7);	/* non-volatile */
	ns_collect_boot(&st, root);
	CHECK(!st.known[NS_SRC_BOOTCOUNT]);
	CHECK(st.err[NS_SRC_BOOTCOUNT][0] != '\0');
	put_efivar("LoaderBootCountPath", "\\EFI\\Linux\\node-a+x.efi", 6);
	memset(&st, 0, sizeof st);
	ns_collect_boot(&st, root);
	CHECK(!st.known[NS_SRC_BOOTCOUNT]);
	CHECK_CONTAINS(st.err[NS_SRC_BOOTCOUNT], "LoaderBootCountPath");
	put_repeat(NS_EFIVARS "/LoaderBootCountPath-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f", "",
		   'x', 100000);
	memset(&st, 0, sizeof st);
	ns_collect_boot(&st, root);
	CHECK(!st.known[NS_SRC_BOOTCOUNT]);
}

/* ---- update ---- */

static void update_state_of_the_agent(void)
{
	fresh();
	put(NS_UPDATE_STATE_DIR "/state", "nodeupdate-state 1\nfloor 1.0.0\nlast-result failed\n"
	    "last-version 2.0.0\nlast-time 1700000000\nlast-bundle node-2.0.0.bundle\n"
	    "last-error bundle x: signature \"bad\"\nnewer-key whatever\n");
	ns_collect_update(&st, root);
	CHECK(st.known[NS_SRC_UPDATE]);
	CHECK_INT(st.update, NS_UPD_FAILED);
	CHECK_INT(st.update_time, 1700000000);
	CHECK_STR(st.update_version, "2.0.0");
	CHECK_STR(st.update_error, "bundle x: signature \"bad\"");
}

static void no_state_file_means_no_update_yet(void)
{
	fresh();
	ns_collect_update(&st, root);
	CHECK(st.known[NS_SRC_UPDATE]);
	CHECK_INT(st.update, NS_UPD_NONE);
}

static void corrupt_or_huge_state_file_is_unknown(void)
{
	fresh();
	put(NS_UPDATE_STATE_DIR "/state", "nodeupdate-state 1\nlast-result maybe\n");
	ns_collect_update(&st, root);
	CHECK(!st.known[NS_SRC_UPDATE]);
	CHECK_CONTAINS(st.err[NS_SRC_UPDATE], "corrupt");
	put_repeat(NS_UPDATE_STATE_DIR "/state", "nodeupdate-state 1\nlast-error ", 'e', 50000);
	memset(&st, 0, sizeof st);
	ns_collect_update(&st, root);
	CHECK(!st.known[NS_SRC_UPDATE]);
	CHECK_CONTAINS(st.err[NS_SRC_UPDATE], "larger than");
}

/* ---- services ---- */

static void services_with_state_and_restarts(void)
{
	fresh();
	put(NS_SERVICES, "containerd up 312 0 -\nntp down - 4 1\nsetup done - 0 0\n");
	ns_collect_services(&st, root);
	CHECK(st.known[NS_SRC_SERVICES]);
	CHECK_INT(st.nsvc, 3);
	CHECK_STR(st.svc[0].name, "containerd");
	CHECK_STR(st.svc[0].state, "up");
	CHECK_STR(st.svc[1].state, "down");
	CHECK_INT(st.svc[1].restarts, 4);
}

static void services_missing_is_unknown(void)
{
	fresh();
	ns_collect_services(&st, root);
	CHECK(!st.known[NS_SRC_SERVICES]);
	CHECK_INT(st.nsvc, 0);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "does not exist");
}

static void a_bad_service_line_fails_the_source_and_names_the_line(void)
{
	fresh();
	put(NS_SERVICES, "a up 1 0 -\nb sleeping 1 0 -\n");
	ns_collect_services(&st, root);
	CHECK(!st.known[NS_SRC_SERVICES]);
	CHECK_INT(st.nsvc, 1);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "line 2: unknown state");
	put(NS_SERVICES, "a up 1 99999999999 -\n");
	memset(&st, 0, sizeof st);
	ns_collect_services(&st, root);
	CHECK(!st.known[NS_SRC_SERVICES]);
	put(NS_SERVICES, "a up 1 0\n");
	memset(&st, 0, sizeof st);
	ns_collect_services(&st, root);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "4 fields");
	put(NS_SERVICES, "a up 1 0 -");
	memset(&st, 0, sizeof st);
	ns_collect_services(&st, root);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "newline");
}

static void long_service_line_and_huge_file_are_refused(void)
{
	fresh();
	put_repeat(NS_SERVICES, "", 'n', 4000);
	ns_collect_services(&st, root);
	CHECK(!st.known[NS_SRC_SERVICES]);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "line 1");
	put_repeat(NS_SERVICES, "", 'n', 1 << 20);
	memset(&st, 0, sizeof st);
	ns_collect_services(&st, root);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "larger than");
}

static void more_than_sixteen_services_is_an_error(void)
{
	char text[2048] = "";
	unsigned i;

	fresh();
	for (i = 0; i < SERVICES_MAX + 1; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "s%u up 1 0 -\n", i);
	put(NS_SERVICES, text);
	ns_collect_services(&st, root);
	CHECK(!st.known[NS_SRC_SERVICES]);
	CHECK_INT(st.nsvc, SERVICES_MAX);
	CHECK_CONTAINS(st.err[NS_SRC_SERVICES], "more than 16");
}

/* ---- firewall (a fixture nft) ---- */

static void put_nft(const char *script)
{
	put_bytes(NS_NFT, script, strlen(script), 0755);
}

static void firewall_counters_from_nft(void)
{
	fresh();
	put_nft("#!/bin/sh\n"
		"if [ \"$3\" = inet ]; then printf 'table inet node {\\n\\tchain output {\\n"
		"\\t\\tcounter packets 12 bytes 1008 drop comment \"output-drop-v4\"\\n\\t}\\n}\\n';\n"
		"else printf 'table netdev node_wire {\\n\\tchain egress_eth0 {\\n"
		"\\t\\tcounter packets 2 bytes 84 drop comment \"wire-drop-eth0\"\\n\\t}\\n}\\n'; fi\n");
	ns_collect_firewall(&st, root);
	CHECK_STR(st.err[NS_SRC_FIREWALL], "");
	CHECK(st.known[NS_SRC_FIREWALL]);
	CHECK(st.fw.have_table && st.fw.have_wire);
	CHECK_INT(st.fw.counters, 2);
	CHECK_STR(st.fw.counter[0].name, "output-drop-v4");
	CHECK_INT(st.fw.counter[0].packets, 12);
	CHECK_STR(st.fw.counter[1].name, "wire-drop-eth0");
}

static void firewall_not_loaded_is_known_not_in_force(void)
{
	fresh();
	put_nft("#!/bin/sh\necho 'Error: No such file or directory' >&2\nexit 1\n");
	ns_collect_firewall(&st, root);
	CHECK(st.known[NS_SRC_FIREWALL]);
	CHECK(!st.fw.have_table);
}

static void nft_missing_or_failing_is_unknown_with_its_words(void)
{
	fresh();
	ns_collect_firewall(&st, root);
	CHECK(!st.known[NS_SRC_FIREWALL]);
	CHECK_CONTAINS(st.err[NS_SRC_FIREWALL], "exec failed");
	put_nft("#!/bin/sh\necho 'Error: Operation not permitted' >&2\nexit 1\n");
	memset(&st, 0, sizeof st);
	ns_collect_firewall(&st, root);
	CHECK(!st.known[NS_SRC_FIREWALL]);
	CHECK_CONTAINS(st.err[NS_SRC_FIREWALL], "exit status 1: Error: Operation not permitted");
}

static void a_hung_nft_is_killed_after_the_deadline(void)
{
	fresh();
	put_nft("#!/bin/sh\nexec sleep 30\n");
	ns_collect_firewall(&st, root);
	CHECK(!st.known[NS_SRC_FIREWALL]);
	CHECK_CONTAINS(st.err[NS_SRC_FIREWALL], "no answer within 5000 ms");
}

static void a_flood_from_nft_is_bounded(void)
{
	fresh();
	put_nft("#!/bin/sh\nhead -c 1000000 /dev/zero | tr '\\0' x\n");
	ns_collect_firewall(&st, root);
	/* read up to the bound, then nft dies of SIGPIPE: an error, not a hang or an overrun */
	CHECK(!st.known[NS_SRC_FIREWALL]);
	CHECK_CONTAINS(st.err[NS_SRC_FIREWALL], "exit status 141");
}

/* ---- uptime, memory, /var ---- */

static void system_sources(void)
{
	fresh();
	put(NS_UPTIME, "12345.67 99999.00\n");
	put(NS_MEMINFO, "MemTotal:        2048000 kB\nMemFree:  1 kB\nMemAvailable:    1024000 kB\n");
	put("/var/x", "");
	ns_collect_system(&st, root);
	CHECK(st.known[NS_SRC_UPTIME] && st.known[NS_SRC_MEMORY] && st.known[NS_SRC_VAR]);
	CHECK_INT(st.uptime_ms, 12345670);
	CHECK_INT(st.mem_total, 2048000ULL * 1024);
	CHECK_INT(st.mem_available, 1024000ULL * 1024);
	CHECK(st.var_size > 0 && st.var_free <= st.var_size);
}

static void system_sources_missing_are_unknown(void)
{
	fresh();
	ns_collect_system(&st, root);
	CHECK(!st.known[NS_SRC_UPTIME] && !st.known[NS_SRC_MEMORY] && !st.known[NS_SRC_VAR]);
	CHECK_CONTAINS(st.err[NS_SRC_UPTIME], "/proc/uptime does not exist");
	CHECK_CONTAINS(st.err[NS_SRC_MEMORY], "/proc/meminfo does not exist");
	CHECK_CONTAINS(st.err[NS_SRC_VAR], "statvfs");
	CHECK_CONTAINS(st.err[NS_SRC_VAR], "No such file");
}

static void system_garbage_is_unknown(void)
{
	fresh();
	put(NS_UPTIME, "soon\n");
	put(NS_MEMINFO, "MemTotal: lots kB\nMemAvailable: 1 kB\n");
	ns_collect_system(&st, root);
	CHECK(!st.known[NS_SRC_UPTIME]);
	CHECK(!st.known[NS_SRC_MEMORY]);
	CHECK_CONTAINS(st.err[NS_SRC_MEMORY], "not \"Key: <number> kB\"");
	put(NS_UPTIME, "123456789012345678901234.5 1.0\n");
	put(NS_MEMINFO, "MemTotal: 1 kB\n");
	memset(&st, 0, sizeof st);
	ns_collect_system(&st, root);
	CHECK(!st.known[NS_SRC_UPTIME]);
	CHECK_CONTAINS(st.err[NS_SRC_MEMORY], "no MemTotal or no MemAvailable");
	put_repeat(NS_MEMINFO, "MemTotal: 1 kB\nX: ", '1', 1 << 20);
	memset(&st, 0, sizeof st);
	ns_collect_system(&st, root);
	CHECK_CONTAINS(st.err[NS_SRC_MEMORY], "larger than");
}

static void collect_counts_failed_sources(void)
{
	unsigned failed;

	fresh();
	failed = ns_collect(&st, root);
	/* empty root: all but update (no state file = none yet) and trial/boot count (absent
	 * LoaderBootCountPath = not counting) fail */
	CHECK_INT(failed, NS_SRC_COUNT - 3);
	CHECK(st.known[NS_SRC_UPDATE] && st.known[NS_SRC_TRIAL] && st.known[NS_SRC_BOOTCOUNT]);
}

int main(void)
{
	RUN(version_is_image_version_of_os_release);
	RUN(version_missing_file_is_unknown_with_reason);
	RUN(version_without_key_or_with_garbage_is_unknown);
	RUN(version_huge_file_and_long_value_are_refused);
	RUN(a_fifo_or_directory_does_not_hang_the_reader);
	RUN(an_unreadable_file_says_why);
	RUN(slot_and_trial_come_from_init);
	RUN(blessed_boot_has_no_counter);
	RUN(missing_slot_is_unknown_and_trial_falls_back_to_efi);
	RUN(garbage_slot_and_trial_files_are_unknown);
	RUN(trial_without_efi_variable_leaves_counter_unknown);
	RUN(malformed_or_persistent_efi_variable_is_refused);
	RUN(update_state_of_the_agent);
	RUN(no_state_file_means_no_update_yet);
	RUN(corrupt_or_huge_state_file_is_unknown);
	RUN(services_with_state_and_restarts);
	RUN(services_missing_is_unknown);
	RUN(a_bad_service_line_fails_the_source_and_names_the_line);
	RUN(long_service_line_and_huge_file_are_refused);
	RUN(more_than_sixteen_services_is_an_error);
	RUN(firewall_counters_from_nft);
	RUN(firewall_not_loaded_is_known_not_in_force);
	RUN(nft_missing_or_failing_is_unknown_with_its_words);
	RUN(a_hung_nft_is_killed_after_the_deadline);
	RUN(a_flood_from_nft_is_bounded);
	RUN(system_sources);
	RUN(system_sources_missing_are_unknown);
	RUN(system_garbage_is_unknown);
	RUN(collect_counts_failed_sources);
	fresh();	/* removes the last fixture */
	rmdir(root);
	return check_done();
}
