/*
 * resync-limit.c -- the physical limit of the exporter's resync: the same
 * reads its default full scan makes, in C, and nothing more.
 *
 * For every numeric /proc/PID: readlinkat of its 10 ns links (through one
 * O_PATH dirfd), read of its stat (start time and comm), and readlinkat of
 * every entry of its fd directory (to find nsfs fds); then, once per
 * distinct mount namespace, one read of /proc/PID/mountinfo through a
 * member. Counts members per (type, inode) in an open-addressing table.
 *
 *   resync-limit [-r R]     R in-process repeats; prints on stderr
 *                           "tasks=T mntns=M reps=R min=X median=X p90=X max=X ms"
 *
 * Build: gcc -O2 -Wall -o resync-limit resync-limit.c     (run as root)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const links[] = {"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children",
                                    "time", "time_for_children", "user", "uts"};
#define NLINKS 10
#define SLOTS (1 << 20)
static uint64_t keys[SLOTS];
static uint32_t counts[SLOTS];
static uint64_t mntns_seen[SLOTS];

static int insert(uint64_t *table, uint64_t key) /* 1 if new */
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    for (uint32_t i = (uint32_t)(h >> 44);; i = (i + 1) & (SLOTS - 1)) {
        if (table[i] == key) { if (table == keys) counts[i]++; return 0; }
        if (table[i] == 0) { table[i] = key; if (table == keys) counts[i] = 1; return 1; }
    }
}

static uint64_t inode_of(const char *link) /* "net:[4026531840]" */
{
    const char *open = strchr(link, '[');
    return open ? strtoull(open + 1, NULL, 10) : 0;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int scan(int proc, int *mntns)
{
    memset(keys, 0, sizeof keys);
    memset(mntns_seen, 0, sizeof mntns_seen);
    int tasks = 0;
    *mntns = 0;
    static char buf[1 << 16], path[300], target[256];
    static char *mountinfo;
    if (!mountinfo) mountinfo = malloc(8 << 20);
    DIR *dir = fdopendir(dup(proc));
    rewinddir(dir);
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
        snprintf(path, sizeof path, "%s/ns", entry->d_name);
        int ns = openat(proc, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (ns < 0) continue;
        uint64_t mnt = 0;
        for (int i = 0; i < NLINKS; i++) {
            ssize_t n = readlinkat(ns, links[i], target, sizeof target - 1);
            if (n <= 0) continue;
            target[n] = 0;
            uint64_t ino = inode_of(target);
            insert(keys, ino * 16 + i);
            if (i == 2) mnt = ino;
        }
        close(ns);
        snprintf(path, sizeof path, "%s/stat", entry->d_name);
        int stat = openat(proc, path, O_RDONLY | O_CLOEXEC);
        if (stat >= 0) { (void)!read(stat, buf, sizeof buf); close(stat); }
        snprintf(path, sizeof path, "%s/fd", entry->d_name);
        int fds = openat(proc, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fds >= 0) {
            DIR *fd_dir = fdopendir(fds);
            struct dirent *fd;
            while ((fd = readdir(fd_dir))) {
                if (fd->d_name[0] == '.') continue;
                ssize_t n = readlinkat(fds, fd->d_name, target, sizeof target - 1);
                if (n > 0 && n < 64) { target[n] = 0; if (strstr(target, ":[") && strncmp(target, "socket:", 7) && strncmp(target, "pipe:", 5)) insert(keys, inode_of(target) * 16 + 15); }
            }
            closedir(fd_dir);
        }
        if (mnt && insert(mntns_seen, mnt)) {
            snprintf(path, sizeof path, "%s/mountinfo", entry->d_name);
            int info = openat(proc, path, O_RDONLY | O_CLOEXEC);
            if (info >= 0) {
                while (read(info, mountinfo, 8 << 20) > 0) {}
                close(info);
                (*mntns)++;
            }
        }
        tasks++;
    }
    closedir(dir);
    return tasks;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int repeats = 1;
    if (argc == 3 && strcmp(argv[1], "-r") == 0) repeats = atoi(argv[2]);
    if (repeats < 1) { fprintf(stderr, "usage: resync-limit [-r R]\n"); return 2; }
    int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (proc < 0) { perror("/proc"); return 1; }
    double *ms = calloc(repeats, sizeof *ms);
    int tasks = 0, mntns = 0;
    for (int r = 0; r < repeats; r++) {
        double start = now_ms();
        tasks = scan(proc, &mntns);
        ms[r] = now_ms() - start;
    }
    qsort(ms, repeats, sizeof *ms, compare);
    fprintf(stderr, "tasks=%d mntns=%d reps=%d min=%.1f median=%.1f p90=%.1f max=%.1f ms\n", tasks, mntns, repeats,
            ms[0], ms[repeats / 2], ms[(int)(repeats * 0.9)], ms[repeats - 1]);
    return 0;
}
