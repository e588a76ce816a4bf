/* The init binary's own version; the build may override it with -DNODE_INIT_VERSION=\"x.y.z\". */
#ifndef NODE_VERSION_H
#define NODE_VERSION_H

#ifndef NODE_INIT_VERSION
#define NODE_INIT_VERSION "1.0.0"
#endif

#endif
