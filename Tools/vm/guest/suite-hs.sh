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

check usb-detach-and-rebind usb_detach

check stream-in-hs-44100 stream_in 44100 176 180
check stream-in-hs-44100-residue grep -q '^  packet sizes (received): 176 B ×[0-9]*, 180 B ×[0-9]*$' /tmp/o
check stream-in-hs-48000 stream_in 48000 192
check stream-in-hs-96000 stream_in 96000 384

# stream_out RATE BYTES FB: OUT at RATE with the gadget recording; packets sized from the feedback
# (f_uac2 at high speed sends frames per 1 ms data packet: FB), so each packet is BYTES.
stream_out() {
    local rate=$1 bytes=$2 fb=$3
    stream_run out $rate || return 1
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
