/* Attributes every update file uses: a forgotten check becomes a compile error. */
#ifndef UPD_ATTR_H
#define UPD_ATTR_H

#define UPD_WUR __attribute__((warn_unused_result))
#define UPD_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

#endif
