/* Attributes shared by every file: forgotten checks become compile errors. */
#ifndef NODE_COMPILER_H
#define NODE_COMPILER_H

#define WUR __attribute__((warn_unused_result))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

#endif
