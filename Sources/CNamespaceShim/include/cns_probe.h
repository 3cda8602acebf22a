#ifndef CNS_PROBE_H
#define CNS_PROBE_H
// The probe child: a process started with clone() from the (multi-threaded)
// exporter. Between clone and _exit it may only make async-signal-safe calls
// (raw syscalls; no malloc, no stdio, no glibc setxid broadcast), so it is C.
// It runs the steps the Swift parent prepared in a request, reports fixed-size
// records through a pipe and waits for the parent between stages:
//
//   enter namespaces -> drop capabilities -> setup -> READY
//   <- GO (parent did its part: id maps, host-side checks)
//   checks -> DONE
//   <- EXIT (or EOF), unless GO said not to wait -> undo what it made -> _exit
//
// All decisions (what passed, what failed) are made by the parent in Swift.
#include <stdint.h>

#define CNS_PROBE_MAX_INTERFACES 32

/// Which step failed first (0: none). The parent names it in its result.
enum cns_probe_step {
    CNS_STEP_NONE = 0,
    CNS_STEP_SETNS,
    CNS_STEP_UNSHARE_TIME,
    CNS_STEP_TIME_OFFSETS,
    CNS_STEP_CAPSET,
    CNS_STEP_SETHOSTNAME,
    CNS_STEP_MOUNT_PRIVATE,
    CNS_STEP_MOUNT,
    CNS_STEP_MSGGET,
    CNS_STEP_SHMGET,
    CNS_STEP_LOOPBACK_UP,
    CNS_STEP_FORK,
    CNS_STEP_SETID,
    CNS_STEP_READ_CGROUP,
};

/// What the child does. Prepared by Swift; strings are NUL-terminated; an
/// empty string or 0 skips the step.
struct cns_probe_request {
    int clone_flags;              /* CLONE_NEW* for clone() (never CLONE_NEWTIME) */
    int join_fd;                  /* setns() into this namespace first; -1: none */
    int join_nstype;
    int unshare_time;             /* unshare(CLONE_NEWTIME): affects the child's children */
    char timens_offsets[64];      /* written to /proc/self/timens_offsets after that */
    uint64_t keep_capabilities;   /* effective = permitted = this (within what it has) */
    char hostname[65];
    char mount_point[256];        /* tmpfs mounted here, after making / private */
    char mount_source[64];        /* ...with this source name, to find it in mountinfo */
    int ipc_key;                  /* SysV message queue and shm segment with this key */
    int loopback_port;            /* bring lo up; then bind 127.0.0.1:port (host order) */
    int spawn_grandchild;         /* fork one: it reports its pid and CLOCK_MONOTONIC */
    int become_root;              /* after GO: setresgid/setresuid(0) */
    int read_cgroup;              /* after GO: copy /proc/self/cgroup */
    char access_path[256];        /* after GO: faccessat(F_OK) */
    unsigned char connect_address[128];  /* after GO: TCP connect (a sockaddr) */
    uint32_t connect_length;      /* 0: no connect */
    int connect_timeout_ms;
};

/// GO: the parent's message between READY and the checks.
struct cns_probe_go {
    int exit_after_done;          /* exit after DONE instead of waiting for EXIT */
    int interface_count;          /* SIOCGIFFLAGS for each of these names */
    char interfaces[CNS_PROBE_MAX_INTERFACES][16];
};

/// READY and DONE: what the child saw. Errno fields are 0 on success.
struct cns_probe_report {
    int stage;                    /* 1 ready, 2 done */
    int failed_step;              /* enum cns_probe_step */
    int failed_errno;
    int64_t entered_ns;           /* CLOCK_MONOTONIC once every namespace was entered */
    int64_t setup_done_ns;        /* ... once setup was done */
    uint64_t effective_capabilities;  /* capget() after dropping */
    int pid_inside;
    int grandchild_pid;
    int64_t grandchild_monotonic_ns;
    int64_t child_monotonic_ns;   /* read just before the grandchild's */
    uint32_t uid_inside;
    uint32_t gid_inside;
    char nodename[65];
    int loopback_flags;           /* -errno when unreadable */
    int bind_errno;
    int queue_lookup_errno;       /* msgget(key, 0) inside */
    int access_errno;
    int connect_errno;
    int interface_flags[CNS_PROBE_MAX_INTERFACES];  /* -errno when unreadable */
    char cgroup[1024];
};

/// The running child and the parent's ends of its pipes (close-on-exec).
struct cns_probe_child {
    int pid;
    int pidfd;
    int report_fd;   /* read the reports here */
    int control_fd;  /* write GO, then EXIT (one byte) */
    void *memory;    /* the child's stack and request: free after reaping it */
};

/// clone()s the child with `request->clone_flags | CLONE_VM | CLONE_PIDFD | SIGCHLD`.
/// Returns 0, or -1 with errno from pipe2/clone (the clone errno is the
/// answer a probe wants: ENOSPC at a namespace limit, EPERM without privilege).
int cns_probe_launch(const struct cns_probe_request *request, struct cns_probe_child *child);

/// Frees the child's memory; only once it has been reaped.
void cns_probe_free(struct cns_probe_child *child);

/// pidfd_send_signal(2) (raw syscall).
int cns_pidfd_send_signal(int pidfd, int signal);

#endif
