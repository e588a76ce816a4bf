#include "kmsg_seq.h"

void kmsg_seq_init(struct kmsg_seq *s, int resume, uint64_t done)
{
	s->skipping = resume;
	s->skip_through = resume ? done : 0;
	s->next = resume ? done + 1 : 0;
}

int kmsg_seq_take(struct kmsg_seq *s, uint64_t seq, uint64_t *lost)
{
	/* a number below the expected one only follows an unparsed record that was not one */
	*lost = seq > s->next ? seq - s->next : 0;
	s->next = seq + 1;
	if (s->skipping && seq <= s->skip_through) {
		*lost = 0;
		return 0;
	}
	s->skipping = 0;
	return 1;
}

void kmsg_seq_skip_unparsed(struct kmsg_seq *s)
{
	s->next++;
}
