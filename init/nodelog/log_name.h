/*
 * The names of the log's files: boot-BBBBBB.SSSSSS.log, boot number and segment number in six
 * digits (more once they pass 999999), so `cat boot-000012.*` prints boot 12 in order. Only
 * names of exactly this shape are the log's: anything else in the directory is left alone.
 */
#ifndef NODELOG_LOG_NAME_H
#define NODELOG_LOG_NAME_H

#include <stddef.h>

#define LOG_NAME_MAX 40		/* "boot-" + 2 * 10 digits + "." + ".log" + NUL fits */
#define LOG_NUMBER_MAX 999999999u	/* nine digits at most, read back as exactly as written */
#define LOG_CURSOR_NAME "cursor"
#define LOG_CURSOR_TMP ".cursor.tmp"

/* 0 with the numbers, or -1 if name is not a log file's name. */
int log_name_parse(const char *name, unsigned *boot, unsigned *seg) __attribute__((warn_unused_result));

/* The name for boot and seg (each at most LOG_NUMBER_MAX) into out[LOG_NAME_MAX]. */
void log_name_format(char out[LOG_NAME_MAX], unsigned boot, unsigned seg);

#endif
