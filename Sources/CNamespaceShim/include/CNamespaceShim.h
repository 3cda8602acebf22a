#ifndef CNAMESPACESHIM_H
#define CNAMESPACESHIM_H
// Only what Swift cannot call directly: ioctl is variadic, so each nsfs
// request gets a typed wrapper. Every function returns -1 and sets errno on
// failure, like the syscall it wraps.
#include <stddef.h>
#include <sys/types.h>
#include <sys/vfs.h>  /* statfs: Glibc's module leaves it out */
#include <malloc.h>   /* mallopt: so does it */
#include "cns_probe.h"

/// NS_GET_USERNS: a new fd for the user namespace that owns the namespace `fd`.
int cns_get_userns(int fd);
/// NS_GET_PARENT: a new fd for the parent of a pid or user namespace.
int cns_get_parent(int fd);
/// NS_GET_NSTYPE: the CLONE_NEW* flag of the namespace `fd`.
int cns_get_nstype(int fd);
/// NS_GET_OWNER_UID: the uid that created the user namespace `fd`.
int cns_get_owner_uid(int fd, uid_t *uid);


/// pidfd_open(2): an fd for process `pid` (raw syscall; glibc 2.36 has no wrapper everywhere).
int cns_pidfd_open(int pid);

/// setns(2) for the calling thread (Swift's Glibc module does not export it).
int cns_setns(int fd, int nstype);
/// pidfd_getfd(2): a copy of file descriptor `fd` of the process behind `pidfd`
/// (needs PTRACE_MODE_ATTACH on it).
int cns_pidfd_getfd(int pidfd, int fd);
/// SIOCGSKNS: an fd for the network namespace a socket was created in.
int cns_socket_netns(int socket_fd);

/// The kernel's process events (netlink proc connector), reduced to what the
/// sampler needs: which process, and whether it forked, exec'd or exited.
enum cns_proc_event_kind { CNS_PROC_FORK = 1, CNS_PROC_EXEC = 2, CNS_PROC_EXIT = 3 };

struct cns_proc_event {
    int kind;   /* enum cns_proc_event_kind */
    int pid;    /* the thread (for fork: the child) */
    int tgid;   /* its process */
    int parent_tgid;  /* for fork: the process that forked; else 0 */
};

/// Opens a NETLINK_CONNECTOR socket subscribed to process events, with a
/// receive buffer of `rcvbuf` bytes (0 keeps the default). Needs CAP_NET_ADMIN.
int cns_proc_connector_open(int rcvbuf);

/// Decodes the fork/exec/exit events in one received datagram into `out`
/// (at most `max`); other events are skipped. Returns how many were stored.
int cns_proc_connector_decode(const void *buffer, size_t length, struct cns_proc_event *out, int max);

#endif
