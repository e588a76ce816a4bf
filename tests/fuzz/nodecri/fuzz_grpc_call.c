/*
 * Everything nodecri does with the server's bytes: any input is fed to a started call in pieces
 * whose size byte 0 picks (acknowledgements "sent" between pieces, as nodecri's loop does), then,
 * as nodecri reports it, the answer's message is unframed and decoded or its grpc-message
 * percent-decoded. Whatever comes in, the call ends answered, failed with a reason, or wanting
 * more, and every text it would show is printable and terminated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz_assert.h"
#include "cri_msg.h"
#include "grpc_call.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct grpc_call c;

static void printable(const char *s, size_t cap)
{
	FUZZ_ASSERT(memchr(s, '\0', cap) != NULL);
	for (; *s != '\0'; s++)
		FUZZ_ASSERT(*s >= 0x20 && *s <= 0x7e);
}

static void report(void)
{
	char text[GRPC_CALL_MESSAGE_MAX + 1], ref[CRI_REF_MAX];
	const uint8_t *msg;
	const char *why = NULL;
	size_t mlen;

	FUZZ_ASSERT(c.http_status == 200 && c.grpc_status >= 0 && c.blocks >= 1);
	FUZZ_ASSERT(c.data_len <= GRPC_CALL_DATA_MAX);
	FUZZ_ASSERT(memchr(c.grpc_message, '\0', sizeof c.grpc_message) != NULL);
	if (c.grpc_status != 0) {
		grpc_percent_decode(text, sizeof text, c.grpc_message, strlen(c.grpc_message));
		cri_printable(text);
		printable(text, sizeof text);
		return;
	}
	if (grpc_unframe(c.data, c.data_len, &msg, &mlen, &why) < 0 ||
	    cri_pull_response(msg, mlen, ref, sizeof ref, &why) < 0) {
		FUZZ_ASSERT(why != NULL && why[0] != '\0');
		return;
	}
	FUZZ_ASSERT(msg >= c.data && msg + mlen <= c.data + c.data_len);
	cri_printable(ref);
	printable(ref, sizeof ref);
	FUZZ_ASSERT(ref[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t body[] = { 0, 0, 0, 0, 7, 0x0a, 5, 0x0a, 3, 'b', 'o', 'x' };
	size_t step, at = 1;
	int rc = 0;

	if (size < 1)
		return 0;
	step = data[0] == 0 ? size : data[0];
	FUZZ_ASSERT(grpc_call_start(&c, "containerd", CRI_PULL_PATH, body, sizeof body) == 0);
	grpc_call_sent(&c, c.out_len);
	while (at < size && rc == 0) {
		size_t n = size - at < step ? size - at : step, max = grpc_call_feed_max(&c);
		uint8_t *piece;

		FUZZ_ASSERT(max > 0);	/* out is drained after every piece */
		if (n > max)
			n = max;
		piece = malloc(n);
		FUZZ_ASSERT(piece != NULL);
		memcpy(piece, data + at, n);
		rc = grpc_call_feed(&c, piece, n);
		free(piece);
		at += n;
		FUZZ_ASSERT(rc >= -1 && rc <= 1 && rc == c.done);
		FUZZ_ASSERT(c.out_len <= sizeof c.out && c.frame_len < sizeof c.frame);
		FUZZ_ASSERT(c.block_len <= sizeof c.block && c.data_len <= sizeof c.data);
		grpc_call_sent(&c, c.out_len);
	}
	if (rc == 0)
		grpc_call_eof(&c);
	if (c.done < 0) {
		FUZZ_ASSERT(c.why[0] != '\0');
		printable(c.why, sizeof c.why);
		return 0;
	}
	report();
	return 0;
}
