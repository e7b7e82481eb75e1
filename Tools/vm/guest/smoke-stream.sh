. /vm/lib.sh
hcd_load high
uac2_gadget_up c_srate=48000 p_srate=48000 c_chmask=3 p_chmask=3
wait_for 20 has_host_card
hc=$(host_card); gc=$(gadget_card)
arecord -D hw:$gc -f S16_LE -c 2 -r 48000 -d 4 /tmp/g.wav &
sleep 0.5
t0=$(now)
aplay -D hw:$hc -f S16_LE -c 2 -r 48000 -d 2 /dev/zero &
sleep 1.5
cat /proc/asound/card$hc/stream0
wait
echo "elapsed $(now) $t0"
ls -la /tmp/g.wav
arecord -D hw:$hc -f S16_LE -c 2 -r 48000 -d 2 /tmp/h.wav & 
aplay -D hw:$gc -f S16_LE -c 2 -r 48000 -d 3 /dev/zero &
sleep 1.5; cat /proc/asound/card$hc/stream0 | tail -12
wait; ls -la /tmp/h.wav
dmesg | tail -20
