#include "h2_frame.h"

uint32_t h2_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void h2_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void h2_frame_head_put(uint8_t out[H2_FRAME_HEAD_SIZE], const struct h2_frame_head *h)
{
	out[0] = (uint8_t)(h->length >> 16);
	out[1] = (uint8_t)(h->length >> 8);
	out[2] = (uint8_t)h->length;
	out[3] = h->type;
	out[4] = h->flags;
	h2_put32(out + 5, h->stream & H2_STREAM_MASK);
}

void h2_frame_head_get(const uint8_t in[H2_FRAME_HEAD_SIZE], struct h2_frame_head *h)
{
	h->length = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
	h->type = in[3];
	h->flags = in[4];
	h->stream = h2_get32(in + 5) & H2_STREAM_MASK;
}

int h2_frame_unpad(uint8_t flags, const uint8_t **p, size_t *len)
{
	size_t pad;

	if (!(flags & H2_FLAG_PADDED))
		return 0;
	if (*len < 1)
		return -1;
	pad = (*p)[0];
	/* the pad-length byte itself is not padding: pad must fit in what follows it */
	if (pad > *len - 1)
		return -1;
	*p += 1;
	*len -= 1 + pad;
	return 0;
}

static const char *const error_names[] = {
	"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
	"STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
	"CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
};

const char *h2_error_name(uint32_t code)
{
	return code < sizeof error_names / sizeof error_names[0] ? error_names[code] : "unknown";
}
