#!/usr/bin/env bash
# A throwaway systemd to run the units in deploy/systemd under, on a machine (or CI
# container) whose PID 1 is not systemd: `bash scripts/systemd-sandbox.sh <folder> [<pid>]`.
#
# systemd runs as PID 1 of pid, mount, network, UTS and IPC namespaces of its own, on a
# copy-on-write view of this machine's root file system (overlayfs, its changes kept on a
# tmpfs of its own mounted on <folder>, gone with the sandbox): whatever is installed,
# enabled, written or deleted in there never reaches the machine. (Not on the machine's
# /dev/shm: a unit's RemoveIPC=yes deletes its user's files there when it stops.) It has only a loopback network,
# and boots halamj-sandbox.target (basic.target and nothing enabled on the machine), told
# it is in a container (so udev, kernel modules and the like stay off). Given the PID 1 of
# another sandbox, it joins that one's network instead of having its own: two machines on
# one network (a hub's server and an office's PC) whose addresses are both 127.0.0.1.
# SANDBOX_PACKAGES=<folder> shows that folder (read-only) at /srv/halamj-packages inside:
# the sandbox's /tmp is its own, so files under the machine's /tmp are not seen there.
# It runs in the foreground; the process's child is the sandbox's PID 1. Commands go in
# with `nsenter --target <that pid> --mount --uts --ipc --net --pid --root --wd`
# (PackageTests' SystemdSandbox does that). SIGKILL to that PID ends it all; then
# delete <folder> (its mounts went with the sandbox's mount namespace).
# Needs root, overlayfs and a writable cgroup hierarchy (true on the CI machines).
set -euo pipefail

if [[ "${1:-}" != "--inside" ]]; then
    dir=${1:?usage: systemd-sandbox.sh <empty folder> [<PID 1 of the sandbox whose network to join>]}
    mkdir -p "$dir"
    if [[ -n "${2:-}" ]]; then
        exec nsenter --net="/proc/$2/ns/net" -- unshare --pid --fork --mount --uts --ipc --propagation private -- bash "$0" --inside "$dir"
    fi
    exec unshare --pid --fork --mount --net --uts --ipc --propagation private -- bash "$0" --inside "$dir"
fi

dir=$2
root=$dir/root
mount -t tmpfs -o mode=0700,size=4g halamj-sandbox-changes "$dir"
mkdir "$dir/upper" "$dir/work" "$root"
mount -t overlay halamj-sandbox -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=0755 tmpfs "$root/run"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
# The machine's own journal stays out: journalctl in here shows the sandbox's lines only.
rm -rf "$root/var/log/journal"
mkdir -p "$root/.halamj-sandbox-old-root" "$root/etc/systemd/system"
if [[ -n "${SANDBOX_PACKAGES:-}" ]]; then
    mkdir -p "$root/srv/halamj-packages"
    mount --bind "$SANDBOX_PACKAGES" "$root/srv/halamj-packages"
    mount -o remount,bind,ro "$root/srv/halamj-packages"
fi
echo "$dir" > "$root/.halamj-sandbox"
cat > "$root/etc/systemd/system/halamj-sandbox.target" <<'EOF'
[Unit]
Description=Halamj sandbox: basic.target and what the test starts
Requires=basic.target
After=basic.target
AllowIsolate=yes
EOF
cd "$root"
pivot_root . .halamj-sandbox-old-root
cd /
umount -l /.halamj-sandbox-old-root
rmdir /.halamj-sandbox-old-root
# Never boot on the machine's own root: only the overlay has this file.
[[ -f /.halamj-sandbox ]] || { echo "systemd-sandbox: not in the overlay, not booting" >&2; exit 1; }
hostname halamj-sandbox
ip link set lo up 2>/dev/null || true
export container=halamj-sandbox
exec /lib/systemd/systemd --system --unit=halamj-sandbox.target --log-target=console --log-level=notice
