#define _GNU_SOURCE
#include "CNamespaceShim.h"
#include <linux/nsfs.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int cns_get_userns(int fd) { return ioctl(fd, NS_GET_USERNS); }
int cns_get_parent(int fd) { return ioctl(fd, NS_GET_PARENT); }
int cns_get_nstype(int fd) { return ioctl(fd, NS_GET_NSTYPE); }
int cns_get_owner_uid(int fd, uid_t *uid) { return ioctl(fd, NS_GET_OWNER_UID, uid); }

/* ---- sockets: the network namespace behind another process's socket ---- */
#include <linux/sockios.h>

int cns_pidfd_open(int pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

int cns_setns(int fd, int nstype) { return (int)syscall(SYS_setns, fd, nstype); }
int cns_pidfd_getfd(int pidfd, int fd) { return (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0); }
int cns_socket_netns(int socket_fd) { return ioctl(socket_fd, SIOCGSKNS); }

/* ---- netlink proc connector: the subscribe message and the event layout ---- */
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int cns_proc_connector_open(int rcvbuf)
{
    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
    if (fd < 0) return -1;
    if (rcvbuf > 0) {
        /* FORCE lifts rmem_max for a privileged caller; fall back to the capped one. */
        if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) < 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    struct sockaddr_nl address = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0 };
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) goto fail;

    /* nlmsghdr, then cn_msg, then the op: laid out by hand (cn_msg ends in a flexible array). */
    char request[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op))] __attribute__((aligned(8)));
    memset(request, 0, sizeof request);
    struct nlmsghdr *header = (struct nlmsghdr *)request;
    header->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(enum proc_cn_mcast_op));
    header->nlmsg_type = NLMSG_DONE;
    struct cn_msg *message = NLMSG_DATA(header);
    message->id.idx = CN_IDX_PROC;
    message->id.val = CN_VAL_PROC;
    message->len = sizeof(enum proc_cn_mcast_op);
    enum proc_cn_mcast_op op = PROC_CN_MCAST_LISTEN;
    memcpy(message->data, &op, sizeof op);
    if (send(fd, request, header->nlmsg_len, 0) < 0) goto fail;
    return fd;
fail:;
    int saved = errno;
    close(fd);
    errno = saved;
    return -1;
}

int cns_proc_connector_decode(const void *buffer, size_t length, struct cns_proc_event *out, int max)
{
    int stored = 0;
    int remaining = (int)length;
    for (const struct nlmsghdr *header = buffer; NLMSG_OK(header, remaining) && stored < max;
         header = NLMSG_NEXT(header, remaining)) {
        if (header->nlmsg_type == NLMSG_ERROR || header->nlmsg_type == NLMSG_NOOP) continue;
        if (header->nlmsg_len < NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(struct proc_event))) continue;
        const struct cn_msg *message = NLMSG_DATA(header);
        /* The event is not 8-byte aligned inside the datagram: copy it out. */
        struct proc_event event;
        memcpy(&event, message->data, sizeof event);
        switch (event.what) {
        case PROC_EVENT_FORK:
            out[stored++] = (struct cns_proc_event){ CNS_PROC_FORK, event.event_data.fork.child_pid, event.event_data.fork.child_tgid,
                                                   event.event_data.fork.parent_tgid };
            break;
        case PROC_EVENT_EXEC:
            out[stored++] = (struct cns_proc_event){ CNS_PROC_EXEC, event.event_data.exec.process_pid, event.event_data.exec.process_tgid, 0 };
            break;
        case PROC_EVENT_EXIT:
            out[stored++] = (struct cns_proc_event){ CNS_PROC_EXIT, event.event_data.exit.process_pid, event.event_data.exit.process_tgid, 0 };
            break;
        default:
            break;
        }
    }
    return stored;
}
