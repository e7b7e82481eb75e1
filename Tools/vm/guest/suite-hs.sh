# VM suite, high speed: f_uac2 (2 ch x 16 bit each way, 44.1/48/96 kHz) on the iso-capable dummy_hcd,
# the real usbcore + snd-usb-audio on the host side, `uac2 probe` run against it.
. /vm/lib.sh
t0=$(now)
hcd_load high
uac2_gadget_up c_srate=44100,48000,96000 p_srate=44100,48000,96000 c_chmask=3 p_chmask=3 c_ssize=2 p_ssize=2
wait_for 30 has_host_card || { echo "VM-ERROR no host card"; dmesg | tail -30; exit 1; }
echo "VM-TIMING card-ready $(awk "BEGIN{print $(now)-$t0}") s after dummy_hcd load (uptime $(now))"
HC=$(host_card)
DEV=1d6b:0101

card_has_all_pcms() { [ -d /proc/asound/card$HC/pcm0p ] && [ -d /proc/asound/card$HC/pcm0c ] || { ls /proc/asound/card$HC; dmesg | tail -15; return 1; }; }
no_claim_conflict() { ! dmesg | grep -E 'already claimed' && return 0; return 1; }

list() {
    uac2 probe > /tmp/o 2>&1
    expect /tmp/o "1d6b:0101  UAC2, high speed, interfaces 0,1,2" "card $HC gadget usbid 1d6b:0101" "uac2 probe --alsa hw:$HC,0"
}
check list list

usb_bound() {
    uac2 probe --usb $DEV > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    expect /tmp/o "descriptors: 287 bytes read by GET_DESCRIPTOR" "clock queries skipped: interface 0 is bound to a kernel driver" \
        "note probe.clock.busy \[interface 0\]" "EP 0x04 isochronous asynchronous, 1 x 388 bytes, bInterval 4; feedback EP 0x83" "^rc=0$" || return 1
    card_has_all_pcms
}
check usb-without-detach usb_bound

usb_detach() {
    uac2 probe --usb $DEV --detach-kernel-driver > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    expect /tmp/o "Clock Source 7: frequency control read/write" "Clock Source 8: frequency control read/write" \
        "GET RANGE SAM_FREQ:  44100, 48000, 96000 Hz" "GET CUR CLOCK_VALID: 1 \(valid\)" \
        "interface 1 alt 1 \(out\), rates from GET RANGE of clock source 7" "44100 fits, 48000 fits, 96000 fits" "^rc=0$" || return 1
    [ "$(grep -c 'GET RANGE SAM_FREQ:  44100, 48000, 96000 Hz' /tmp/o)" = 2 ] || { echo "expected both clocks' RANGE"; return 1; }
    ! grep -E 'Resource busy|: busy|Busy' /tmp/o || { echo "misleading busy message in the restore log"; return 1; }
    wait_for 10 has_host_card; HC=$(host_card)
    wait_for 10 card_has_all_pcms
    card_has_all_pcms && no_claim_conflict
}
check usb-detach-and-rebind usb_detach

# stream_in RATE BYTES...: IN at RATE with the gadget playing; every packet one of BYTES, frames per
# packet = RATE/1000 on average (1 ms service interval), packet count matching the time streamed.
stream_in() {
    local rate=$1; shift; local want="$*"
    rm -f /tmp/gadget-*.log
    gadget_play 2 $rate 2 2
    uac2 probe --usb $DEV --detach-kernel-driver --stream 1 --direction in --rate $rate --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    wait; cat /tmp/gadget-play.log
    cat /tmp/o | sed -n '/^Stream:/,/^Findings/p'
    gadget_side_ok || return 1
    expect /tmp/o "^Stream: interface 2 alt 1, IN endpoint 0x88, service interval 1000.0 µs" "SET CUR SAM_FREQ $rate on clock source 8: accepted; GET CUR reads $rate Hz" \
        "packet status: completed [0-9]+$" || return 1
    set -- $(stream_figures /tmp/o) ; local packets=$1 frames=$2 secs=$3
    # never more packets than bus frames; fewer when the guest (TCG on a loaded host) let the queue run dry
    between $packets $(awk "BEGIN{print $secs*1000*0.5}") $(awk "BEGIN{print $secs*1000*1.02}") || { echo "packets $packets for $secs s"; return 1; }
    # whole frames per packet while the gadget is idle, RATE/1000 on average once it plays
    between $(awk "BEGIN{print $frames/$packets}") $(awk "BEGIN{print int($rate/1000)}") $(awk "BEGIN{print $rate/1000*1.002}") || { echo "frames/packet $frames/$packets"; return 1; }
    sizes=$(sed -n 's/^  packet sizes (received): //p' /tmp/o)
    for s in $(echo "$sizes" | grep -o '[0-9]* B' | cut -d' ' -f1); do
        case " $want " in *" $s "*) ;; *) echo "unexpected packet size $s B (want $want)"; return 1;; esac
    done
    wait_for 10 card_has_all_pcms
}
check stream-in-hs-44100 stream_in 44100 176 180
check stream-in-hs-44100-residue grep -q '^  packet sizes (received): 176 B ×[0-9]*, 180 B ×[0-9]*$' /tmp/o
check stream-in-hs-48000 stream_in 48000 192
check stream-in-hs-96000 stream_in 96000 384

