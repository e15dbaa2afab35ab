#!/bin/sh
# Compiles one example kernel for the GPU tests:
#   compile_kernel.sh TILE_COMPILE SOURCE DIR NAME TARGET NUM_WARPS STRICT
# writes DIR/NAME.{ptx,cubin,json,h} and DIR/NAME.log (the command and
# tile-compile's output), then DIR/NAME.stamp. When tile-compile fails, the
# outputs are removed and, unless STRICT is ON, the build goes on: the GPU
# test that needs the kernel then fails with the first error line of the log,
# so one broken kernel does not stop the build of everything else.
set -u
if [ $# -ne 7 ]; then
  echo "usage: $0 TILE_COMPILE SOURCE DIR NAME TARGET NUM_WARPS STRICT" >&2
  exit 2
fi
tool=$1 source=$2 dir=$3 name=$4 target=$5 warps=$6 strict=$7
out=$dir/$name
mkdir -p "$dir" || exit 1
rm -f "$out.ptx" "$out.cubin" "$out.json" "$out.h" "$out.log" "$out.stamp"
set -- "$tool" "$source" -o "$out.ptx" \
  --metadata "$out.json" --header "$out.h" --num-warps "$warps" \
  --target "$target"
# CUDA 13's ptxas no longer assembles Volta: PTX only there, which the
# driver JIT-compiles when a test loads it.
case $target in
  cuda:70|cuda:72) ;;
  *) set -- "$@" --cubin "$out.cubin" ;;
esac
echo "# $*" > "$out.log"
"$@" >> "$out.log" 2>&1
status=$?
if [ $status -ne 0 ] || [ ! -s "$out.ptx" ]; then
  rm -f "$out.ptx" "$out.cubin" "$out.json" "$out.h"
  reason=$(grep -m1 -i error "$out.log" || sed -n 2p "$out.log")
  echo "warning: tile-compile failed on $source for $target (exit $status):" \
    "$reason; full log: $out.log" >&2
  [ "$strict" = ON ] && exit 1
fi
touch "$out.stamp"
