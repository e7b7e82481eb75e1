#!/usr/bin/env bash
# Decode benchmark (issue 3). Release build; medians over several runs with hyperfine.
#  1. All of Descriptors/ (every descriptor file) decoded in one `uac2 decode --json` process:
#     descriptors/s and MB/s of input.
#  2. Whole-process time of `uac2 decode BLOB` against `lsusb -v` under umockdev (the peer) on the same
#     blobs, and the ratio. Blobs: the raw captures plus one rebuilt from each lsusb capture.
# Usage: Tools/bench/decode.sh [RUNS]   (default 10). Needs hyperfine, umockdev, usbutils, xxd, jq-free.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-10}
OUT=Tools/bench/out; mkdir -p "$OUT"
swift build -c release --product uac2 >/dev/null
UAC2=$(swift build -c release --show-bin-path)/uac2
mapfile -t FILES < <(ls Descriptors/*.bin Descriptors/*.hex.txt Descriptors/*.lsusb.txt 2>/dev/null)
BYTES=$(cat "${FILES[@]}" | wc -c)
NDESC=$("$UAC2" decode --json "${FILES[@]}" 2>/dev/null | grep -c '"descriptor": ' || true)
hyperfine -N -w 2 -r "$RUNS" --export-json "$OUT/all.json" "$UAC2 decode --json ${FILES[*]}" >/dev/null 2>&1 \
  || hyperfine -w 2 -r "$RUNS" --export-json "$OUT/all.json" "$UAC2 decode --json ${FILES[*]} >/dev/null" >/dev/null
MED=$(python3 -c "import json;print(json.load(open('$OUT/all.json'))['results'][0]['median'])")
python3 - "$MED" "$NDESC" "$BYTES" "${#FILES[@]}" <<'PY'
import sys
med, n, b, files = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"decode all of Descriptors/ in one process: {files} files, {n} descriptors, {b/1e6:.3f} MB")
print(f"  median {med*1000:.1f} ms  ->  {n/med:,.0f} descriptors/s, {b/1e6/med:.2f} MB/s (whole process, JSON out)")
PY
# Blobs for the peer comparison.
BLOBS=()
for f in Descriptors/*.bin; do BLOBS+=("$f"); done
for f in Descriptors/*.lsusb.txt; do
  b="$OUT/$(basename "$f" .lsusb.txt).bin"
  if "$UAC2" decode --write-raw "$b" "$f" >/dev/null 2>&1 && [ -s "$b" ] && [ "$(head -c1 "$b" | xxd -p)" = "12" ]; then BLOBS+=("$b"); fi
done
LSUSB=../shared/tools/lsusb-of-blob
[ -x "$LSUSB" ] || LSUSB=Tools/lsusb/lsusb-of-blob
echo "uac2 decode vs lsusb -v under umockdev, whole process each, ${#BLOBS[@]} blobs, median of $RUNS runs:"
sum_u=0; sum_l=0
printf "  %-58s %10s %10s %7s\n" blob "uac2 ms" "lsusb ms" ratio
for b in "${BLOBS[@]}"; do
  hyperfine -N -w 1 -r "$RUNS" --export-json "$OUT/one.json" "$UAC2 decode $b" "$LSUSB $b" >/dev/null 2>&1
  read -r u l < <(python3 -c "import json;r=json.load(open('$OUT/one.json'))['results'];print(r[0]['median']*1000, r[1]['median']*1000)")
  printf "  %-58s %10.2f %10.2f %6.1fx\n" "$(basename "$b")" "$u" "$l" "$(python3 -c "print($l/$u)")"
  sum_u=$(python3 -c "print($sum_u+$u)"); sum_l=$(python3 -c "print($sum_l+$l)")
done
python3 -c "print(f'  total: uac2 {$sum_u:.1f} ms, lsusb {$sum_l:.1f} ms, lsusb/uac2 = {$sum_l/$sum_u:.1f}x')"
