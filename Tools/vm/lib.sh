# Shared settings for Tools/vm scripts (sourced, not run).
VM_CACHE="${UAC2_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/uac2-vm}"
log() { echo "vm: $*" >&2; }
die() { echo "vm: error: $*" >&2; exit 1; }
