#!/usr/bin/env python3
"""Instructions (Ir) per shared object in a callgrind output file, self cost only.

Usage: callgrind-objects.py CALLGRIND.OUT [--exclude SUBSTRING]...
Prints "total N" and one "OBJECT N" line per object, largest first; with --exclude, also
"kept N": the total less the objects whose path contains any SUBSTRING (the bench leaves out
umockdev's preload library, which stands in for the kernel's sysfs under lsusb).
"""
import re
import sys


def objects(path):
    names = {}
    cost = {}
    ob = None
    after_calls = False
    for line in open(path, errors="replace"):
        if line.startswith("ob="):
            m = re.match(r"ob=\((\d+)\)(?: (.*))?", line.strip())
            if m:
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                ob = names.get(m.group(1), m.group(1))
            else:
                ob = line[3:].strip()
            continue
        if line.startswith("cob="):
            # A callee's object may be named here first; later lines use only its number.
            m = re.match(r"cob=\((\d+)\) (.*)", line.strip())
            if m:
                names[m.group(1)] = m.group(2)
            continue
        if line.startswith("calls="):
            after_calls = True
            continue
        if line[:1].isdigit() or line[:1] in "+-*":
            if after_calls:
                after_calls = False  # inclusive cost of the call: the callee's, not ours
                continue
            parts = line.split()
            if len(parts) >= 2:
                cost[ob] = cost.get(ob, 0) + int(parts[-1])
            continue
        if line.strip() and not line.startswith(("cfn=", "cfi=", "cfl=")):
            after_calls = False
    return cost


def main():
    args = sys.argv[1:]
    path = args.pop(0)
    exclude = []
    while args:
        if args.pop(0) == "--exclude":
            exclude.append(args.pop(0))
    cost = objects(path)
    total = sum(cost.values())
    print(f"total {total}")
    if exclude:
        print(f"kept {sum(v for k, v in cost.items() if not any(e in (k or '') for e in exclude))}")
    for k, v in sorted(cost.items(), key=lambda kv: -kv[1]):
        print(f"{k} {v}")


main()
