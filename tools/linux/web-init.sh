#!/bin/busybox sh
# /init of the Linux guest of make bench-web (tools/bench-web.sh): Debian's
# i686 kernel with busybox (Debian's busybox-static) as every tool. Loads the
# e1000 driver from the same kernel package, sets the static address QEMU's
# user network expects (10.0.2.15/24, gateway 10.0.2.2), and serves /www with
# busybox httpd, whose /cgi-bin/counter is our counter built for Linux
# (fork+exec per request). Prints WEB READY when it listens; the host stops
# the machine when it is done.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /tmp /var
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
insmod /e1000.ko || echo "web-init: insmod e1000.ko failed"
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
printf '0\n' > /var/counter
httpd -p 80 -h /www
sleep 1
echo "WEB READY $(cat /proc/sys/kernel/osrelease)"
while :; do sleep 3600; done
