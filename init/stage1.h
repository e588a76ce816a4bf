/* Stage 1, /init in the initramfs: modules, dm-verity root, switch_root to /sbin/init. */
#ifndef NODE_STAGE1_H
#define NODE_STAGE1_H

_Noreturn void stage1_main(void);

#endif
