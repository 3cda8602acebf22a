#define _GNU_SOURCE
#include "CNamespaceShim.h"
#include <linux/nsfs.h>
#include <sys/ioctl.h>

int cns_get_userns(int fd) { return ioctl(fd, NS_GET_USERNS); }
int cns_get_parent(int fd) { return ioctl(fd, NS_GET_PARENT); }
int cns_get_nstype(int fd) { return ioctl(fd, NS_GET_NSTYPE); }
int cns_get_owner_uid(int fd, uid_t *uid) { return ioctl(fd, NS_GET_OWNER_UID, uid); }
