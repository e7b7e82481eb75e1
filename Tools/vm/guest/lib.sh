# Guest-side helpers for the VM scripts (sourced). The host side of the bus is the real usbcore +
# snd-usb-audio; the device side is the kernel's f_uac2 over configfs (or raw-gadget for emulate).
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

# The 2 ch x 16 bit f_uac2 gadget at 44.1/48/96 kHz both suites stream from ($DEV, host card $HC):
card_has_all_pcms() { HC=$(host_card); [ -n "$HC" ] && [ -d /proc/asound/card$HC/pcm0p ] && [ -d /proc/asound/card$HC/pcm0c ] || { ls /proc/asound/card$HC 2>&1; dmesg | tail -15; return 1; }; }
no_claim_conflict() { ! dmesg | grep -E 'already claimed' && return 0; return 1; }

# usb_detach: `uac2 probe --usb --detach-kernel-driver` reads both clocks' RANGE and CLOCK_VALID, and
# afterwards every interface is bound again: the card has both PCMs, no "already claimed", no busy.
usb_detach() {
    uac2 probe --usb $DEV --detach-kernel-driver > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    expect /tmp/o "Clock Source 7: frequency control read/write" "Clock Source 8: frequency control read/write" \
        "GET RANGE SAM_FREQ:  44100, 48000, 96000 Hz" "GET CUR CLOCK_VALID: 1 \(valid\)" \
        "interface 1 alt 1 \(out\), rates from GET RANGE of clock source 7" "44100 fits, 48000 fits, 96000 fits" "^rc=0$" || return 1
    [ "$(grep -c 'GET RANGE SAM_FREQ:  44100, 48000, 96000 Hz' /tmp/o)" = 2 ] || { echo "expected both clocks' RANGE"; return 1; }
    ! grep -E 'Resource busy|: busy|Busy' /tmp/o || { echo "misleading busy message in the restore log"; return 1; }
    wait_for 10 card_has_all_pcms
    card_has_all_pcms && no_claim_conflict
}

# stream_run in|out RATE: the gadget side plays (IN) or records (OUT) on its own card, then
# `uac2 probe --stream` at RATE for 3 s with the kernel driver detached; the report is in /tmp/o (its
# exit status on the last line, rc=N); the stream section and the gadget side's log are printed as
# the check's detail. Fails when the gadget side could not open at RATE.
stream_run() {
    local dir=$1 rate=$2
    rm -f /tmp/gadget-*.log
    if [ "$dir" = in ]; then gadget_play 2 $rate 2 2; else gadget_record 1 $rate 2 1; fi
    uac2 probe --usb $DEV --detach-kernel-driver --stream 1 --direction $dir --rate $rate --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    wait
    sed -n '/^Stream:/,/^Restored/p' /tmp/o; cat /tmp/gadget-*.log 2>/dev/null
    gadget_side_ok
}

# stream_in RATE BYTES...: IN at RATE with the gadget playing; every packet one of BYTES, frames per
# packet = RATE/1000 on average (1 ms service interval at either speed), packet count matching the
# time streamed; afterwards the card has all its PCMs again.
stream_in() {
    local rate=$1; shift; local want="$*" s
    stream_run in $rate || return 1
    expect /tmp/o "^Stream: interface 2 alt 1, IN endpoint 0x88, service interval 1000.0 µs" "SET CUR SAM_FREQ $rate on clock source 8: accepted; GET CUR reads $rate Hz" \
        "packet status: completed [0-9]+$" || return 1
    set -- $(stream_figures /tmp/o) ; local packets=$1 frames=$2 secs=$3
    # never more packets than bus frames; fewer when the guest (TCG on a loaded host) let the queue run dry
    between $packets $(awk "BEGIN{print $secs*1000*0.5}") $(awk "BEGIN{print $secs*1000*1.02}") || { echo "packets $packets for $secs s"; return 1; }
    # whole frames per packet while the gadget is idle, RATE/1000 on average once it plays
    between $(awk "BEGIN{print $frames/$packets}") $(awk "BEGIN{print int($rate/1000)}") $(awk "BEGIN{print $rate/1000*1.002}") || { echo "frames/packet $frames/$packets"; return 1; }
    for s in $(sed -n 's/^  packet sizes (received): //p' /tmp/o | grep -o '[0-9]* B' | cut -d' ' -f1); do
        case " $want " in *" $s "*) ;; *) echo "unexpected packet size $s B (want $want)"; return 1;; esac
    done
    wait_for 10 card_has_all_pcms
}
