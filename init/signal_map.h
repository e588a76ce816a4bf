/* What PID 1 does on each signal, as a table (matches BusyBox's halt/poweroff/reboot applets). */
#ifndef NODE_SIGNAL_MAP_H
#define NODE_SIGNAL_MAP_H

enum node_action {
	NODE_ACT_NONE = 0,
	NODE_ACT_REAP,
	NODE_ACT_REBOOT,
	NODE_ACT_HALT,
	NODE_ACT_POWEROFF,
};

struct signal_action {
	int sig;
	enum node_action action;
	const char *name;	/* "SIGTERM", for the shutdown line */
};

/* The entry for sig, or NULL when PID 1 ignores it. */
const struct signal_action *signal_action_for(int sig);

/* "reboot", "halt", "poweroff" (NULL for the others). */
const char *node_action_name(enum node_action a);

/* The reboot(2) command for a shutdown action, or -1. */
int node_action_reboot_cmd(enum node_action a);

#endif
