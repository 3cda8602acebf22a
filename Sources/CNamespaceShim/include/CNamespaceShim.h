#ifndef CNAMESPACESHIM_H
#define CNAMESPACESHIM_H
// Only what Swift cannot call directly: ioctl is variadic, so each nsfs
// request gets a typed wrapper. Every function returns -1 and sets errno on
// failure, like the syscall it wraps.
#include <sys/types.h>

/// NS_GET_USERNS: a new fd for the user namespace that owns the namespace `fd`.
int cns_get_userns(int fd);
/// NS_GET_PARENT: a new fd for the parent of a pid or user namespace.
int cns_get_parent(int fd);
/// NS_GET_NSTYPE: the CLONE_NEW* flag of the namespace `fd`.
int cns_get_nstype(int fd);
/// NS_GET_OWNER_UID: the uid that created the user namespace `fd`.
int cns_get_owner_uid(int fd, uid_t *uid);

#endif
