// What tile-compile says when something is wrong: file:line:col for errors
// in the IR, the failing pass and a tile-opt command to reproduce it, and
// exit status 2 for a bad command line.
// RUN: not tile-compile %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not tile-compile %s 2>&1 | FileCheck %s --check-prefix=NOTHING
// RUN: not tile-compile %s -o /dev/null --num-warps 3 2>&1 | FileCheck %s --check-prefix=WARPS
// RUN: not tile-compile %s -o /dev/null --max-registers 16 2>&1 | FileCheck %s --check-prefix=REGISTERS
// RUN: not tile-compile %s -o /dev/null --frobnicate 2>&1 | FileCheck %s --check-prefix=FLAG
// RUN: not tile-compile %s -o /dev/null --target sm_80 2>&1 | FileCheck %s --check-prefix=TARGET
// RUN: not tile-compile %S/does-not-exist.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: tile-compile --help | FileCheck %s --check-prefix=HELP
// RUN: tile-compile %examples/vector_add.mlir -o /dev/null --dump-ir-after-each-stage 2>&1 | FileCheck %s --check-prefix=DUMP

// CHECK: errors.mlir:[[# @LINE + 5]]:3: error: convert-tilegpu-to-llvm: kernel argument #0 is a tensor (tensor<16x16xf32, #tilegpu.blocked<{{.*}}>>); pass a !tile.ptr and load it
// CHECK: errors.mlir:[[# @LINE + 3]]:1: error: tile-to-ptx: pass 'convert-tilegpu-to-llvm' failed; reproduce with: tile-opt {{.*}}tile-convert-tilegpu-to-llvm-{{.*}}.mlir --pass-pipeline='builtin.module(convert-tilegpu-to-llvm)'
// CHECK-NOT: error
#b = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @tensor_argument(%a: tensor<16x16xf32, #b>) {
    return
  }
}

// NOTHING: tile-compile: nothing to write: give -o, --cubin, --metadata or --header
// WARPS: tile-compile: --num-warps takes a power of two from 1 to 32, not '3'
// REGISTERS: tile-compile: --max-registers takes 24 to 255, not '16'
// FLAG: tile-compile: unknown option '--frobnicate'
// FLAG-NEXT: run 'tile-compile --help' for the options
// TARGET: tile-compile: --target takes cuda:<arch> (cuda:80, cuda:90a, ...), not 'sm_80'
// MISSING: tile-compile: cannot read {{.*}}does-not-exist.mlir: No such file or directory
// HELP: usage: tile-compile INPUT.mlir -o OUT.ptx [options]
// DUMP: // -----// IR after convert-tile-to-tilegpu //----- //
// DUMP: #tilegpu.blocked
// DUMP: // -----// IR after convert-tilegpu-to-llvm //----- //
// DUMP: llvm.func @add_kernel
// DUMP: // -----// IR after reconcile-unrealized-casts //----- //
