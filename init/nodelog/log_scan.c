#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../dirscan.h"
#include "log_name.h"
#include "log_scan.h"

/* The size of a log file of ours, or -1 for a name or a file that is not one. */
static int64_t log_file_size(int dirfd, const char *name, unsigned *boot, unsigned *seg)
{
	struct stat st;

	if (log_name_parse(name, boot, seg) != 0 ||
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return -1;
	return (int64_t)st.st_size;
}

static void note_earlier(struct log_scan *s, unsigned boot)
{
	unsigned i;

	if (s->earlier_boots == 0 || boot < s->oldest)
		s->oldest = boot;
	for (i = 0; i < s->earlier_boots; i++)
		if (s->boots[i] == boot)
			return;
	if (s->earlier_boots < LOG_SCAN_BOOTS)
		s->boots[s->earlier_boots++] = boot;
	else
		s->earlier_many = 1;
}

static int scan_one(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct log_scan *s = ctx;
	unsigned boot, seg;
	int64_t size;

	(void)type;	/* fstatat says what it is, whatever the file system reports here */
	size = log_file_size(dirfd, name, &boot, &seg);
	if (size < 0)
		return 0;
	if (boot > s->max_boot)
		s->max_boot = boot;
	if (boot != s->boot) {
		s->earlier_bytes += (uint64_t)size;
		note_earlier(s, boot);
		return 0;
	}
	s->cur_files++;
	s->cur_bytes += (uint64_t)size;
	if (!s->has_seg || seg > s->max_seg)
		s->max_seg = seg;
	s->has_seg = 1;
	if (seg == 0) {
		s->has_seg0 = 1;
	} else if (!s->has_middle || seg < s->min_middle) {
		s->min_middle = seg;
		s->has_middle = 1;
	}
	return 0;
}

int log_scan(int dirfd, unsigned boot, struct log_scan *s)
{
	memset(s, 0, sizeof *s);
	s->boot = boot;
	if (lseek(dirfd, 0, SEEK_SET) < 0)
		return -1;
	return dirscan(dirfd, scan_one, s) == 0 ? 0 : -1;
}

struct removal {
	unsigned boot;
	long seg;
	int64_t bytes;
};

static int remove_one(int dirfd, const char *name, unsigned char type, void *ctx)
{
	struct removal *r = ctx;
	unsigned boot, seg;
	int64_t size;

	(void)type;
	size = log_file_size(dirfd, name, &boot, &seg);
	if (size < 0 || boot != r->boot || (r->seg >= 0 && seg != (unsigned long)r->seg))
		return 0;
	if (unlinkat(dirfd, name, 0) != 0)
		return -1;
	r->bytes += size;
	return 0;
}

int64_t log_scan_remove(int dirfd, unsigned boot, long seg)
{
	struct removal r = { boot, seg, 0 };

	if (lseek(dirfd, 0, SEEK_SET) < 0)
		return -1;
	return dirscan(dirfd, remove_one, &r) == 0 ? r.bytes : -1;
}
