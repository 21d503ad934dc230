#!/usr/bin/env bash
# Ports (DESIGN §8): fetch Debian's lua5.4 and sqlite3 source packages with
# apt-get source and prepare them, unchanged, for the cross build that
# user/ports.mk does with our compiler, newlib and user library.
#
# usage: tools/ports.sh fetch OUT    OUT/lua5.4 and OUT/sqlite3, source trees
#                                    as `apt-get source` unpacks them (Debian's
#                                    patches applied, nothing of ours), plus
#                                    OUT/sqlite3/bld: the amalgamation sqlite3.c,
#                                    sqlite3.h and shell.c that SQLite's own
#                                    Makefile generates (a host build of its
#                                    tools: lemon, mkkeywordhash, tclsh scripts),
#                                    and OUT/lua5.4/bld: the header debian/rules
#                                    writes at configure time
#        tools/ports.sh install IMAGE PROG...
#                                    copy the programs, stripped, into an ext2
#                                    image as /usr/bin/NAME (mode 0755, owner
#                                    1:1) with debugfs, keeping whatever else
#                                    it holds
#
# The package lists are private: a sources list made from the machine's own
# `deb` entries (one-line and deb822 files) turned into `deb-src`, and lists,
# cache and archives under OUT/apt; the machine's apt configuration and
# lists are not touched. When the source cannot be had (no network to a
# Debian mirror, no deb-src entry), the script fails loudly: the ports are
# never silently skipped. Fetched sources stay under OUT, so it runs once.
set -euo pipefail
PATH=$PATH:/sbin:/usr/sbin
PACKAGES=(lua5.4 sqlite3)

die() { echo "ports: $*" >&2; exit 1; }

