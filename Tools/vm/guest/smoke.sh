# Smoke: f_uac2 at high speed enumerates on the real host and snd-usb-audio makes its card.
. /vm/lib.sh
hcd_load high
uac2_gadget_up c_srate=44100,48000,96000 p_srate=44100,48000,96000 c_chmask=3 p_chmask=3
wait_for 20 has_host_card
cat /proc/asound/cards
dmesg | grep -E 'usb 1-1|snd|uac|dummy' | tail -30
lsusb
cat /proc/asound/card*/stream0 2>/dev/null
