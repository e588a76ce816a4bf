#include <signal.h>
#include <stddef.h>
#include <sys/reboot.h>

#include "signal_map.h"

/* SIGINT arrives from the kernel on ctrl-alt-del once RB_DISABLE_CAD is set. */
static const struct signal_action signal_actions[] = {
	{ SIGCHLD, NODE_ACT_REAP, "SIGCHLD" },
	{ SIGTERM, NODE_ACT_REBOOT, "SIGTERM" },
	{ SIGINT, NODE_ACT_REBOOT, "SIGINT" },
	{ SIGUSR1, NODE_ACT_HALT, "SIGUSR1" },
	{ SIGUSR2, NODE_ACT_POWEROFF, "SIGUSR2" },
};

static const struct {
	enum node_action action;
	const char *name;
	int cmd;
} shutdown_actions[] = {
	{ NODE_ACT_REBOOT, "reboot", RB_AUTOBOOT },
	{ NODE_ACT_HALT, "halt", RB_HALT_SYSTEM },
	{ NODE_ACT_POWEROFF, "poweroff", RB_POWER_OFF },
};

const struct signal_action *signal_action_for(int sig)
{
	size_t i;

	for (i = 0; i < sizeof signal_actions / sizeof signal_actions[0]; i++)
		if (signal_actions[i].sig == sig)
			return &signal_actions[i];
	return NULL;
}

const char *node_action_name(enum node_action a)
{
	size_t i;

	for (i = 0; i < sizeof shutdown_actions / sizeof shutdown_actions[0]; i++)
		if (shutdown_actions[i].action == a)
			return shutdown_actions[i].name;
	return NULL;
}

int node_action_reboot_cmd(enum node_action a)
{
	size_t i;

	for (i = 0; i < sizeof shutdown_actions / sizeof shutdown_actions[0]; i++)
		if (shutdown_actions[i].action == a)
			return shutdown_actions[i].cmd;
	return -1;
}
