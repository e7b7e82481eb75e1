# Guest-side helpers for the VM scripts (sourced). The host side of the bus is the real usbcore +
# snd-usb-audio; the device side is the kernel's f_uac2 over configfs (or gadgetfs for emulate).
G=/sys/kernel/config/usb_gadget/uac2vm
CHECKS_FAILED=0

now() { cut -d' ' -f1 /proc/uptime; }

# hcd_load full|high: (re)load the iso-capable dummy_hcd at that bus speed.
hcd_load() {
    rmmod dummy_hcd 2>/dev/null
    if [ "$1" = full ]; then insmod /modules/dummy_hcd.ko is_high_speed=0; else insmod /modules/dummy_hcd.ko; fi
}

# uac2_gadget_up ATTR=VALUE...: an f_uac2 function with those attributes, bound to dummy_udc.0.
uac2_gadget_up() {
    mkdir -p $G/strings/0x409 $G/configs/c.1/strings/0x409 $G/functions/uac2.usb0
    echo 0x1d6b > $G/idVendor; echo 0x0101 > $G/idProduct; echo 0x0200 > $G/bcdUSB
    echo uac2 > $G/strings/0x409/manufacturer; echo "UAC2 VM gadget" > $G/strings/0x409/product
    echo vm0001 > $G/strings/0x409/serialnumber; echo audio > $G/configs/c.1/strings/0x409/configuration
    for kv in "$@"; do echo "${kv#*=}" > "$G/functions/uac2.usb0/${kv%%=*}" || echo "VM-ERROR gadget attribute $kv"; done
    ln -s $G/functions/uac2.usb0 $G/configs/c.1/
    ls /sys/class/udc > $G/UDC
}

gadget_down() {
    [ -d $G ] || return 0
    echo "" > $G/UDC 2>/dev/null
    rm -f $G/configs/c.1/uac2.usb0
    rmdir $G/configs/c.1/strings/0x409 $G/configs/c.1 $G/functions/uac2.usb0 $G/strings/0x409 $G 2>/dev/null
    sleep 0.3
}

# host_card: the number of the host-side snd-usb-audio card (the gadget's own card is "UAC2Gadget").
host_card() { awk '/USB-Audio/ {print $1; exit}' /proc/asound/cards; }
gadget_card() { awk '/UAC2_Gadget|UAC2Gadget/ {print $1; exit}' /proc/asound/cards; }

# wait_for SECONDS CMD...: poll until CMD succeeds.
wait_for() {
    local t=$(( $1 * 10 )); shift
    while [ $t -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; t=$((t - 1)); done
    return 1
}
has_host_card() { [ -n "$(host_card)" ]; }

# check NAME CMD...: run a check, print CHECK PASS|FAIL NAME SECONDS [detail from CMD's stdout].
check() {
    local name="$1" t0 t1 out rc; shift
    t0=$(now)
    out="$("$@" 2>&1)"; rc=$?
    t1=$(now)
    if [ $rc -eq 0 ]; then
        echo "CHECK PASS $name $(awk "BEGIN{printf \"%.2f\", $t1-$t0}")"
        [ -n "$VM_VERBOSE" ] && echo "$out" | sed 's/^/  | /' | head -80
    else
        CHECKS_FAILED=$((CHECKS_FAILED + 1))
        echo "CHECK FAIL $name $(awk "BEGIN{printf \"%.2f\", $t1-$t0}")"
        echo "$out" | sed 's/^/  | /' | tail -40
    fi
}

# expect FILE PATTERN [PATTERN...]: each pattern (grep -E) occurs in FILE; prints what is missing.
expect() {
    local f="$1" p bad=0; shift
    for p in "$@"; do grep -Eq -- "$p" "$f" || { echo "missing /$p/ in $f:"; bad=1; }; done
    [ $bad -eq 0 ] || { sed 's/^/    /' "$f" | head -60; return 1; }
}

# show TITLE FILE: print a file into the console log (the host keeps the log).
show() { echo "---- $1"; sed 's/^/    /' "$2"; }

# stream_figures FILE: "packets frames seconds" from a `uac2 probe --stream` text report.
stream_figures() { sed -n 's/^  streamed \([0-9.]*\) s by CLOCK_MONOTONIC: \([0-9]*\) packets, \([0-9]*\) frames$/\2 \3 \1/p' "$1"; }

# between VALUE LOW HIGH: LOW <= VALUE <= HIGH (decimals allowed).
between() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

# gadget_play IFACE RATE CH SECONDS / gadget_record ...: once the host has put interface IFACE of the
# gadget in alt 1 (sysfs bAlternateSetting on the host side), the device side sources or sinks audio on
# the gadget's own ALSA card (u_audio), in the background. u_audio's PCM only runs while the host
# streams (EIO otherwise) and opens at the rate the host set, hence the wait. While it runs u_audio
# paces IN packets with its residue (44.1 kHz: 176 B and 180 B); idle, it sends whole frames only
# (176 B, 44,000 frames/s).
host_alt() { cat /sys/bus/usb/devices/1-1:1.$1/bAlternateSetting 2>/dev/null | tr -d ' '; }
alt_is_1() { [ "$(host_alt $1)" = 1 ]; }
gadget_play() { (wait_for 15 alt_is_1 $1; sleep 0.3; aplay -D hw:$(gadget_card) -f S16_LE -r "$2" -c "$3" -d "$4" /dev/zero >/tmp/gadget-play.log 2>&1) & }
gadget_record() { (wait_for 15 alt_is_1 $1; sleep 0.3; arecord -D hw:$(gadget_card) -f S16_LE -r "$2" -c "$3" -d "$4" -t raw /tmp/gadget-rec.raw >/tmp/gadget-rec.log 2>&1) & }
# gadget_side_ok: the gadget's aplay/arecord opened at the rate asked (only the end of the host
# stream stops it, with EIO).
gadget_side_ok() { ! grep -E 'not accurate|not available|Invalid argument|No such|resource busy' /tmp/gadget-play.log /tmp/gadget-rec.log 2>/dev/null; }
