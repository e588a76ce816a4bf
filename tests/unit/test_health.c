#include "check.h"
#include "health.h"

static struct services_table t;
static struct service_status rows[SERVICES_MAX];
static char why[160];

static void add(const char *name, unsigned flags, enum service_state st, unsigned restarts,
		int last_exit)
{
	unsigned i = t.count++;

	snprintf(t.svc[i].name, sizeof t.svc[i].name, "%s", name);
	t.svc[i].flags = flags;
	rows[i].name = t.svc[i].name;
	rows[i].state = st;
	rows[i].pid = st == SVC_UP ? 100 + (int)i : 0;
	rows[i].restarts = restarts;
	rows[i].last_exit = last_exit;
}

static void reset(void)
{
	memset(&t, 0, sizeof t);
	memset(rows, 0, sizeof rows);
	why[0] = '\0';
}

static void all_up_and_once_done_is_healthy(void)
{
	reset();
	add("containerd", SERVICE_NOTIFY, SVC_UP, 0, -1);
	add("prepare", SERVICE_ONCE, SVC_DONE, 0, 0);
	add("shell", SERVICE_CONSOLE, SVC_UP, 0, -1);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), -1);
}

static void a_crashed_service_waiting_to_restart_is_not(void)
{
	reset();
	add("containerd", SERVICE_NOTIFY, SVC_UP, 0, -1);
	add("crasher", 0, SVC_DOWN, 0, 1);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 1);
	CHECK_STR(why, "service crasher is down, last exited status 1");
}

static void a_service_that_came_back_is_not(void)
{
	reset();
	add("flaky", 0, SVC_UP, 2, 139);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 0);
	CHECK_STR(why, "service flaky is up after 2 restarts since boot, last killed by signal 11");
	reset();
	add("flaky", 0, SVC_UP, 1, 1);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 0);
	CHECK_STR(why, "service flaky is up after 1 restart since boot, last exited status 1");
}

static void a_once_service_must_have_finished_well(void)
{
	reset();
	add("prepare", SERVICE_ONCE, SVC_FAILED, 0, 3);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 0);
	CHECK_STR(why, "service prepare (runs once) is failed, last exited status 3");
}

static void permanent_failure_and_not_ready_are_unhealthy(void)
{
	reset();
	add("a", 0, SVC_FAILED, 3, 125);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 0);
	reset();
	add("n", SERVICE_NOTIFY, SVC_STARTING, 0, -1);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 0);
	CHECK_STR(why, "service n is starting, has not exited");
}

static void after_ready_services_are_not_judged(void)
{
	reset();
	add("svc", 0, SVC_UP, 0, -1);
	add("boot-ok", SERVICE_ONCE | SERVICE_AFTER_READY, SVC_DOWN, 0, -1);
	add("watch", SERVICE_AFTER_READY, SVC_DOWN, 0, -1);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), -1);
}

static void the_first_unhealthy_service_is_named(void)
{
	reset();
	add("a", 0, SVC_UP, 0, -1);
	add("b", 0, SVC_DOWN, 0, 2);
	add("c", 0, SVC_DOWN, 0, 3);
	CHECK_INT(health_verdict(&t, rows, why, sizeof why), 1);
	CHECK_CONTAINS(why, "service b ");
}

int main(void)
{
	RUN(all_up_and_once_done_is_healthy);
	RUN(a_crashed_service_waiting_to_restart_is_not);
	RUN(a_service_that_came_back_is_not);
	RUN(a_once_service_must_have_finished_well);
	RUN(permanent_failure_and_not_ready_are_unhealthy);
	RUN(after_ready_services_are_not_judged);
	RUN(the_first_unhealthy_service_is_named);
	return check_done();
}
