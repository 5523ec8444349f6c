#!/usr/bin/env bash
# Makes the Debian packages halamj-hub_<version>_<arch>.deb and halamj-node_<version>_<arch>.deb,
# for machines without a Swift toolchain:
#   bash scripts/package.sh [--version 0.1.0] [--out .build/packages]
# Release builds with the Swift runtime and Foundation linked in (--static-swift-stdlib); what
# they still load (libc, SQLite, libcurl, zlib, libstdc++) becomes Depends: through
# dpkg-shlibdeps. Each package holds its program, a man page made from its --help, the README
# and docs/operations.md, every file under deploy/systemd, deploy/nginx and deploy/prometheus
# (/usr/share/<package>/deploy/), and its own systemd units (deploy/systemd/<package>*) in
# /lib/systemd/system. What deploy/systemd has for both (the services' users in a sysusers.d
# file, the backup script the units run) goes into halamj-common_<version>_all.deb, which both
# then depend on; it is made only when there is such a file. Removing or purging a package
# never deletes /var/lib/halamj* data.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "Usage: bash scripts/package.sh [--version <x.y.z>] [--out <folder>]" >&2; exit 64; }
version="" out=".build/packages"
while [ $# -gt 0 ]; do
    case "$1" in
        --version) [ $# -ge 2 ] || usage; version="$2"; shift 2 ;;
        --out) [ $# -ge 2 ] || usage; out="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "Error: unknown option '$1'" >&2; usage ;;
    esac
done

# dpkg-dev: dpkg-shlibdeps, which turns the binaries' libraries into package names.
source scripts/setup.sh dpkg-dev

if [ -z "$version" ]; then
    version="$(sed -n 's/.*static let softwareVersion = "\([^"]*\)".*/\1/p' Sources/SyncModel/Wire/SyncProtocol.swift)"
    [ -n "$version" ] || { echo "Error: no softwareVersion in Sources/SyncModel/Wire/SyncProtocol.swift" >&2; exit 1; }
fi
[[ "$version" =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || { echo "Error: '$version' is not a Debian version" >&2; exit 64; }
arch="$(dpkg --print-architecture)"
maintainer="${DEBFULLNAME:-Halamj sync maintainers} <${DEBEMAIL:-maintainers@halamj.invalid}>"
# The man pages' and changelog's date: the last commit's, so the same tree makes the same pages.
date="$(git log -1 --format=%cs 2>/dev/null || date -u +%F)"
changed="$(git log -1 --format=%cD 2>/dev/null || date -uR)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A build tree of its own: the static runtime changes every link, and sharing .build/release
# with demo.sh's and halamj-bench's builds would rebuild both each time the other ran.
build=(swift build -c release --static-swift-stdlib --scratch-path .build/static)
for program in halamj-hub halamj-node; do
    echo "== release build of $program (static Swift runtime)" >&2
    if ! "${build[@]}" --product "$program" > "$work/build.log" 2>&1; then
        grep -E "error:" "$work/build.log" >&2 || tail -n 30 "$work/build.log" >&2
        exit 1
    fi
    tail -n 1 "$work/build.log" >&2
done
bin="$("${build[@]}" --show-bin-path)"

# A roff page around the program's own --help: its first line is "<program> — <what it is>".
man_page() {
    local program="$1" help title
    help="$("$bin/$program" --help)"
    title="$(printf '%s\n' "$help" | head -n 1)"
    printf '.TH %s 1 "%s" "%s %s" "Halamj sync"\n' "${program^^}" "$date" "$program" "$version"
    printf '.SH NAME\n%s\n' "$(printf '%s' "$title" | sed 's/\\/\\e/g; s/ — / \\- /')"
    printf '.SH DESCRIPTION\n.nf\n'
    # roff: a backslash is \e, a line starting with . or ' is text only after \&.
    printf '%s\n' "$help" | tail -n +3 | sed "s/\\\\/\\\\e/g; s/^\\([.']\\)/\\\\\\&\\1/"
    printf '.fi\n.SH FILES\n.nf\n'
    printf '/usr/share/doc/%s/operations.md    running it: TLS, services, backups, upgrades\n' "$program"
    printf '/usr/share/%s/deploy/             nginx, systemd and Prometheus examples\n' "$program"
    printf '/var/lib/halamj*                          data; kept when the package is removed or purged\n'
    printf '.fi\n'
}

# Units, given by name, of the package's own (deploy/systemd/<package>*); nothing when none exist yet.
units_of() {
    local pkg="$1" file
    for file in deploy/systemd/"$pkg"*; do
        [ -f "$file" ] && basename "$file"
    done
    return 0
}

# The fixed users (User=) the package's units run as; none for DynamicUser=yes units.
users_of() {
    local pkg="$1" unit
    for unit in $(units_of "$pkg"); do
        grep -qiE '^[[:space:]]*DynamicUser[[:space:]]*=[[:space:]]*(yes|true|1|on)' "deploy/systemd/$unit" && continue
        sed -n 's/^[[:space:]]*User[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "deploy/systemd/$unit"
    done | sort -u
}

# Where a deploy/systemd file that belongs to neither program alone (not halamj-hub*,
# halamj-node*) is installed, in the package halamj-common that both depend on: a sysusers.d
# file, a unit, or a program that a unit's Exec…= line names by its path (the backup script).
# Nothing (status 1) for a file that is only an example.
shared_destination() {
    local name path
    name="$(basename "$1")"
    case "$name" in
        halamj-hub* | halamj-node*) return 1 ;;
        *.sysusers.conf) echo "/usr/lib/sysusers.d/${name%.sysusers.conf}.conf" ;;
        *.service | *.timer | *.socket | *.path | *.target) echo "/lib/systemd/system/$name" ;;
        *)
            path="$(grep -h '^[[:space:]]*Exec[A-Za-z]*=' deploy/systemd/* 2>/dev/null |
                grep -oE "/[^[:space:]=]*/$name([[:space:]]|\$)" | head -n 1 | tr -d '[:space:]')"
            [ -n "$path" ] && echo "$path" ;;
    esac
}
shared=()
for file in deploy/systemd/*; do
    [ -f "$file" ] && shared_destination "$file" >/dev/null && shared+=("$file")
done

# A package's folder with what every one has: its copyright and changelog.
begin_package() {
    pkg="$1" root="$work/$1"
    install -d "$root/DEBIAN" "$root/usr/share/doc/$pkg"
    cat > "$root/usr/share/doc/$pkg/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: halamj-sync
Comment: Built from the Halamj sync repository by scripts/package.sh.

Files: *
Copyright: ${date%%-*} the Halamj sync project's authors
License: see the Halamj sync repository; no licence is stated there yet
EOF
    printf 'halamj-sync (%s) unstable; urgency=medium\n\n  * Built by scripts/package.sh from commit %s.\n\n -- %s  %s\n' \
        "$version" "$commit" "$maintainer" "$changed" | gzip -9n > "$root/usr/share/doc/$pkg/changelog.gz"
    units="" users="" sysusers="" depends="" relations=""
}

write_script() {
    local name="$1" body="$2"
    printf '#!/bin/sh\nset -e\n# The names below are systemctl patterns, not files here.\nset -f\nunits="%s"\nusers="%s"\nsysusers="%s"\n%s\nexit 0\n' \
        "$units" "$users" "$sysusers" "$body" > "$root/DEBIAN/$name"
    chmod 0755 "$root/DEBIAN/$name"
}

# The control file, maintainer scripts, md5sums and the .deb, from pkg, root, package_arch,
# depends, relations, summary, about, units (systemctl patterns), users and sysusers.
finish_package() {
    {
        printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: %s\n' "$pkg" "$version" "$package_arch" "$maintainer"
        printf 'Installed-Size: %s\n' "$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
        [ -z "$depends" ] || printf 'Depends: %s\n' "$depends"
        [ -z "$relations" ] || printf '%s\n' "$relations"
        printf 'Section: admin\nPriority: optional\nDescription: %s\n%s\n .\n' "$summary" "$about"
        printf ' Removing or purging the package keeps the data under /var/lib/halamj*.\n'
    } > "$root/DEBIAN/control"
    write_script postinst '
case "$1" in
configure)
    # The services'"'"' fixed users: from sysusers.d where systemd has the tool, else useradd.
    if [ -n "$sysusers" ] && command -v systemd-sysusers >/dev/null 2>&1; then
        systemd-sysusers $sysusers || true
    fi
    for user in $users; do
        getent passwd "$user" >/dev/null ||
            useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
    done
    if [ -n "$units" ] && [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
        # An upgrade: the running services take the new program.
        if [ -n "$2" ]; then
            for unit in $units; do systemctl try-restart "$unit" || true; done
        fi
    fi ;;
esac'
    write_script prerm '
case "$1" in
remove|deconfigure)
    if [ -n "$units" ] && [ -d /run/systemd/system ]; then
        for unit in $units; do systemctl stop "$unit" || true; done
    fi ;;
esac'
    # Data under /var/lib/halamj* is never removed here, not even on purge: it is the offices'
    # cases and tokens. docs/operations.md says how to delete it by hand.
    write_script postrm '
case "$1" in
remove|purge)
    if [ -n "$units" ] && [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
    fi
    if [ "$1" = purge ]; then
        # Only the links "systemctl enable" made, not the data or an administrator'"'"'s drop-ins.
        for unit in $units; do
            find /etc/systemd/system -name "$unit" -type l -delete 2>/dev/null || true
        done
        for user in $users; do
            echo "halamj: kept the user $user and the data in /var/lib/halamj*" >&2
        done
    fi ;;
esac'

    # For dpkg --verify.
    (cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
    chmod 0644 "$root/DEBIAN/md5sums"

    deb="$out/${pkg}_${version}_${package_arch}.deb"
    dpkg-deb --build --root-owner-group -Zxz "$root" "$deb" >/dev/null
    echo "$deb ($(du -k "$deb" | cut -f1) KiB; Depends: ${depends:-nothing})"
}

# A halamj-common from an earlier build would be taken for this one's.
[ "${#shared[@]}" -gt 0 ] || rm -f "$out/halamj-common_${version}_all.deb"
if [ "${#shared[@]}" -gt 0 ]; then
    begin_package halamj-common
    for file in "${shared[@]}"; do
        destination="$(shared_destination "$file")"
        mode=0644
        case "$destination" in
            /lib/systemd/system/*) units+="$(basename "$file" | sed 's/@\./@*./') " ;;
            /usr/lib/sysusers.d/*) sysusers+="$destination " ;;
            *) mode=0755 ;;
        esac
        install -D -m "$mode" "$file" "$root$destination"
    done
    package_arch=all
    summary="files the Halamj hub and node packages share"
    about=" What the services of halamj-hub and halamj-node both use, from deploy/systemd:
 their system users (sysusers.d), shared units and helper programs such as
 the nightly backup script."
    finish_package
fi

for program in halamj-hub halamj-node; do
    begin_package "$program"
    install -d "$root/usr/bin" "$root/usr/share/man/man1"
    install -m 0755 "$bin/$pkg" "$root/usr/bin/$pkg"
    strip --strip-unneeded "$root/usr/bin/$pkg"

    # The Swift runtime must be inside the binary: a machine without the toolchain has none.
    if ldd "$root/usr/bin/$pkg" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift|not found'; then
        echo "Error: $pkg still needs a Swift library at run time:" >&2
        ldd "$root/usr/bin/$pkg" >&2
        exit 1
    fi

    man_page "$pkg" | gzip -9n > "$root/usr/share/man/man1/$pkg.1.gz"
    install -m 0644 README.md "$root/usr/share/doc/$pkg/README.md"
    install -m 0644 docs/operations.md "$root/usr/share/doc/$pkg/operations.md"

    # Every deploy example there is at build time, units included.
    for folder in deploy/systemd deploy/nginx deploy/prometheus; do
        [ -d "$folder" ] || continue
        while IFS= read -r -d '' file; do
            mode=0644
            [ ! -x "$file" ] || mode=0755
            install -D -m "$mode" "$file" "$root/usr/share/$pkg/$file"
        done < <(find "$folder" -type f -print0)
    done
    users="$(users_of "$pkg" | tr '\n' ' ')"
    for unit in $(units_of "$pkg"); do
        install -D -m 0644 "deploy/systemd/$unit" "$root/lib/systemd/system/$unit"
    done
    # For systemctl: a template (x@.service) by the pattern of its instances (x@*.service).
    units="$(units_of "$pkg" | sed 's/@\./@*./' | tr '\n' ' ')"

    # Depends: what the binary loads, by the packages that ship it.
    mkdir -p "$work/shlibs-$pkg/debian"
    printf 'Source: halamj-sync\n\nPackage: %s\nArchitecture: any\n' "$pkg" > "$work/shlibs-$pkg/debian/control"
    depends="$(cd "$work/shlibs-$pkg" && dpkg-shlibdeps -O "$root/usr/bin/$pkg" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
    [ -n "$depends" ] || { echo "Error: dpkg-shlibdeps found no dependencies for $pkg" >&2; exit 1; }
    [ "${#shared[@]}" -eq 0 ] || depends+=", halamj-common (= $version)"

    case "$pkg" in
        # The node checks the hub's certificate against the system's authorities unless given
        # --ca-file; the hub is meant to sit behind nginx (deploy/nginx/halamj-hub.conf).
        halamj-hub) relations="Suggests: nginx"
            summary="district hub of Halamj welfare-case sync"
            about=" The district's hub: it gathers the cases of every soum office, takes the
 district's decisions and edits, and serves them back over HTTP (behind nginx
 for TLS). Аймаг, дүүргийн халамжийн төв." ;;
        halamj-node) relations="Recommends: ca-certificates"
            summary="soum office node of Halamj welfare-case sync"
            about=" A soum office's node: its welfare cases in SQLite, worked on offline from
 the command line or the social workers' web app, and synced with the
 district's hub over HTTPS. Сумын халамжийн хэрэг, офлайн ажиллана." ;;
    esac
    package_arch="$arch"
    finish_package
done
