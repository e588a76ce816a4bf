/* What stage 2 publishes in /run/node for the update agent and operators (init/README.md). */
#ifndef NODE_RUN_NODE_H
#define NODE_RUN_NODE_H

#define RUN_NODE_DIR "/run/node"
#define RUN_NODE_DIR_MODE 0755
#define RUN_NODE_FILE_MODE 0644
#define RUN_NODE_BOOTED_SLOT RUN_NODE_DIR "/booted-slot"	/* "a\n" or "b\n" */
#define RUN_NODE_BOOTED_SLOT_TMP RUN_NODE_DIR "/.booted-slot.tmp"
#define RUN_NODE_TRIAL RUN_NODE_DIR "/trial"			/* "1\n" or "0\n" */
#define RUN_NODE_TRIAL_TMP RUN_NODE_DIR "/.trial.tmp"
#define RUN_NODE_SERVICES RUN_NODE_DIR "/services"		/* service_status.h */
#define RUN_NODE_SERVICES_TMP RUN_NODE_DIR "/.services.tmp"

#endif
