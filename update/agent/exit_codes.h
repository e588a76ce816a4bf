/* nodeupdate's exit codes (update/README.md): scripts and init rely on them. */
#ifndef NU_EXIT_CODES_H
#define NU_EXIT_CODES_H

#define NU_EXIT_OK 0         /* done */
#define NU_EXIT_FAIL 1       /* rejected bundle (malformed, forged, corrupt) or failed check */
#define NU_EXIT_REFUSED 2    /* refused by policy: product, anti-rollback, node state */
#define NU_EXIT_USAGE 100
#define NU_EXIT_SYS 111      /* system error: I/O, mount, memory */

#endif
