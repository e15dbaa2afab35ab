// Helper functions are inlined into the kernel before layouts are assigned,
// and the named pipeline tile-to-llvm runs the same passes as tile-compile.
// RUN: tile-compile %s --target cuda:90a -o - | FileCheck %s --check-prefix=PTX
// RUN: tile-opt %s -tile-to-llvm='num-warps=8 target=cuda:90a' | FileCheck %s --check-prefix=LLVM

// PTX: .visible .entry scale_kernel
// PTX-NOT: .func
// x * 2 became x + x: LLVM saw through the inlined call.
// PTX: add.rn.f32

// LLVM: module attributes {"tilegpu.num-warps" = 8 : i32
// LLVM-SAME: tilegpu.target = "cuda:90a"
// LLVM: llvm.func @scale_kernel
// LLVM-SAME: nvvm.maxntid = array<i32: 256, 1, 1>
// LLVM-NOT: func.call
// LLVM-NOT: @twice
func.func private @twice(%x: tensor<256xf32>) -> tensor<256xf32> {
  %c2 = arith.constant dense<2.0> : tensor<256xf32>
  %y = arith.mulf %x, %c2 : tensor<256xf32>
  return %y : tensor<256xf32>
}

func.func @scale_kernel(%p: !tile.ptr<f32>) {
  %range = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
  %ps = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>>
  %pp = tile.addptr %ps, %range : tensor<256x!tile.ptr<f32>>, tensor<256xi32>
  %x = tile.load %pp : tensor<256x!tile.ptr<f32>>
  %y = func.call @twice(%x) : (tensor<256xf32>) -> tensor<256xf32>
  tile.store %pp, %y : tensor<256x!tile.ptr<f32>>
  return
}
