/*
 * churn.c -- namespace churn at a fixed rate, as a container host makes it.
 *
 *   churn RATE SECONDS [LIFE_MS=50]
 *
 * Every 1/RATE s it clone()s a child with one new namespace (cycling uts,
 * ipc, net, mnt, cgroup: the namespaces exist from the fork on, as with a
 * runtime's clone); the child sleeps LIFE_MS and exits; the parent reaps.
 * Prints "made N" at the end. Needs root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: churn RATE SECONDS [LIFE_MS]\n"); return 2; }
    double rate = atof(argv[1]), seconds = atof(argv[2]);
    int life_ms = argc > 3 ? atoi(argv[3]) : 50;
    if (rate <= 0 || seconds <= 0) { fprintf(stderr, "churn: RATE and SECONDS must be > 0\n"); return 2; }
    static const int flags[] = { CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWCGROUP };
    long made = 0, total = (long)(rate * seconds);
    double start = now();
    for (long i = 0; i < total; i++) {
        double due = start + i / rate, wait = due - now();
        if (wait > 0) {
            struct timespec ts = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) };
            nanosleep(&ts, NULL);
        }
        /* fork-like clone: the child starts in its new namespace */
        pid_t pid = syscall(SYS_clone, flags[i % 5] | SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) { usleep(life_ms * 1000); _exit(0); }
        if (pid < 0) { perror("churn: clone"); break; }
        made++;
        while (waitpid(-1, NULL, WNOHANG) > 0) {}  /* reap whoever is done */
    }
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR) {}
    printf("made %ld\n", made);
    return made == total ? 0 : 1;
}
