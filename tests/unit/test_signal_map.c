#include <signal.h>
#include <sys/reboot.h>

#include "check.h"
#include "signal_map.h"

static void busybox_signal_convention(void)
{
	CHECK_INT(signal_action_for(SIGTERM)->action, NODE_ACT_REBOOT);
	CHECK_INT(signal_action_for(SIGINT)->action, NODE_ACT_REBOOT);
	CHECK_INT(signal_action_for(SIGUSR1)->action, NODE_ACT_HALT);
	CHECK_INT(signal_action_for(SIGUSR2)->action, NODE_ACT_POWEROFF);
	CHECK_INT(signal_action_for(SIGCHLD)->action, NODE_ACT_REAP);
	CHECK_STR(signal_action_for(SIGUSR2)->name, "SIGUSR2");
}

static void other_signals_are_ignored(void)
{
	CHECK(signal_action_for(SIGHUP) == NULL);
	CHECK(signal_action_for(SIGPIPE) == NULL);
	CHECK(signal_action_for(SIGQUIT) == NULL);
}

static void actions_map_to_reboot_commands(void)
{
	CHECK_INT(node_action_reboot_cmd(NODE_ACT_REBOOT), (int)RB_AUTOBOOT);
	CHECK_INT(node_action_reboot_cmd(NODE_ACT_HALT), (int)RB_HALT_SYSTEM);
	CHECK_INT(node_action_reboot_cmd(NODE_ACT_POWEROFF), (int)RB_POWER_OFF);
	CHECK_INT(node_action_reboot_cmd(NODE_ACT_REAP), -1);
	CHECK_STR(node_action_name(NODE_ACT_POWEROFF), "poweroff");
	CHECK_STR(node_action_name(NODE_ACT_REBOOT), "reboot");
	CHECK_STR(node_action_name(NODE_ACT_HALT), "halt");
}

int main(void)
{
	RUN(busybox_signal_convention);
	RUN(other_signals_are_ignored);
	RUN(actions_map_to_reboot_commands);
	return check_done();
}
