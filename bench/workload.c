/*
 * workload.c -- a test population for namespace_exporter benchmarks.
 *
 *   workload N [D=10]
 *
 * Forks N long-lived children that only pause(). Every D-th child (N/D of
 * them; D=0 means none) gets private namespaces of every type, so a sampler
 * sees ~N processes and ~7*N/D extra namespaces. When all are started it
 * prints "ready N" and waits for SIGTERM/SIGINT, or for EOF on stdin when
 * stdin is a pipe/FIFO/tty (a /dev/null stdin, as background jobs in scripts
 * get, would otherwise mean "stop now"). Then it SIGKILLs and reaps every
 * child and exits 0. If a fork fails it cleans up and exits 1.
 *
 * Build: gcc -O2 -Wall -o workload workload.c      (run as root)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* Everything clone() accepts; time namespaces can only be made by unshare()
 * (or clone3), see child(). */
#define PRIVATE_FLAGS (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWNS | \
                       CLONE_NEWPID | CLONE_NEWUSER | CLONE_NEWUTS)

static pid_t *kids;
static long nkids;
static pid_t parent;

static void child(int private, int sfd)
{
    /* Die with the parent, so a crashed or SIGKILLed workload leaves nothing
     * behind. (Works for the PID-namespace init too: the kernel sends
     * pdeath signals as if from outside the namespace.) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* Close the race where the parent died before prctl(): we would have
     * been reparented. In a new PID namespace getppid() is always 0, so only
     * the plain children can check. */
    if (!private && getppid() != parent)
        _exit(0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);   /* undo the parent's blocking */
    close(sfd);
    /* Do not hold the parent's stdout: whoever reads "ready" must see EOF
     * when the parent exits, not when the last child does. */
    close(STDOUT_FILENO);
    /* Affects only our (nonexistent) children, but creates the namespace,
     * which shows up as /proc/PID/ns/time_for_children. */
    if (private && unshare(CLONE_NEWTIME) != 0)
        perror("workload: unshare(CLONE_NEWTIME)");
    for (;;)
        pause();
}

/* SIGKILL and reap every child; no zombie survives us. */
static void teardown(void)
{
    for (long i = 0; i < nkids; i++)
        kill(kids[i], SIGKILL);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s N [PRIVATE_FRACTION_DENOMINATOR=10]\n", argv[0]);
        return 2;
    }
    long n = strtol(argv[1], NULL, 10), d = argc > 2 ? strtol(argv[2], NULL, 10) : 10;
    if (n < 0 || d < 0 || !(kids = calloc(n ? n : 1, sizeof *kids))) {
        fprintf(stderr, "workload: bad arguments\n");
        return 2;
    }

    /* Block the stop signals and take them from a signalfd: a signal during
     * startup is then noticed by sigpending() and ends startup cleanly, and
     * the later wait has no race between checking and sleeping. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigprocmask(SIG_BLOCK, &stop, NULL);
    int sfd = signalfd(-1, &stop, SFD_CLOEXEC);
    if (sfd < 0) {
        perror("workload: signalfd");
        return 1;
    }

    parent = getpid();
    for (long i = 0; i < n; i++) {
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGTERM) || sigismember(&pending, SIGINT)) {
            fprintf(stderr, "workload: stopped during startup after %ld\n", i);
            teardown();
            return 0;
        }
        /* (i+1) % d == 0 gives exactly n/d private children. */
        int private = d > 0 && (i + 1) % d == 0;
        pid_t pid = private ? (pid_t)syscall(SYS_clone, PRIVATE_FLAGS | SIGCHLD, 0, 0, 0, 0)
                            : fork();
        if (pid == 0)
            child(private, sfd);
        if (pid < 0) {
            /* EAGAIN: pid_max/threads-max/ulimit -u; ENOSPC: a
             * user.max_*_namespaces limit; ENOMEM: memory. */
            fprintf(stderr, "workload: %s %ld of %ld failed: %s\n",
                    private ? "clone" : "fork", i + 1, n, strerror(errno));
            teardown();
            return 1;
        }
        kids[nkids++] = pid;
    }

    printf("ready %ld\n", n);
    fflush(stdout);

    /* Watch stdin only where EOF means something: a pipe, FIFO or terminal. */
    struct stat st;
    int watch_stdin = fstat(STDIN_FILENO, &st) == 0 &&
                      (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || isatty(STDIN_FILENO));
    struct pollfd fds[2] = {{.fd = sfd, .events = POLLIN},
                            {.fd = watch_stdin ? STDIN_FILENO : -1, .events = POLLIN}};
    for (;;) {
        if (poll(fds, 2, -1) < 0 && errno != EINTR)
            break;
        if (fds[0].revents)
            break;                            /* SIGTERM or SIGINT */
        if (fds[1].revents) {
            char buf[256];
            ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
            if (r <= 0 && !(r < 0 && errno == EINTR))
                break;                        /* EOF (or error): stop */
        }
    }
    teardown();
    return 0;
}
