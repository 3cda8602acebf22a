/* The probe child (see cns_probe.h). Only raw syscalls and async-signal-safe
 * calls after clone(): it shares the memory of the multi-threaded exporter,
 * so it must not take a lock (malloc's, stdio's) or write anything but its
 * own stack. glibc's setresuid() would signal the exporter's threads: the raw
 * syscall is used. Its errno is the launching thread's (same TLS): that
 * thread only waits in poll/read meanwhile. */
#define _GNU_SOURCE
#include "CNamespaceShim.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

struct child_start {
    const struct cns_probe_request *request;
    int report_fd, control_fd;
};

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int write_all(int fd, const void *data, size_t length)
{
    const char *p = data;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n; length -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t length)
{
    char *p = data;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n; length -= (size_t)n;
    }
    return 0;
}

/* Everything the child inherited except stdio, its pipes and the join target:
 * it must not keep the server's sockets or other probes' pipes open. */
static void close_other_fds(int a, int b, int c)
{
    int keep[3] = { a, b, c };
    for (int i = 0; i < 3; i++)       /* sort the three */
        for (int j = i + 1; j < 3; j++)
            if (keep[j] < keep[i]) { int t = keep[i]; keep[i] = keep[j]; keep[j] = t; }
    unsigned next = 3;
    for (int i = 0; i < 3; i++) {
        if (keep[i] < (int)next) continue;
        if ((unsigned)keep[i] > next) syscall(SYS_close_range, next, (unsigned)keep[i] - 1, 0);
        next = (unsigned)keep[i] + 1;
    }
    syscall(SYS_close_range, next, ~0U, 0);
}

/* effective = permitted = keep, within what the child has; inheritable none.
 * Reports the effective set the kernel then holds. */
static int keep_capabilities(uint64_t keep, uint64_t *effective)
{
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    for (int i = 0; i < 2; i++) {
        uint32_t mask = (uint32_t)(keep >> (32 * i));
        data[i].permitted &= mask;
        data[i].effective = data[i].permitted;
        data[i].inheritable = 0;
    }
    if (syscall(SYS_capset, &header, data) != 0) return -1;
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    *effective = data[0].effective | (uint64_t)data[1].effective << 32;
    return 0;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int result = write_all(fd, text, strlen(text));
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

static int interface_flags(int sock, const char *name)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    return ioctl(sock, SIOCGIFFLAGS, &ifr) == 0 ? (unsigned short)ifr.ifr_flags : -errno;
}

static int loopback_up(void)
{
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    int result = ioctl(sock, SIOCGIFFLAGS, &ifr);
    if (result == 0 && !(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP;
        result = ioctl(sock, SIOCSIFFLAGS, &ifr);
    }
    int saved = errno;
    close(sock);
    errno = saved;
    return result;
}

static int bind_loopback(int port)
{
    int sock = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return errno;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                                   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int result = bind(sock, (struct sockaddr *)&address, sizeof address) == 0 ? 0 : errno;
    close(sock);
    return result;
}

/* Non-blocking connect bounded by a poll timeout; 0 when connected. */
static int connect_with_timeout(const unsigned char *address, uint32_t length, int timeout_ms)
{
    int family = ((const struct sockaddr *)address)->sa_family;
    int sock = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (sock < 0) return errno;
    int result = 0;
    if (connect(sock, (const struct sockaddr *)address, length) != 0) {
        result = errno;
        if (result == EINPROGRESS) {
            struct pollfd p = { .fd = sock, .events = POLLOUT };
            int ready;
            do ready = poll(&p, 1, timeout_ms); while (ready < 0 && errno == EINTR);
            socklen_t size = sizeof result;
            if (ready == 0) result = ETIMEDOUT;
            else if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &result, &size) != 0) result = errno;
        }
    }
    close(sock);
    return result;
}

/* A grandchild in the child's pid and time namespaces reports what it sees.
 * vfork() when it may share memory (the child waits, nothing is copied); a
 * real fork when it enters a new time namespace, which forbids sharing. */