# The machine's deb entries as deb-src, into $1 (a sources.list) and $2 (a
# sources.list.d with deb822 files).
make_sources() {
    local list=$1 parts=$2 f
    : >"$list"
    mkdir -p "$parts"
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >>"$list"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        # each stanza: Types: deb -> deb-src (stanzas without deb are dropped)
        awk 'BEGIN { RS = ""; ORS = "\n\n" }
             /(^|\n)Types:([^\n]* )?deb( |\n|$)/ && !/(^|\n)Enabled: *no/ {
                 sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >"$parts/$(basename "$f")"
    done
    grep -qs . "$list" "$parts"/* || die "no deb entries in /etc/apt to make deb-src ones from"
}

fetch() {
    local out=$1 apt=$1/apt pkg dir
    mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/parts" "$out/dl"
    make_sources "$apt/sources.list" "$apt/parts"
    local opts=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o "Dir::Etc::sourceparts=$apt/parts"
        -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt" -o "Dir::Cache::archives=$apt/archives"
        -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=" -o "APT::Sandbox::User=root"
        -o "Debug::NoLocking=1")
    echo "  APT     update (private lists: $apt)"
    apt-get "${opts[@]}" -qq update >"$apt/update.log" 2>&1 \
        || echo "ports: apt-get update reported errors (see $apt/update.log); trying the lists it has" >&2
    for pkg in "${PACKAGES[@]}"; do
        [ -f "$out/$pkg/.fetched" ] && continue
        echo "  APT     source $pkg"
        rm -rf "$out/dl/$pkg" "$out/$pkg"
        mkdir -p "$out/dl/$pkg"
        (cd "$out/dl/$pkg" && apt-get "${opts[@]}" -qq source "$pkg") >"$out/dl/$pkg.log" 2>&1 || {
            cat "$out/dl/$pkg.log" "$apt/update.log" >&2
            die "apt-get source $pkg failed: the ports need Debian's source packages (a deb-src entry for a reachable Debian mirror, and dpkg-dev)"
        }
        dir=$(find "$out/dl/$pkg" -mindepth 1 -maxdepth 1 -type d | head -1)
        [ -n "$dir" ] || die "apt-get source $pkg unpacked nothing"
        mv "$dir" "$out/$pkg"
        basename "$dir" >"$out/$pkg/.fetched"
    done
    amalgamate "$out/sqlite3"
    lua_configure "$out/lua5.4"
    touch "$out/.fetched"
}

# Debian's lua5.4 (its patch 0001) includes lua5.4-deb-multiarch.h, which
# debian/rules writes at configure time: the same lines, in a folder of their
# own (bld/, on the include path), for our target.
lua_configure() {
    mkdir -p "$1/bld"
    printf '#ifndef _LUA_DEB_MULTIARCH_\n#define _LUA_DEB_MULTIARCH_\n#define DEB_HOST_MULTIARCH "%s"\n#endif\n' \
        i586-tender >"$1/bld/lua5.4-deb-multiarch.h"
}

# SQLite's own build makes the amalgamation and the shell's source on the
# host (lemon, mkkeywordhash and tclsh scripts); we take those files only.
amalgamate() {
    local src=$1 bld=$1/bld
    [ -f "$bld/.done" ] && return 0
    command -v tclsh >/dev/null || die "tclsh is needed to make SQLite's amalgamation (apt-get install tcl)"
    echo "  SQLITE  amalgamation (host configure; log: $bld/build.log)"
    rm -rf "$bld"
    mkdir -p "$bld"
    (cd "$bld" && ../configure --disable-tcl --disable-readline --disable-load-extension \
        && make sqlite3.c sqlite3.h shell.c) >"$bld/build.log" 2>&1 \
        || { tail -30 "$bld/build.log" >&2; die "SQLite's amalgamation did not build"; }
    touch "$bld/.done"
}

install_progs() {
    local img=$1 prog name stage
    shift
    [ -f "$img" ] || die "no image $img"
    # stripped, as the boot image's programs are
    stage=$(mktemp -d "${TMPDIR:-/tmp}/ports.XXXXXX")
    trap 'rm -rf "$stage"' RETURN
    local stripped=()
    for prog in "$@"; do
        stripped+=("$stage/$(basename "$prog")")
        "${STRIP:-i686-linux-gnu-strip}" --strip-all -o "${stripped[-1]}" "$prog"
    done
    set -- "${stripped[@]}"
    local d
    {
        for d in /usr /usr/bin; do # debugfs's mkdir of a name that exists breaks the image
            debugfs -R "stat $d" "$img" 2>/dev/null | grep 'Type: directory' >/dev/null || echo "mkdir $d"
        done
        for prog in "$@"; do
            name=$(basename "$prog")
            echo "rm /usr/bin/$name"
            echo "write $prog /usr/bin/$name"
            echo "set_inode_field /usr/bin/$name mode 0100755"
            echo "set_inode_field /usr/bin/$name uid 1"
            echo "set_inode_field /usr/bin/$name gid 1"
        done
        echo "set_inode_field /usr uid 1"
        echo "set_inode_field /usr gid 1"
        echo "set_inode_field /usr/bin uid 1"
        echo "set_inode_field /usr/bin gid 1"
    } | debugfs -w -f - "$img" >/dev/null 2>&1
    for prog in "$@"; do
        name=$(basename "$prog")
        [ "$(debugfs -R "stat /usr/bin/$name" "$img" 2>/dev/null | sed -nE 's/.*Size: ([0-9]+).*/\1/p' | head -1)" \
            = "$(stat -c %s "$prog")" ] || die "$name did not reach $img"
    done
    e2fsck -fn "$img" >/dev/null 2>&1 || die "e2fsck finds $img unclean after installing the ports"
    echo "  PORTS   $(for prog in "$@"; do basename "$prog"; done | paste -sd' ') -> $img:/usr/bin"
}

case ${1:-} in
    fetch) [ $# = 2 ] || die "usage: $0 fetch OUT"; fetch "$(realpath -m "$2")" ;;
    install) [ $# -ge 3 ] || die "usage: $0 install IMAGE PROG..."; shift; install_progs "$@" ;;
    *) die "usage: $0 fetch OUT | install IMAGE PROG..." ;;
esac