# stream_out RATE BYTES FB: OUT at RATE with the gadget recording; packets sized from the feedback
# (f_uac2 sends frames per 1 ms data packet: FB), so each packet is BYTES.
stream_out() {
    local rate=$1 bytes=$2 fb=$3
    rm -f /tmp/gadget-*.log
    gadget_record 1 $rate 2 1
    uac2 probe --usb $DEV --detach-kernel-driver --stream 1 --direction out --rate $rate --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    wait; cat /tmp/gadget-rec.log
    cat /tmp/o | sed -n '/^Stream:/,/^Restored/p'
    gadget_side_ok || return 1
    expect /tmp/o "^Stream: interface 1 alt 1, OUT endpoint 0x04" "feedback 0x83 \(16.16, [0-9]+ values, sizes 4 B" \
        "mean $fb" "probe.feedback.per-packet" "packet sizes \(sent\): $bytes B" || return 1
    ! grep -q 'wrong format' /tmp/o || { echo "per-packet feedback flagged as a wrong format"; return 1; }
    set -- $(stream_figures /tmp/o) ; local packets=$1 frames=$2
    # frames per packet = the rate per 1 ms packet: sized from frames per microframe (feedback ÷ 8)
    between $(awk "BEGIN{print $frames/$packets}") $(awk "BEGIN{print $rate/1000*0.995}") $(awk "BEGIN{print $rate/1000*1.005}") || { echo "frames/packet $frames/$packets"; return 1; }
    wait_for 10 card_has_all_pcms
}
check stream-out-hs-48000 stream_out 48000 192 48.0
check stream-out-hs-96000 stream_out 96000 384 96.0
check stream-out-hs-44100 stream_out 44100 '176 B ×[0-9]*, 180' '44.(1|09)'

# --alsa on the host card while the gadget side records (playback) / plays (capture).
alsa_play() {
    rm -f /tmp/gadget-*.log
    gadget_record 1 48000 2 1
    uac2 probe --alsa hw:$HC,0 --direction playback --rate 48000 --channels 2 --format S16_LE --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    wait; cat /tmp/o /tmp/gadget-rec.log
    expect /tmp/o "negotiated  48000 Hz, 2 ch, S16_LE" "/proc/asound/card$HC/stream0 \(read while running\)" \
        "Status: Running" "Feedback Format = 13.19" "Momentary freq = 48000 Hz \(0x6.0000\)" "Packet Size = 288" || return 1
    gadget_side_ok
}
check alsa-playback-hs alsa_play
alsa_capture() {
    rm -f /tmp/gadget-*.log
    gadget_play 2 48000 2 1
    uac2 probe --alsa hw:$HC,0 --direction capture --rate 48000 --channels 2 --format S16_LE --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    wait; cat /tmp/o /tmp/gadget-play.log
    expect /tmp/o "ALSA PCM hw:$HC,0 \(capture" "negotiated  48000 Hz, 2 ch, S16_LE" "Status: Running" "Momentary freq = 48000 Hz" || return 1
    gadget_side_ok
}
check alsa-capture-hs alsa_capture
echo "VM-CHECKS-FAILED $CHECKS_FAILED"
[ $CHECKS_FAILED -eq 0 ]