static int run_grandchild(struct cns_probe_report *report, int own_memory)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    report->child_monotonic_ns = monotonic_ns();
    pid_t pid = own_memory ? _Fork() : vfork();
    if (pid == 0) {
        struct { int32_t pid; int64_t monotonic; } seen = { getpid(), monotonic_ns() };
        write_all(fds[1], &seen, sizeof seen);
        _exit(0);
    }
    int saved = errno;
    close(fds[1]);
    if (pid < 0) { close(fds[0]); errno = saved; return -1; }
    struct { int32_t pid; int64_t monotonic; } seen = { 0, 0 };
    int got = read_all(fds[0], &seen, sizeof seen);
    close(fds[0]);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    if (got != 0) { errno = EPIPE; return -1; }
    report->grandchild_pid = seen.pid;
    report->grandchild_monotonic_ns = seen.monotonic;
    return 0;
}

#define STEP(report, step, expression) \
    do { if (!(report).failed_step && (expression) < 0) { (report).failed_step = (step); (report).failed_errno = errno; } } while (0)

static void run_checks(const struct cns_probe_request *rq, const struct cns_probe_go *go, struct cns_probe_report *r)
{
    struct utsname names;
    if (uname(&names) == 0) memcpy(r->nodename, names.nodename, sizeof r->nodename);
    r->pid_inside = getpid();
    if (rq->spawn_grandchild) STEP(*r, CNS_STEP_FORK, run_grandchild(r, rq->unshare_time));
    if (rq->become_root) {
        STEP(*r, CNS_STEP_SETID, syscall(SYS_setresgid, 0, 0, 0));
        STEP(*r, CNS_STEP_SETID, syscall(SYS_setresuid, 0, 0, 0));
    }
    r->uid_inside = getuid();
    r->gid_inside = getgid();
    if (rq->ipc_key) r->queue_lookup_errno = msgget(rq->ipc_key, 0) < 0 ? errno : 0;
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock >= 0) {
        if (rq->loopback_port) r->loopback_flags = interface_flags(sock, "lo");
        for (int i = 0; i < go->interface_count && i < CNS_PROBE_MAX_INTERFACES; i++)
            r->interface_flags[i] = interface_flags(sock, go->interfaces[i]);
        close(sock);
    }
    if (rq->loopback_port) r->bind_errno = bind_loopback(rq->loopback_port);
    if (rq->read_cgroup) {
        int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        ssize_t n = fd < 0 ? -1 : read(fd, r->cgroup, sizeof r->cgroup - 1);
        STEP(*r, CNS_STEP_READ_CGROUP, (int)n);
        if (fd >= 0) close(fd);
    }
    if (rq->access_path[0]) r->access_errno = faccessat(AT_FDCWD, rq->access_path, F_OK, 0) == 0 ? 0 : errno;
    if (rq->connect_length)
        r->connect_errno = connect_with_timeout(rq->connect_address, rq->connect_length, rq->connect_timeout_ms);
}

