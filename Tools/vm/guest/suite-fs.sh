# VM suite, full speed: f_uac2 on dummy_hcd is_high_speed=0. First 12 ch x 16 bit OUT at 48 kHz,
# which needs 1176-byte packets where full speed allows 1023 (the seed case): the gadget logs it and
# caps the endpoint, the host says nothing and streams 1023-byte packets. Then 2 ch each way,
# `--usb --detach-kernel-driver` (clock requests; every PCM back after), then streamed IN and OUT at
# 44.1/48/96 kHz (feedback in 10.14, 3 bytes, as USB 2.0 asks at full speed).
. /vm/lib.sh
DEV=1d6b:0101
t0=$(now)
hcd_load full
uac2_gadget_up c_srate=48000 p_srate=48000 c_chmask=0xfff p_chmask=3 c_ssize=2 p_ssize=2
wait_for 30 has_host_card || { echo "VM-ERROR no host card"; dmesg | tail -30; exit 1; }
echo "VM-TIMING card-ready $(awk "BEGIN{print $(now)-$t0}") s after dummy_hcd load (uptime $(now))"
HC=$(host_card)

gadget_caps() {
    dmesg > /tmp/d
    expect /tmp/d "FS Capture: Req. wMaxPacketSize 1176 at bInterval 1 > max ISOC 1023, may drop data!" \
        "usb 1-1: new full-speed USB device number 2 using dummy_hcd" || return 1
    # the host side logs nothing about it
    ! grep -E 'usb 1-1.*(1176|bandwidth|exceeds)|snd-usb-audio.*1176' /tmp/d
}
check fs-12ch-gadget-caps-1023 gadget_caps

fs_12ch_probe() {
    uac2 probe --usb $DEV > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    cat /tmp/o
    expect /tmp/o "UAC2, full speed, interfaces 0,1,2|full speed \(libusb_get_device_speed reports full speed for the connected device" \
        "OUT \(host to device\) 12 ch.*16-bit in 2-byte subslots.*EP 0x04 isochronous asynchronous, 1 x 1023 bytes, bInterval 1"
}
check fs-12ch-probe-usb fs_12ch_probe

fs_12ch_play() {
    uac2 probe --alsa hw:$HC,0 --direction playback --rate 48000 --channels 12 --format S16_LE --seconds 3 > /tmp/o 2>&1; echo "rc=$?" >> /tmp/o
    cat /tmp/o
    expect /tmp/o "negotiated  48000 Hz, 12 ch, S16_LE" "Status: Running" "Packet Size = 1023" "Channels: 12" "Momentary freq = 48000 Hz \(0x30.0000\)"
}
check fs-12ch-alsa-playback-packet-1023 fs_12ch_play
gadget_down

uac2_gadget_up c_srate=44100,48000,96000 p_srate=44100,48000,96000 c_chmask=3 p_chmask=3 c_ssize=2 p_ssize=2
wait_for 30 has_host_card || { echo "VM-ERROR no host card (2 ch)"; dmesg | tail -30; exit 1; }
HC=$(host_card)

check usb-detach-and-rebind-fs usb_detach
check stream-in-fs-44100 stream_in 44100 176 180
check stream-in-fs-44100-residue grep -q '^  packet sizes (received): 176 B ×[0-9]*, 180 B ×[0-9]*$' /tmp/o
check stream-in-fs-48000 stream_in 48000 192
check stream-in-fs-96000 stream_in 96000 384

stream_out_fs() {
    local rate=$1 bytes=$2 fb=$3
    stream_run out $rate || return 1
    expect /tmp/o "^Stream: interface 1 alt 1, OUT endpoint 0x04, service interval 1000.0 µs" \
        "feedback 0x83 \(10.14, [0-9]+ values, sizes 3 B ×[0-9]+\): min $fb.* frames per \(micro\)frame \(Linux: Feedback Format = 10.14\)" \
        "packet sizes \(sent\): $bytes B ×[0-9]+$" || return 1
    ! grep -E 'probe.feedback' /tmp/o || { echo "spec-form feedback got a finding"; return 1; }
    wait_for 10 card_has_all_pcms
}
check stream-out-fs-48000 stream_out_fs 48000 192 48.0
check stream-out-fs-96000 stream_out_fs 96000 384 96.0
check stream-out-fs-44100 stream_out_fs 44100 '176 B ×[0-9]*, 180' '44.(1|09)' 
echo "VM-CHECKS-FAILED $CHECKS_FAILED"
[ $CHECKS_FAILED -eq 0 ]
