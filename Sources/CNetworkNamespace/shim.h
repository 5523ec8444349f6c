// setns(2) for network namespaces, which the Glibc module does not export (it is
// declared under _GNU_SOURCE); called through syscall(2) so that no feature macro
// has to be defined before glibc's headers are first read.
#include <unistd.h>
#include <sys/syscall.h>

/// Moves the calling thread (only that thread) into the network namespace that
/// `descriptor` refers to (an open /run/netns/<name> or /proc/.../ns/net). 0 or -1 and errno.
static inline int halamj_enter_network_namespace(int descriptor) {
    return (int)syscall(SYS_setns, descriptor, 0x40000000 /* CLONE_NEWNET */);
}
