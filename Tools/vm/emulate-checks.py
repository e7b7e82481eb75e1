#!/usr/bin/env python3
"""Host-side checks of `uac2 emulate` (run by Tools/vm/suite): the seed case at full speed, a clean
corpus device, a firmware image (our demo firmware as an ELF object), and three real devices whose
configurations are over 256 bytes (which gadgetfs could
not present; raw-gadget can), each presented to the real Linux host in the VM; asserts the kernel's
own lines, the card, the PCMs, the /proc stream files, the alts it listed and the findings placed
beside them. The values asserted are what Linux 6.1 did (sound/usb/card.c, mixer.c named where they
come from). usage: emulate-checks.py UAC2_BINARY ROOT"""
import json, os, subprocess, sys, tempfile, time

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
def config_read_whole(d, n):
    """usbcore read the whole n-byte configuration in one GET_DESCRIPTOR (wLength n), and said nothing
    about a short or failed read (gadgetfs's 256-byte cut made it time out, -110)."""
    whole = any(r.startswith(f"req 80 06 0200 0000 {n} -> ") and r.endswith(f"({n} bytes)") for r in d["requests"])
    bad = [l for l in d["kernelLines"] if "unable to read config" in l or "too short" in l or "-110" in l]
    return whole and not bad

def alts(d):
    return [(a["interface"], a["alternate"], a["wMaxPacketSize"], a["listedByLinux"]) for a in d["alts"]]

# Ksoloti Core (426-byte configuration, a full-speed STM32 board; raw blob): UAC2 2 ch out/in, MIDI,
# a vendor bulk interface snd-usb-audio leaves alone.
p, secs = emulate(["--speed", "full", "Descriptors/ksoloti-core-16c0_0444.bin"])
try:
    d = json.loads(p.stdout)
    st = d["streamFiles"].get("/proc/asound/card0/stream0", [])
    ok = (p.returncode == 0 and config_read_whole(d, 426) and d["speed"] == "full"
          and "usb 1-1: new full-speed USB device number 2 using dummy_hcd" in d["kernelLines"]
          and "usb 1-1: New USB device found, idVendor=16c0, idProduct=0444, bcdDevice= 2.00" in d["kernelLines"]
          and d["pcms"] == ["00-00: USB Audio : USB Audio : playback 1 : capture 1"]
          and alts(d) == [(1, 1, 196, True), (1, 2, 392, True), (2, 1, 196, True), (2, 2, 392, True)]
          and "    Endpoint: 0x03 (3 OUT) (ADAPTIVE)" in st and "    Endpoint: 0x83 (3 IN) (ASYNC)" in st
          and "    Format: S32_LE" in st and "    Bits: 24" in st
          and [d["drivers"].get(f"1-1:1.{i}") for i in range(5)] == ["snd-usb-audio"] * 4 + ["none"])
    check("emulate-ksoloti-426B-fs-card", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-ksoloti-426B-fs-card", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")

# Arturia AudioFuse 16Rig (738 bytes, high speed): 34 channels each way with implicit feedback. Linux's
# mixer gives up on its 34-channel feature units (mixer.c MAX_CHANNELS 16: "too many channels").
p, secs = emulate(["--rates", "44.1k,48k,96k", "Descriptors/arturia-audiofuse-16rig-1c75_af20.lsusb.txt"])
try:
    d = json.loads(p.stdout)
    st = d["streamFiles"].get("/proc/asound/card0/stream0", [])
    ok = (p.returncode == 0 and config_read_whole(d, 738)
          and "usb 1-1: usbmixer: too many channels (34) in unit 11" in d["kernelLines"]
          and "usb 1-1: usbmixer: too many channels (34) in unit 12" in d["kernelLines"]
          and any("USB-Audio - AF16Rig_Audio" in c for c in d["cards"])
          and d["pcms"] == ["00-00: USB Audio : USB Audio : playback 1 : capture 1"]
          and "    Channels: 34" in st and "    Implicit Feedback Mode: Yes" in st
          and "    Sync Endpoint: 0x81 (1 IN)" in st and "    Rates: 44100, 48000, 96000" in st
          and alts(d) == [(1, 1, 952, True), (1, 2, 936, True), (1, 3, 1000, True), (2, 1, 952, True), (2, 2, 936, True), (2, 3, 1000, True)]
          and d["drivers"].get("1-1:1.3") == "none")
    check("emulate-arturia-738B-34ch-implicit-feedback", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-arturia-738B-34ch-implicit-feedback", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")

