#define _GNU_SOURCE
/* Kernel event sources Swift cannot reach directly: perf_event_open (a raw
 * syscall) and its mmap ring, fanotify mount events (constants newer than
 * the installed headers), and the nsfs ioctls for ids and mount namespaces. */
#include "CNamespaceShim.h"
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* ---- perf: PERF_RECORD_NAMESPACES of every task, one ring per CPU ---- */

int cns_perf_namespaces_open(int cpu, int pages, void **ring, size_t *ring_size)
{
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_SOFTWARE;
    attr.config = PERF_COUNT_SW_DUMMY;
    attr.namespaces = 1;
    /* Namespaces records alone do not make a side-band event: task (fork/exit) does. */
    attr.task = 1;
    /* Every record ends with its time (wall clock), so the reader can tell
     * changes made before a scan ended from those made after. */
    attr.sample_type = PERF_SAMPLE_TIME;
    attr.sample_id_all = 1;
    attr.use_clockid = 1;
    attr.clockid = CLOCK_REALTIME;
    /* Wake the reader when a quarter of the ring is filled; it also polls on a timer. */
    attr.watermark = 1;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t data = (size_t)pages * page;
    attr.wakeup_watermark = (unsigned)(data / 4);
    int fd = (int)syscall(SYS_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return -1;
    size_t size = page + data;
    void *base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    *ring = base;
    *ring_size = size;
    return fd;
}

void cns_perf_close(int fd, void *ring, size_t ring_size)
{
    if (ring) munmap(ring, ring_size);
    if (fd >= 0) close(fd);
}

/* The kernel's slot order in PERF_RECORD_NAMESPACES. */
static const int perf_slot_type[] = {
    [NET_NS_INDEX] = CNS_NS_NET, [UTS_NS_INDEX] = CNS_NS_UTS, [IPC_NS_INDEX] = CNS_NS_IPC,
    [PID_NS_INDEX] = CNS_NS_PID, [USER_NS_INDEX] = CNS_NS_USER, [MNT_NS_INDEX] = CNS_NS_MNT,
    [CGROUP_NS_INDEX] = CNS_NS_CGROUP,
};

int cns_perf_ring_read(void *ring, size_t ring_size, struct cns_perf_record *out, int max)
{
    struct perf_event_mmap_page *meta = ring;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    unsigned char *data = (unsigned char *)ring + page;
    uint64_t size = ring_size - page;
    uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
    uint64_t tail = meta->data_tail;
    int stored = 0;
    while (tail < head && stored < max) {
        struct perf_event_header header;
        /* A record may wrap around the end of the ring: copy it out in two parts. */
        unsigned char record[512];
        uint64_t offset = tail % size;
        size_t first = sizeof header <= size - offset ? sizeof header : (size_t)(size - offset);
        memcpy(&header, data + offset, first);
        if (first < sizeof header) memcpy((unsigned char *)&header + first, data, sizeof header - first);
        if (header.size < sizeof header) break;  /* corrupt: stop rather than spin */
        size_t length = header.size < sizeof record ? header.size : sizeof record;
        first = length <= size - offset ? length : (size_t)(size - offset);
        memcpy(record, data + offset, first);
        if (first < length) memcpy(record + first, data, length - first);
        tail += header.size;

        struct cns_perf_record decoded;
        memset(&decoded, 0, sizeof decoded);
        decoded.type = header.type;
        if (header.size >= sizeof header + 8 && header.size <= sizeof record)
            memcpy(&decoded.time_ns, record + header.size - 8, sizeof decoded.time_ns);
        if (header.type == PERF_RECORD_NAMESPACES && length >= sizeof header + 16) {
            uint32_t ids[2];
            uint64_t count;
            memcpy(ids, record + sizeof header, sizeof ids);
            memcpy(&count, record + sizeof header + 8, sizeof count);
            decoded.pid = (int)ids[0];
            decoded.tid = (int)ids[1];
            for (uint64_t i = 0; i < count && i < NR_NAMESPACES; i++) {
                size_t at = sizeof header + 16 + i * 16 + 8;  /* {dev, inode}: the inode */
                if (at + 8 > length) break;
                uint64_t inode;
                memcpy(&inode, record + at, sizeof inode);
                decoded.inodes[perf_slot_type[i]] = inode;
            }
            out[stored++] = decoded;
        } else if (header.type == PERF_RECORD_LOST && length >= sizeof header + 16) {
            memcpy(&decoded.lost, record + sizeof header + 8, sizeof decoded.lost);
            out[stored++] = decoded;
        }
    }
    __atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
    return stored;
}

/* ---- fanotify: mounts attached to / detached from a mount namespace (6.15) ---- */
#include <sys/fanotify.h>
#include <fcntl.h>

#define CNS_FAN_REPORT_MNT 0x00004000
#define CNS_FAN_MARK_MNTNS 0x00000110
#define CNS_FAN_MNT_ATTACH 0x01000000
#define CNS_FAN_MNT_DETACH 0x02000000
#define CNS_FAN_EVENT_INFO_TYPE_MNT 7

int cns_fanotify_mount_open(void)
{
    return fanotify_init(CNS_FAN_REPORT_MNT | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY);
}

int cns_fanotify_watch_mntns(int fanotify_fd, int mntns_fd)
{
    return fanotify_mark(fanotify_fd, FAN_MARK_ADD | CNS_FAN_MARK_MNTNS, CNS_FAN_MNT_ATTACH | CNS_FAN_MNT_DETACH, mntns_fd, NULL);
}

int cns_fanotify_mount_decode(const void *buffer, size_t length, struct cns_mount_event *out, int max)
{
    int stored = 0;
    const unsigned char *at = buffer;
    size_t left = length;
    while (left >= sizeof(struct fanotify_event_metadata) && stored < max) {
        struct fanotify_event_metadata meta;
        memcpy(&meta, at, sizeof meta);
        if (meta.event_len < sizeof meta || meta.event_len > left) break;
        struct cns_mount_event event = { .mask = meta.mask, .mount_id = 0 };
        size_t info = meta.metadata_len;
        while (info + sizeof(struct fanotify_event_info_header) <= meta.event_len) {
            struct fanotify_event_info_header header;
            memcpy(&header, at + info, sizeof header);
            if (header.len < sizeof header || info + header.len > meta.event_len) break;
            if (header.info_type == CNS_FAN_EVENT_INFO_TYPE_MNT && header.len >= sizeof header + 8)
                memcpy(&event.mount_id, at + info + sizeof header, 8);
            info += header.len;
        }
        out[stored++] = event;
        at += meta.event_len;
        left -= meta.event_len;
    }
    return stored;
}

/* ---- nsfs ioctls newer than the installed headers ---- */
#define CNS_NSIO 0xb7
struct cns_mnt_ns_info { uint32_t size; uint32_t nr_mounts; uint64_t mnt_ns_id; };
#define CNS_NS_MNT_GET_INFO _IOR(CNS_NSIO, 10, struct cns_mnt_ns_info)
#define CNS_NS_MNT_GET_NEXT _IOR(CNS_NSIO, 11, struct cns_mnt_ns_info)
#define CNS_NS_GET_ID _IOR(CNS_NSIO, 13, uint64_t)

int cns_ns_get_id(int fd, uint64_t *id) { return ioctl(fd, CNS_NS_GET_ID, id); }

int cns_ns_mnt_get_next(int fd, uint64_t *id)
{
    struct cns_mnt_ns_info info = { .size = sizeof info };
    int next = ioctl(fd, CNS_NS_MNT_GET_NEXT, &info);
    if (next >= 0 && id) *id = info.mnt_ns_id;
    return next;
}
