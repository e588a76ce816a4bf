/*
 * nodetime parses replies from the network: it keeps only what setting the clock needs. After
 * privileges_drop it runs as nobody (65534) with CAP_SYS_TIME alone, no_new_privs set and every
 * other capability gone from its bounding set.
 */
#ifndef NODETIME_PRIVILEGES_H
#define NODETIME_PRIVILEGES_H

#include <stddef.h>

/* 0, or -1 with why. */
int privileges_drop(char *why, size_t whycap);

#endif
