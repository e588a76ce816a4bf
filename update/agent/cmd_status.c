#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bootcount_var.h"
#include "commands.h"
#include "state_file.h"
#include "uki_file.h"

struct slot_report {
	const struct slot_view *v;
	char version[VERSION_STR_MAX + 8];   /* "" when unknown */
	char why[UPD_ERROR_MAX];             /* why the version is unknown */
};

struct status_report {
	struct agent_state st;
	int counting;                        /* 1 counting boot, 0 not, -1 unreadable */
	struct bootcount_path bc;
	char bc_err[UPD_ERROR_MAX];
	int esp_read;                        /* 0: see esp_why */
	char esp_why[UPD_ERROR_MAX];
	struct esp_entries e;
	struct slot_report slot[SLOT_COUNT];
};

static struct status_report r;

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_str_or_null(const char *s)
{
	if (s == NULL || s[0] == '\0')
		fputs("null", stdout);
	else
		json_str(s);
}

static const char *when(uint64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, cap, "%llu", (unsigned long long)t);
	return buf;
}

static void slots_read(struct agent *a)
{
	unsigned i;

	for (i = 0; i < SLOT_COUNT; i++) {
		struct slot_report *s = &r.slot[i];
		struct uki_info info;
		struct upd_error err;

		s->v = &r.e.slot[i];
		if (s->v->count == 0)
			continue;
		if (uki_entry_info(a->esp.linux_dir, s->v->entry[0].name, &info, &err) < 0)
			snprintf(s->why, sizeof s->why, "%s", err.msg);
		else if (!info.has_version)
			snprintf(s->why, sizeof s->why, "its .osrel has no valid IMAGE_VERSION");
		else
			snprintf(s->version, sizeof s->version, "%s", info.version_text);
	}
}

static void gather(struct agent *a)
{
	struct upd_error err;
	int rc;

	r.counting = bootcount_var_read(a->efivars_dir, &r.bc, &err);
	if (r.counting < 0)
		snprintf(r.bc_err, sizeof r.bc_err, "%s", err.msg);
	/* an install holds the lock (and the ESP mount) for minutes: report without the ESP */
	rc = agent_lock(a, 0, &err);
	if (rc != 0) {
		snprintf(r.esp_why, sizeof r.esp_why, "%s", rc == 1 ?
			 "another nodeupdate is running (an install in progress?)" : err.msg);
		return;
	}
	if (agent_esp_open(a, &err) < 0 || esp_scan(&a->esp, &r.e, &err) < 0) {
		snprintf(r.esp_why, sizeof r.esp_why, "%s", err.msg);
	} else {
		r.esp_read = 1;
		slots_read(a);
	}
	agent_esp_close(a);
	agent_unlock(a);
}

static void entry_state_text(const struct slot_view *v, char *out, size_t cap)
{
	const struct bls_name *b = &v->entry[0].bls;

	switch (v->state) {
	case SLOT_NONE:
		snprintf(out, cap, "no boot entry");
		break;
	case SLOT_GOOD:
		snprintf(out, cap, "good");
		break;
	case SLOT_TRIAL:
		snprintf(out, cap, "trial, %d tries left, %d done", b->left, b->done);
		break;
	case SLOT_BAD:
		snprintf(out, cap, "bad (%d tries done; sorted last, does not boot while the other "
			 "slot is good)", b->done);
		break;
	default:
		snprintf(out, cap, "conflict: %u entries", v->count);
		break;
	}
}