# Realtek ALC1220-VB on an MSI TRX40 board (3,113 bytes, 57 streaming alts in 6 interfaces): the card
# takes its name from snd-usb-audio's PROFILE_NAME quirk for 0db0:543d (card.c), four PCM devices.
p, secs = emulate(["--rates", "44.1k,48k,96k", "Descriptors/realtek-alc1220vb-usb-audio-msi-trx40-0db0_543d.lsusb.txt"])
try:
    d = json.loads(p.stdout)
    ok = (p.returncode == 0 and config_read_whole(d, 3113)
          and any("USB-Audio - ALC1220-VB-DT" in c for c in d["cards"]) and any("Realtek-ALC1220-VB-Desktop" in c for c in d["cards"])
          and d["pcms"] == ["00-00: USB Audio : USB Audio : playback 1 : capture 1", "00-01: USB Audio : USB Audio #1 : playback 1 : capture 1",
                            "00-02: USB Audio : USB Audio #2 : playback 1 : capture 1", "00-03: USB Audio : USB Audio #3 : playback 1"]
          and len(d["alts"]) == 57 and all(a["listedByLinux"] for a in d["alts"])
          and [d["drivers"].get(f"1-1:1.{i}") for i in range(8)] == ["snd-usb-audio"] * 7 + ["none"])
    check("emulate-realtek-alc1220-3113B-57-alts", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-realtek-alc1220-3113B-57-alts", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")
# A firmware image: our demo firmware (Tests/firmware/demo-uac2) compiled by the host cc into an ELF
# object holding a full- and a high-speed set. --speed full presents the full-speed set (12 ch x 16 bit,
# endpoint capped at 1023 B where 48 kHz needs 1176 B). usbcore accepts 1023 silently and snd-usb-audio
# lists the alt: the error UAC-BW-001 has no kernel line beside it, only the /proc listing.
with tempfile.TemporaryDirectory() as tmp:
    obj = os.path.join(tmp, "demo.o")
    demo = os.path.join(root, "Tests/firmware/demo-uac2")
    cc = subprocess.run(["cc", "-O0", "-c", "-I" + os.path.join(demo, "include"), "-DDEMO_MCU=DEMO_MCU_HOST",
                         os.path.join(demo, "usb_descriptors.c"), "-o", obj], capture_output=True, text=True)
    p, secs = emulate(["--speed", "full", obj]) if cc.returncode == 0 else (cc, 0.0)
try:
    d = json.loads(p.stdout)
    st = d["streamFiles"].get("/proc/asound/card0/stream0", [])
    bw = [f for f in d["findings"] if f["ruleID"] == "UAC-BW-001"]
    ok = (p.returncode == 0 and config_read_whole(d, 127) and d["speed"] == "full"
          and "usb 1-1: New USB device found, idVendor=1209, idProduct=0001, bcdDevice= 1.00" in d["kernelLines"]
          and not [l for l in d["kernelLines"] if "maxpacket" in l]
          and alts(d) == [(1, 1, 1023, True)] and "    Channels: 12" in st
          and d["pcms"] == ["00-00: USB Audio : USB Audio : playback 1"]
          and len(bw) == 1 and bw[0]["linux"] == []
          and bw[0]["linuxProc"] == "interface 1 alt 1 listed in /proc/asound/card0/stream0: S16_LE, 12 ch, rates 48000")
    check("emulate-firmware-elf-fs-set-1023-kernel-silent", ok, secs, p.stdout + p.stderr)
except Exception as e:
    check("emulate-firmware-elf-fs-set-1023-kernel-silent", False, secs, f"{e}\n{p.stdout}\n{p.stderr}")
print(f"VM-CHECKS-FAILED {failed}")
sys.exit(1 if failed else 0)
