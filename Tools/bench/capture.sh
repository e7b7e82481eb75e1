#!/usr/bin/env bash
# Benchmark: `uac2 capture` (release) vs tshark vs cat on a >= 1 GB synthetic usbmon pcapng of
# high-speed isochronous audio. The file lives in /tmp (never in git). Prints MB/s, packets/s,
# medians of several runs (hyperfine), the ratios, and peak RSS (/usr/bin/time -v).
# Usage: Tools/bench/capture.sh [seconds-of-audio (default 170)] [runs (default 5)]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-170}
RUNS=${2:-5}
FILE=${BENCH_FILE:-/tmp/uac2-bench-hs.pcapng}
swift build -c release --product uac2 >&2
BIN=.build/release/uac2
if [ ! -s "$FILE" ]; then
    # 192 kHz, 8 ch x 4 bytes at high speed: 768-byte packets, 8 per URB, plus a 4-byte feedback endpoint.
    "$BIN" capture-synth --out "$FILE" --rate 192000 --channels 8 --subslot 4 --speed high \
        --drift 37 --seconds "$SECS" >&2
fi
SIZE=$(stat -c %s "$FILE")
PKTS=$(capinfos -c -M "$FILE" 2>/dev/null | awk -F: '/Number of packets/ {gsub(/ /,"",$2); print $2}')
echo "file: $FILE  size: $SIZE bytes ($((SIZE >> 20)) MB)  packets: $PKTS"
[ "$SIZE" -ge 1000000000 ] || echo "warning: file is under 1 GB"

JSON=/tmp/uac2-bench-hyperfine.json
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$JSON" \
    -n cat "cat $FILE > /dev/null" \
    -n uac2 "$BIN capture $FILE > /dev/null" \
    -n tshark "tshark -r $FILE -T fields -e usb.iso.iso_len > /dev/null 2>&1" >&2

python3 - "$JSON" "$SIZE" "$PKTS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); size = int(sys.argv[2]); pkts = int(sys.argv[3])
med = {r["command"]: r["median"] for r in d["results"]}
# CPU time (user + system, mean) too: on a shared machine wall time also measures the neighbours.
cpu = {r["command"]: r["user"] + r["system"] for r in d["results"]}
for name in ("cat", "uac2", "tshark"):
    m = med[name]
    print(f"{name:7s} median {m:8.3f} s  {size / m / 1e6:9.1f} MB/s  {pkts / m:12.0f} packets/s   cpu {cpu[name]:7.3f} s")
print(f"uac2 vs tshark: {med['tshark'] / med['uac2']:.1f}x faster (wall), {cpu['tshark'] / cpu['uac2']:.1f}x (cpu);  "
      f"uac2 vs cat: {med['uac2'] / med['cat']:.2f}x the time of cat (wall), {cpu['uac2'] / cpu['cat']:.2f}x (cpu)")
PY

for name in uac2 tshark; do
    if [ "$name" = uac2 ]; then cmd=("$BIN" capture "$FILE"); else cmd=(tshark -r "$FILE" -T fields -e usb.iso.iso_len); fi
    /usr/bin/time -v -o /tmp/uac2-bench-time.txt "${cmd[@]}" > /dev/null 2>&1 || true
    echo "$name peak RSS: $(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' /tmp/uac2-bench-time.txt) kB"
done
