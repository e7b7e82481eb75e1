# `uac2 emulate`: present /emulate/descriptors.bin to the real host through raw-gadget on dummy_hcd
# (EMULATE_SPEED full|high), answered by uac2-rawgadget with the arguments in /emulate/args, then print
# what Linux did, in sections the uac2 CLI parses (---- EMULATE name). No lsusb -v: the report does
# not use it, and under TCG it took 5 s of each boot.
. /vm/lib.sh
hcd_load "${EMULATE_SPEED:-high}"
[ -e /dev/raw-gadget ] || { echo "VM-ERROR no /dev/raw-gadget (raw_gadget.ko)"; exit 1; }
dmesg -c > /dev/null
uac2-rawgadget /emulate/descriptors.bin $(cat /emulate/args) --speed "${EMULATE_SPEED:-high}" --seconds 60 > /tmp/responder.log 2>&1 &
resp=$!
t0=$(now)
# enumeration, then snd-usb-audio's probe (or nothing, if the kernel rejects the device): wait for
# the card, else for the kernel log to stay quiet for 2 s.
wait_for 6 test -e /sys/bus/usb/devices/1-1
quiet=0; last=0
while [ $quiet -lt 20 ]; do
    n=$(dmesg | wc -l)
    if [ "$n" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; last=$n; fi
    has_host_card && [ -e /proc/asound/card$(host_card)/stream0 ] && [ $quiet -ge 5 ] && break
    sleep 0.1
    [ $(awk "BEGIN{print ($(now) - $t0 > 20)}") = 1 ] && break
done
echo "VM-TIMING emulate-settled $(awk "BEGIN{print $(now)-$t0}") s after the descriptors were written"
echo "---- EMULATE kernel"; uname -r
echo "---- EMULATE dmesg"; dmesg
echo "---- EMULATE cards"; cat /proc/asound/cards
echo "---- EMULATE pcm"; cat /proc/asound/pcm 2>/dev/null
for f in /proc/asound/card*/stream*; do [ -e "$f" ] && { echo "---- EMULATE file $f"; cat "$f"; }; done
for d in /sys/bus/usb/devices/1-1:*; do
    [ -e "$d/bInterfaceNumber" ] && echo "---- EMULATE driver $(basename "$d") $(basename "$(readlink "$d/driver" 2>/dev/null || echo none)")"
done
kill $resp 2>/dev/null; sleep 0.2
echo "---- EMULATE requests"; cat /tmp/responder.log
echo "---- EMULATE end"
