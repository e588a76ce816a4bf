/* statfs f_type values we decide on (linux/magic.h, repeated here to keep uapi includes few). */
#ifndef NODE_FSMAGIC_H
#define NODE_FSMAGIC_H

#define RAMFS_MAGIC_VALUE 0x858458f6UL
#define TMPFS_MAGIC_VALUE 0x01021994UL

/* 1 if f_type is ramfs or tmpfs: "/" is the initramfs, so this is stage 1. */
int fsmagic_is_initramfs(unsigned long f_type);

#endif
