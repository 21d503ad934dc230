# tools/boot-status.sh - sourced by the scripts that boot the kernel.
# describe STATUS: what an exit status of tools/qemu-boot.sh means.
describe() {
    case $1 in
        0) echo "exit 0" ;; 1) echo "guest reported failure" ;; 3) echo "kernel panic" ;;
        124) echo "time-out (limit ${TIMEOUT:-?} s)" ;; 2) echo "QEMU reset or died (triple fault?)" ;;
        *) echo "status $1" ;;
    esac
}
