#!/usr/bin/env python3
"""Host-side checks of `uac2 emulate` (run by Tools/vm/suite): the seed case at full speed and a clean
corpus device, each presented to the real Linux host in the VM; asserts the kernel's own lines, the
card, the alts it listed and the findings placed beside them. usage: emulate-checks.py UAC2_BINARY ROOT"""
import json, subprocess, sys, time

uac2, root = sys.argv[1], sys.argv[2]
failed = 0

def emulate(args):
    t0 = time.monotonic()
    p = subprocess.run([uac2, "emulate", "--json"] + args, cwd=root, capture_output=True, text=True)
    return p, time.monotonic() - t0

def check(name, ok, secs, detail):
    global failed
    print(f"CHECK {'PASS' if ok else 'FAIL'} {name} {secs:.2f}")
    if not ok:
        failed += 1
        for l in detail.splitlines()[-40:]:
            print("  | " + l)

# The seed: 12 ch x 16 bit at full speed, wMaxPacketSize 1176. usbcore caps it to 1023 and says so;
# snd-usb-audio still lists the alt (it streams the capped size, as the f_uac2 run shows).
p, secs = emulate(["--speed", "full", "Tools/vm/cases/seed-fs-12ch.c"])
try:
    d = json.loads(p.stdout)
    cap = "usb 1-1: config 1 interface 1 altsetting 2 endpoint 0x1 has invalid maxpacket 1176, setting to 1023"
    ch9 = [f for f in d["findings"] if f["ruleID"] == "USB-CH9-011"]
    bw = [f for f in d["findings"] if f["ruleID"] == "UAC-BW-001"]
    ok = (p.returncode == 0 and d["speed"] == "full" and cap in d["kernelLines"]
          and "usb 1-1: new full-speed USB device number 2 using dummy_hcd" in d["kernelLines"]
          and ch9 and cap in ch9[0]["linux"] and bw and cap in bw[0]["linux"]
          and [(a["interface"], a["alternate"], a["wMaxPacketSize"], a["listedByLinux"]) for a in d["alts"]]
              == [(1, 1, 980, True), (1, 2, 1176, True), (1, 3, 588, True)]
          and any("USB-Audio" in c for c in d["cards"]) and any("playback 1" in x for x in d["pcms"])
          and any("GET RANGE SAM_FREQ" in r or r.startswith("req a1 02 0100 0a00") for r in d["requests"]))
    check("emulate-seed-fs-12ch-maxpacket-1176-capped", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-seed-fs-12ch-maxpacket-1176-capped", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")

# A clean corpus device (the Linux UAC2 gadget's capture-only descriptors, a real capture): its card.
p, secs = emulate(["--rates", "44.1k,48k,96k", "Descriptors/linux-usb-audio-gadget-f_uac2-mps196-1d6b_0101.hex.txt"])
try:
    d = json.loads(p.stdout)
    stream = d["streamFiles"].get("/proc/asound/card0/stream0", [])
    ok = (p.returncode == 0 and any("USB-Audio - Linux_USB_Audio_Gadget" in c for c in d["cards"])
          and any("capture 1" in x for x in d["pcms"]) and "    Rates: 44100, 48000, 96000" in stream
          and d["drivers"].get("1-1:1.0") == "snd-usb-audio" and d["drivers"].get("1-1:1.1") == "snd-usb-audio"
          and "req a1 02 0100 0300 38 -> 030044ac000044ac00000000000080bb000080bb000000000000007701000077010000000000" in d["requests"])
    check("emulate-corpus-f_uac2-card", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-corpus-f_uac2-card", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")
print(f"VM-CHECKS-FAILED {failed}")
sys.exit(1 if failed else 0)
