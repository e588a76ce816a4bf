/* Cutting service output into lines (output_lines.c) and the per-service limit (output_limit.c). */
#include <stdlib.h>

#include "check.h"
#include "output_limit.h"
#include "output_lines.h"

struct got {
	unsigned n;
	size_t bytes;	/* of every line, however many */
	size_t len[64];
	char text[64][OUTPUT_LINE_MAX + 1];
};

static void collect(const char *line, size_t len, void *ctx)
{
	struct got *g = ctx;

	g->bytes += len;
	if (g->n < 64) {
		memcpy(g->text[g->n], line, len);
		g->text[g->n][len] = '\0';
		g->len[g->n] = len;
	}
	g->n++;
}

static void lines_split_on_newlines_and_keep_the_partial_one(void)
{
	static struct output_lines l;
	static struct got g;

	output_lines_take(&l, "one\ntwo\nthr", 11, collect, &g);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.text[0], "one");
	CHECK_STR(g.text[1], "two");
	output_lines_take(&l, "ee\n\n", 4, collect, &g);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.text[2], "three");
	CHECK_INT(g.len[3], 0);	/* an empty line is a line */
	output_lines_take(&l, "tail", 4, collect, &g);
	CHECK_INT(g.n, 4);
	output_lines_flush(&l, collect, &g);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.text[4], "tail");
	output_lines_flush(&l, collect, &g);
	CHECK_INT(g.n, 5);	/* nothing left: no empty line */
}

static void a_long_line_goes_out_in_pieces_of_the_maximum(void)
{
	static struct output_lines l;
	static struct got g;
	static char big[2 * OUTPUT_LINE_MAX + 11];

	memset(big, 'x', sizeof big);
	big[sizeof big - 1] = '\n';
	output_lines_take(&l, big, sizeof big, collect, &g);
	CHECK_INT(g.n, 3);
	CHECK_INT(g.len[0], OUTPUT_LINE_MAX);
	CHECK_INT(g.len[1], OUTPUT_LINE_MAX);
	CHECK_INT(g.len[2], 10);
}

static void a_line_of_exactly_the_maximum_is_one_line_even_when_its_newline_comes_later(void)
{
	static struct output_lines l;
	static struct got g;
	static char full[OUTPUT_LINE_MAX];

	memset(full, 'y', sizeof full);
	output_lines_take(&l, full, sizeof full, collect, &g);
	CHECK_INT(g.n, 0);
	output_lines_take(&l, "\nz\n", 3, collect, &g);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.len[0], OUTPUT_LINE_MAX);
	CHECK_STR(g.text[1], "z");
}

static void byte_at_a_time_gives_the_same_lines(void)
{
	static struct output_lines l;
	static struct got g;
	const char *in = "alpha\nbeta\n\ngamma\n";
	size_t i;

	for (i = 0; in[i] != '\0'; i++)
		output_lines_take(&l, in + i, 1, collect, &g);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.text[0], "alpha");
	CHECK_STR(g.text[1], "beta");
	CHECK_STR(g.text[2], "");
	CHECK_STR(g.text[3], "gamma");
}

static void random_chunks_lose_no_byte(void)
{
	static struct output_lines l;
	static struct got g;
	static char in[20000];
	size_t i, off = 0, newlines = 0;

	srand(7);
	for (i = 0; i < sizeof in; i++) {
		in[i] = rand() % 40 == 0 ? '\n' : (char)('a' + rand() % 26);
		newlines += in[i] == '\n';
	}
	in[sizeof in - 1] = '\n';
	newlines += 1;
	while (off < sizeof in) {
		size_t n = 1 + (size_t)rand() % 700;

		if (n > sizeof in - off)
			n = sizeof in - off;
		output_lines_take(&l, in + off, n, collect, &g);
		off += n;
	}
	CHECK_INT(g.n, newlines);	/* every line is under the maximum here */
	CHECK_INT(g.bytes + newlines, sizeof in);
	CHECK(l.len == 0);
}

