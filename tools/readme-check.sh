#!/usr/bin/env bash
# Print the code blocks of README.md that tests run, one kind at a time.
# usage: tools/readme-check.sh c|session|ipc  (README.md from the current folder)
#   c        the C program block (user/bin/peek.c)
#   session  the commands of the shell session block (lines "tender$ CMD")
#   ipc      the declarations of the container IPC block
set -euo pipefail
case $1 in
    c) awk '/^```c$/ {n++; on = (n == 1); next} /^```$/ {on = 0} on' README.md ;;
    session) awk '/^## A shell session/ {s = 1} s && /^```$/ {if (on) exit; on = 1; next}
                  on && /^tender\$ / {sub(/^tender\$ /, ""); print}' README.md ;;
    ipc) awk '/^## Container IPC/ {s = 1} s && /^```c$/ {on = 1; next} on && /^```$/ {exit} on' README.md ;;
    *) echo "usage: $0 c|session|ipc" >&2; exit 2 ;;
esac
