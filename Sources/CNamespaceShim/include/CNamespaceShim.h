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

/* ---- kernel event sources (events.c) ---- */
#include <stdint.h>

/// Namespace types in the order of NamespaceType.allCases (cgroup, ipc, mnt, net, pid, time, user, uts).
enum { CNS_NS_CGROUP, CNS_NS_IPC, CNS_NS_MNT, CNS_NS_NET, CNS_NS_PID, CNS_NS_TIME, CNS_NS_USER, CNS_NS_UTS, CNS_NS_COUNT };

/// One decoded perf record: PERF_RECORD_NAMESPACES (a task's namespaces
/// after clone, unshare or setns; no time namespace) or PERF_RECORD_LOST.
struct cns_perf_record {
    uint32_t type;     /* PERF_RECORD_NAMESPACES (16) or PERF_RECORD_LOST (2) */
    int pid, tid;
    uint64_t lost;     /* PERF_RECORD_LOST: records the kernel dropped */
    uint64_t time_ns;  /* when the kernel wrote it: CLOCK_REALTIME, nanoseconds */
    uint64_t inodes[CNS_NS_COUNT];  /* by CNS_NS_*; 0 where the record has none */
};

/// perf_event_open of a dummy software event on `cpu` for every task, with
/// namespaces records, and its ring of `pages` data pages (a power of two)
/// mapped at `*ring`. Needs CAP_PERFMON or CAP_SYS_ADMIN.
int cns_perf_namespaces_open(int cpu, int pages, void **ring, size_t *ring_size);
void cns_perf_close(int fd, void *ring, size_t ring_size);
/// Consumes up to `max` records from the ring into `out`; returns how many.
int cns_perf_ring_read(void *ring, size_t ring_size, struct cns_perf_record *out, int max);

/// One fanotify mount event: FAN_MNT_ATTACH (0x01000000) or FAN_MNT_DETACH (0x02000000).
struct cns_mount_event { uint64_t mask; uint64_t mount_id; };
/// fanotify_init with FAN_REPORT_MNT (kernel 6.15), non-blocking.
int cns_fanotify_mount_open(void);
/// Watches the mount namespace `mntns_fd` for mounts attached and detached.
int cns_fanotify_watch_mntns(int fanotify_fd, int mntns_fd);
int cns_fanotify_mount_decode(const void *buffer, size_t length, struct cns_mount_event *out, int max);

/// NS_GET_ID (6.18): the namespace's 64-bit id, never reused.
int cns_ns_get_id(int fd, uint64_t *id);
/// NS_MNT_GET_NEXT (6.12): an fd for the next mount namespace after `fd`'s, and its id.
int cns_ns_mnt_get_next(int fd, uint64_t *id);

#endif
