/* Sections of a PE image (a UKI) extracted from its bytes as they stream past, in order, with
 * bounded memory: the DOS and PE headers and the section table must lie in the first
 * PE_HEAD_MAX bytes, and each wanted section (.cmdline, .osrel) is at most PE_SECTION_MAX bytes.
 * Every offset and size read from the untrusted header is checked before use. Used for a UKI
 * streaming out of a bundle and for one read back from the ESP, so both go through one parser. */
#ifndef NU_PE_STREAM_H
#define NU_PE_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "upd_attr.h"
#include "upd_error.h"

#define PE_HEAD_MAX 65536          /* headers + section table; systemd-stub's end well before */
#define PE_SECTIONS_MAX 96         /* the PE/COFF specification's limit */
#define PE_SECTION_MAX 4096        /* a kernel command line or an os-release file */
#define PE_WANT_MAX 2
#define PE_NAME_LEN 8              /* section names are 8 bytes, NUL-padded */
#define PE_DOS_LFANEW 0x3c
#define PE_COFF_BYTES 24           /* "PE\0\0" + the COFF file header */
#define PE_SECTION_BYTES 40

struct pe_want {
	char name[PE_NAME_LEN + 1];
	int found;
	uint64_t offset;                /* in the file */
	uint32_t size;                  /* bytes that belong to the section (VirtualSize, capped) */
	uint32_t got;                   /* bytes collected so far */
	uint8_t data[PE_SECTION_MAX];
};

struct pe_stream {
	uint8_t head[PE_HEAD_MAX];
	size_t head_len;
	uint64_t pos;                   /* bytes fed so far */
	int parsed;                     /* headers and section table understood */
	int failed;                     /* a feed failed: the stream is dead */
	unsigned nwant;
	struct pe_want want[PE_WANT_MAX];
};

/* Starts a stream that collects the named sections (e.g. ".cmdline", ".osrel"). */
void pe_stream_init(struct pe_stream *s, const char *const *names, unsigned n);

/* Feeds the next len bytes of the file. 0, or -1 with err (UPD_ERR_BAD) as soon as the headers
 * are known to be malformed or a wanted section is missing, repeated or too large. */
int pe_stream_feed(struct pe_stream *s, const uint8_t *buf, size_t len,
		   struct upd_error *err) UPD_WUR;

/* 1 once every wanted section has all its bytes (a reader may stop early). */
int pe_stream_complete(const struct pe_stream *s);

/* At end of file: 0 when every wanted section was found and complete, or -1 with err. */
int pe_stream_finish(struct pe_stream *s, struct upd_error *err) UPD_WUR;

/* The collected bytes of a wanted section, or NULL. */
const struct pe_want *pe_stream_section(const struct pe_stream *s, const char *name);

#endif
