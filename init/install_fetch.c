#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "errbuf.h"
#include "fileio.h"
#include "http_get.h"
#include "http_url.h"
#include "install_fetch.h"

#define FETCH_CONNECT_S 10
#define FETCH_READ_S 30

struct sink {
	int fd;
	uint64_t max;
	const char *path;
};

static int body_chunk(void *ctx, uint64_t offset, uint64_t length, const uint8_t *buf, size_t len,
		      struct upd_error *err)
{
	struct sink *s = ctx;

	if (offset == 0) {
		uint64_t free_bytes = fd_free_bytes(s->fd);

		if (length > s->max)
			return upd_fail(err, UPD_ERR_BAD, "%" PRIu64 " bytes announced, more than the "
					"%" PRIu64 " allowed", length, s->max);
		if (length > free_bytes)
			return upd_fail(err, UPD_ERR_SYS, "%" PRIu64 " bytes do not fit in RAM: %s "
					"has %" PRIu64 " bytes free", length, s->path, free_bytes);
	}
	if (fd_write_all(s->fd, buf, len) != 0)
		return upd_fail(err, UPD_ERR_SYS, "write %s: %s", s->path, strerror(errno));
	return 0;
}

int install_fetch(const char *base_url, const char *name, const char *path, uint64_t max,
		  uint64_t *bytes, char *err, size_t errcap)
{
	char url[HTTP_URL_MAX + 64];
	struct http_url u;
	struct http_request rq;
	struct http_body body;
	struct upd_error ue;
	struct sink s;
	unsigned status = 0;
	int n;

	n = snprintf(url, sizeof url, "%s%s", base_url, name);
	if (n < 0 || (size_t)n >= sizeof url) {
		err_set(err, errcap, "URL %s%s is too long", base_url, name);
		return -1;
	}
	memset(&ue, 0, sizeof ue);
	if (http_url_parse(url, &u, &ue) != 0) {
		err_set(err, errcap, "node.install URL %s: %s", url, ue.msg);
		return -1;
	}
	s.fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC, 0600);
	if (s.fd < 0) {
		err_set(err, errcap, "create %s: %s", path, strerror(errno));
		return -1;
	}
	s.max = max;
	s.path = path;
	rq.addr = u.addr;
	rq.port = u.port;
	rq.path = u.path;
	rq.connect_timeout = FETCH_CONNECT_S;
	rq.read_timeout = FETCH_READ_S;
	rq.status = &status;
	body.ctx = &s;
	body.chunk = body_chunk;
	if (http_get(&rq, &body, bytes, &ue) != 0) {
		fd_close_keep_errno(s.fd);
		(void)unlink(path);
		if (status == 404)
			return 1;
		err_set(err, errcap, "%s", ue.msg);
		return -1;
	}
	if (close(s.fd) != 0) {
		err_set(err, errcap, "close %s: %s", path, strerror(errno));
		(void)unlink(path);
		return -1;
	}
	return 0;
}