static void limit_passes_the_first_lines_of_a_window_and_counts_the_rest(void)
{
	struct output_limit l = { 0 };
	unsigned i, passed = 0;

	for (i = 0; i < OUTPUT_LIMIT_LINES + 500; i++)
		passed += (unsigned)output_limit_take(&l, 1000 + i / 100, OUTPUT_LIMIT_LINES);
	CHECK_INT(passed, OUTPUT_LIMIT_LINES);
	CHECK_INT(output_limit_ended(&l, 1000 + OUTPUT_LIMIT_WINDOW_MS - 1), 0);	/* still open */
	CHECK_INT(output_limit_ended(&l, 1000 + OUTPUT_LIMIT_WINDOW_MS), 500);
	CHECK_INT(output_limit_ended(&l, 1000 + OUTPUT_LIMIT_WINDOW_MS), 0);	/* said once */
	CHECK_INT(output_limit_take(&l, 1000 + OUTPUT_LIMIT_WINDOW_MS + 1, OUTPUT_LIMIT_LINES), 1);
}

static void limit_opens_a_new_window_after_the_old_one_ends(void)
{
	struct output_limit l = { 0 };
	unsigned i;

	for (i = 0; i < OUTPUT_LIMIT_LINES; i++)
		CHECK_INT(output_limit_take(&l, 5, OUTPUT_LIMIT_LINES), 1);
	CHECK_INT(output_limit_take(&l, 5 + OUTPUT_LIMIT_WINDOW_MS - 1, OUTPUT_LIMIT_LINES), 0);
	/* the next window: lines pass again; the old window's one drop is said once, not again */
	CHECK_INT(output_limit_take(&l, 5 + OUTPUT_LIMIT_WINDOW_MS, OUTPUT_LIMIT_LINES), 1);
	CHECK_INT(output_limit_ended(&l, 5 + 3 * OUTPUT_LIMIT_WINDOW_MS), 1);
	CHECK_INT(output_limit_ended(&l, 5 + 4 * OUTPUT_LIMIT_WINDOW_MS), 0);
}

static void drops_of_a_window_a_later_line_closed_are_still_reported(void)
{
	struct output_limit l = { 0 };
	unsigned i;

	for (i = 0; i < OUTPUT_LIMIT_LINES + 7; i++)
		output_limit_take(&l, 100, OUTPUT_LIMIT_LINES);
	/* a chatty service: its next line, not the tick, is the first to see the window's end */
	CHECK_INT(output_limit_take(&l, 100 + OUTPUT_LIMIT_WINDOW_MS, OUTPUT_LIMIT_LINES), 1);
	for (i = 0; i < OUTPUT_LIMIT_LINES + 2; i++)
		output_limit_take(&l, 100 + OUTPUT_LIMIT_WINDOW_MS, OUTPUT_LIMIT_LINES);
	CHECK_INT(output_limit_ended(&l, 100 + OUTPUT_LIMIT_WINDOW_MS + 1), 7);
	CHECK_INT(output_limit_ended(&l, 100 + 2 * OUTPUT_LIMIT_WINDOW_MS), 3);
	CHECK_INT(output_limit_ended(&l, 100 + 3 * OUTPUT_LIMIT_WINDOW_MS), 0);
}

static void limit_takes_its_maximum_from_the_caller(void)
{
	struct output_limit l = { 0 };
	unsigned i, passed = 0;

	for (i = 0; i < 3000; i++)
		passed += (unsigned)output_limit_take(&l, 10, OUTPUT_LIMIT_CONSOLE_LINES);
	CHECK_INT(passed, OUTPUT_LIMIT_CONSOLE_LINES);
	CHECK_INT(output_limit_ended(&l, 10 + OUTPUT_LIMIT_WINDOW_MS), 2000);
}

static void limit_without_drops_has_nothing_to_say(void)
{
	struct output_limit l = { 0 };

	CHECK_INT(output_limit_ended(&l, 123456), 0);
	CHECK_INT(output_limit_take(&l, 0, OUTPUT_LIMIT_LINES), 1);	/* a window starting at t=0 is still a window */
	CHECK_INT(output_limit_ended(&l, OUTPUT_LIMIT_WINDOW_MS * 2), 0);
}

int main(void)
{
	RUN(lines_split_on_newlines_and_keep_the_partial_one);
	RUN(a_long_line_goes_out_in_pieces_of_the_maximum);
	RUN(a_line_of_exactly_the_maximum_is_one_line_even_when_its_newline_comes_later);
	RUN(byte_at_a_time_gives_the_same_lines);
	RUN(random_chunks_lose_no_byte);
	RUN(limit_passes_the_first_lines_of_a_window_and_counts_the_rest);
	RUN(limit_opens_a_new_window_after_the_old_one_ends);
	RUN(drops_of_a_window_a_later_line_closed_are_still_reported);
	RUN(limit_takes_its_maximum_from_the_caller);
	RUN(limit_without_drops_has_nothing_to_say);
	return check_done();
}