static void print_text(struct agent *a)
{
	char v[VERSION_STR_MAX], t[32], state[160];
	unsigned i;

	printf("booted: slot %c, version %s, ", a->booted, version_format(&a->installed, v));
	if (r.counting == 1)
		printf("trial boot (%s)\n", r.bc.name);
	else if (r.counting == 0)
		printf("not a counting boot\n");
	else
		printf("boot counting unknown: %s\n", r.bc_err);
	if (!r.esp_read)
		printf("slots: not read: %s\n", r.esp_why);
	for (i = 0; r.esp_read && i < SLOT_COUNT; i++) {
		const struct slot_report *s = &r.slot[i];
		unsigned k;

		entry_state_text(s->v, state, sizeof state);
		printf("slot %c:%s version %s, ", 'a' + i, a->booted == 'a' + (int)i ? " booted," : "",
		       s->version[0] ? s->version : s->v->count ? "unknown" : "-");
		if (s->v->count == 0)
			printf("%s\n", state);
		else {
			printf("entry ");
			for (k = 0; k < s->v->count; k++)
				printf("%s%s", k ? ", " : "", s->v->entry[k].name);
			printf(", %s\n", state);
		}
		if (s->why[0])
			printf("  (version unknown: %s)\n", s->why);
	}
	printf("floor: %s\n", r.st.has_floor ? version_format(&r.st.floor, v) : "none");
	if (r.st.last == LAST_NONE) {
		printf("last install: none\n");
	} else {
		printf("last install: %s", last_result_name(r.st.last));
		if (r.st.has_last_version)
			printf(", version %s", version_format(&r.st.last_version, v));
		printf(", %s, %s\n", when(r.st.last_time, t, sizeof t), r.st.last_bundle);
		if (r.st.last_error[0])
			printf("  error: %s\n", r.st.last_error);
	}
	if (r.st.has_rolled_back)
		printf("rolled back: version %s, %s\n", version_format(&r.st.rolled_back, v),
		       when(r.st.rolled_back_time, t, sizeof t));
}

static void print_json(struct agent *a)
{
	char v[VERSION_STR_MAX], t[32];
	unsigned i, k;

	printf("{\"booted\":\"%c\",\"installed_version\":\"%s\",", a->booted,
	       version_format(&a->installed, v));
	printf("\"counting_boot\":%s,\"boot_count_entry\":",
	       r.counting == 1 ? "true" : r.counting == 0 ? "false" : "null");
	json_str_or_null(r.counting == 1 ? r.bc.name : NULL);
	printf(",\"boot_count_error\":");
	json_str_or_null(r.counting < 0 ? r.bc_err : NULL);
	printf(",\"slots\":");
	if (!r.esp_read) {
		printf("null,\"slots_error\":");
		json_str(r.esp_why);
	} else {
		printf("{");
		for (i = 0; i < SLOT_COUNT; i++) {
			const struct slot_report *s = &r.slot[i];
			const struct bls_name *b = &s->v->entry[0].bls;

			printf("%s\"%c\":{\"booted\":%s,\"version\":", i ? "," : "", 'a' + i,
			       a->booted == 'a' + (int)i ? "true" : "false");
			json_str_or_null(s->version);
			printf(",\"version_error\":");
			json_str_or_null(s->why);
			printf(",\"state\":\"%s\",\"entries\":[", slot_state_name(s->v->state));
			for (k = 0; k < s->v->count; k++) {
				printf(k ? "," : "");
				json_str(s->v->entry[k].name);
			}
			printf("]");
			if (s->v->state == SLOT_TRIAL || s->v->state == SLOT_BAD)
				printf(",\"tries_left\":%d,\"tries_done\":%d", b->left, b->done);
			printf("}");
		}
		printf("}");
	}
	printf(",\"floor\":");
	json_str_or_null(r.st.has_floor ? version_format(&r.st.floor, v) : NULL);
	printf(",\"last_install\":");
	if (r.st.last == LAST_NONE) {
		printf("null");
	} else {
		printf("{\"result\":\"%s\",\"version\":", last_result_name(r.st.last));
		json_str_or_null(r.st.has_last_version ? version_format(&r.st.last_version, v) : NULL);
		printf(",\"time\":\"%s\",\"bundle\":", when(r.st.last_time, t, sizeof t));
		json_str_or_null(r.st.last_bundle);
		printf(",\"error\":");
		json_str_or_null(r.st.last_error);
		printf("}");
	}
	printf(",\"rolled_back\":");
	if (!r.st.has_rolled_back) {
		printf("null");
	} else {
		printf("{\"version\":\"%s\",\"time\":\"%s\"}", version_format(&r.st.rolled_back, v),
		       when(r.st.rolled_back_time, t, sizeof t));
	}
	printf("}\n");
}

int cmd_status(struct agent *a, struct upd_error *err)
{
	memset(&r, 0, sizeof r);
	if (agent_identify(a, err) < 0 || state_load(a->state_dir, &r.st, err) < 0)
		return -1;
	gather(a);
	if (a->json)
		print_json(a);
	else
		print_text(a);
	return 0;
}