static int probe_child(void *argument)
{
    const struct child_start *start = argument;
    const struct cns_probe_request *rq = start->request;
    /* Never outlive the exporter, even if it is killed mid-probe. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close_other_fds(start->report_fd, start->control_fd, rq->join_fd);

    struct cns_probe_report r;
    memset(&r, 0, sizeof r);
    if (rq->join_fd >= 0) STEP(r, CNS_STEP_SETNS, setns(rq->join_fd, rq->join_nstype));
    if (rq->unshare_time) {
        STEP(r, CNS_STEP_UNSHARE_TIME, unshare(CLONE_NEWTIME));
        if (rq->timens_offsets[0])
            STEP(r, CNS_STEP_TIME_OFFSETS, write_file("/proc/self/timens_offsets", rq->timens_offsets));
    }
    r.entered_ns = monotonic_ns();
    STEP(r, CNS_STEP_CAPSET, keep_capabilities(rq->keep_capabilities, &r.effective_capabilities));
    if (rq->hostname[0]) STEP(r, CNS_STEP_SETHOSTNAME, sethostname(rq->hostname, strlen(rq->hostname)));
    int mounted = 0, queue = -1, segment = -1;
    if (rq->mount_point[0]) {
        /* Private first: a mount under a shared / would propagate to the host. */
        STEP(r, CNS_STEP_MOUNT_PRIVATE, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
        if (!r.failed_step) {
            mounted = mount(rq->mount_source, rq->mount_point, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                            "size=16k,mode=700") == 0;
            STEP(r, CNS_STEP_MOUNT, mounted ? 0 : -1);
        }
    }
    if (rq->ipc_key && !r.failed_step) {
        STEP(r, CNS_STEP_MSGGET, queue = msgget(rq->ipc_key, IPC_CREAT | IPC_EXCL | 0600));
        STEP(r, CNS_STEP_SHMGET, segment = shmget(rq->ipc_key, 4096, IPC_CREAT | IPC_EXCL | 0600));
    }
    if (rq->loopback_port) STEP(r, CNS_STEP_LOOPBACK_UP, loopback_up());
    r.setup_done_ns = monotonic_ns();
    r.stage = 1;

    struct cns_probe_go go;
    if (write_all(start->report_fd, &r, sizeof r) == 0 && read_all(start->control_fd, &go, sizeof go) == 0) {
        if (!r.failed_step) run_checks(rq, &go, &r);
        r.stage = 2;
        char exit_now;
        if (write_all(start->report_fd, &r, sizeof r) == 0 && !go.exit_after_done)
            read_all(start->control_fd, &exit_now, 1);
    }
    /* Undo what could outlive the child when its namespace was not new (a
     * new one takes them along when it goes; an unmount would cost an RCU
     * grace period for nothing). */
    if (mounted && !(rq->clone_flags & CLONE_NEWNS)) umount2(rq->mount_point, MNT_DETACH);
    if (!(rq->clone_flags & CLONE_NEWIPC)) {
        if (queue >= 0) msgctl(queue, IPC_RMID, NULL);
        if (segment >= 0) shmctl(segment, IPC_RMID, NULL);
    }
    _exit(r.failed_step ? 1 : 0);
}

int cns_probe_launch(const struct cns_probe_request *request, struct cns_probe_child *child)
{
    enum { STACK_SIZE = 256 * 1024 };
    int report[2], control[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    if (pipe2(control, O_CLOEXEC) != 0) {
        int saved = errno; close(report[0]); close(report[1]); errno = saved;
        return -1;
    }
    /* CLONE_VM: the child shares the exporter's memory instead of copying
     * its page tables (and tearing them down at exit), which halves a
     * probe's cost. So everything it reads lives in one block it owns until
     * it is reaped: its stack, then a copy of the request and its start. */
    char *block = malloc(STACK_SIZE + sizeof(struct cns_probe_request) + sizeof(struct child_start));
    if (block == NULL) {
        close(report[0]); close(report[1]); close(control[0]); close(control[1]); errno = ENOMEM;
        return -1;
    }
    struct cns_probe_request *copy = (struct cns_probe_request *)(block + STACK_SIZE);
    memcpy(copy, request, sizeof *copy);
    struct child_start *start = (struct child_start *)(copy + 1);
    start->request = copy;
    start->report_fd = report[1];
    start->control_fd = control[0];
    int pidfd = -1;
    int pid = clone(probe_child, block + STACK_SIZE, request->clone_flags | CLONE_VM | CLONE_PIDFD | SIGCHLD, start, &pidfd);
    int saved = errno;
    close(report[1]);
    close(control[0]);
    if (pid < 0) {
        free(block); close(report[0]); close(control[1]); errno = saved;
        return -1;
    }
    child->pid = pid;
    child->pidfd = pidfd;
    child->report_fd = report[0];
    child->control_fd = control[1];
    child->memory = block;
    return 0;
}

void cns_probe_free(struct cns_probe_child *child)
{
    free(child->memory);
    child->memory = NULL;
}

int cns_pidfd_send_signal(int pidfd, int signal)
{
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0);
}
