// RUN: tile-opt %s -split-input-file -verify-diagnostics -convert-tilegpu-to-llvm | FileCheck %s

// tile.fp_to_fp to and from fp8 (conversions.c). An fp8 element is held as
// i8. Before sm_89 every conversion is integer arithmetic on the bits:
// rtne rounds subnormals with roundeven and normals by adding the rounding
// bias; no PTX conversion instruction appears.

#b2 = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @f32_e4m3_sm80
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.intr.roundeven
  // CHECK: llvm.fptoui
  // CHECK: llvm.trunc %{{.*}} : i32 to i8
  // CHECK: llvm.insertvalue %{{.*}} : !llvm.struct<(i8, i8)>
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.uitofp
  // CHECK: llvm.insertvalue %{{.*}} : !llvm.struct<(f32, f32)>
  // CHECK-NOT: llvm.inline_asm
  // CHECK: llvm.return
  func.func @f32_e4m3_sm80(%p: !tile.ptr<f32>) {
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #b2>
    %b = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>, #b2>
    %ps = tile.addptr %b, %r : tensor<256x!tile.ptr<f32>, #b2>, tensor<256xi32, #b2>
    %x = tile.load %ps : tensor<256x!tile.ptr<f32>, #b2>
    %q = tile.fp_to_fp %x, rounding = rtne : tensor<256xf32, #b2> -> tensor<256xf8E4M3FN, #b2>
    %y = tile.fp_to_fp %q : tensor<256xf8E4M3FN, #b2> -> tensor<256xf32, #b2>
    tile.store %ps, %y : tensor<256x!tile.ptr<f32>, #b2>
    return
  }
}

// -----

// sm_89 and newer: two elements per cvt, the first in the low byte (so it
// is the second source operand), and back through f16x2.

#b2 = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90a"} {
  // CHECK-LABEL: llvm.func @f32_e4m3_sm90
  // CHECK: llvm.inline_asm "cvt.rn.satfinite.e4m3x2.f32 $0, $2, $1;", "=h,f,f" %{{.*}}, %{{.*}} : (f32, f32) -> i16
  // CHECK-NOT: cvt.rn.satfinite
  // CHECK: llvm.inline_asm "cvt.rn.f16x2.e4m3x2 $0, $1;", "=r,h" %{{.*}} : (i16) -> i32
  // CHECK-NOT: cvt.rn.f16x2
  // CHECK: llvm.fpext %{{.*}} : f16 to f32
  // CHECK: llvm.return
  func.func @f32_e4m3_sm90(%p: !tile.ptr<f32>) {
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #b2>
    %b = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>, #b2>
    %ps = tile.addptr %b, %r : tensor<256x!tile.ptr<f32>, #b2>, tensor<256xi32, #b2>
    %x = tile.load %ps : tensor<256x!tile.ptr<f32>, #b2>
    %q = tile.fp_to_fp %x, rounding = rtne : tensor<256xf32, #b2> -> tensor<256xf8E4M3FN, #b2>
    %y = tile.fp_to_fp %q : tensor<256xf8E4M3FN, #b2> -> tensor<256xf32, #b2>
    tile.store %ps, %y : tensor<256x!tile.ptr<f32>, #b2>
    return
  }

  // f16 pairs convert from f16x2 directly; bf16 results go through f32.
  // CHECK-LABEL: llvm.func @f16_e5m2_sm90
  // CHECK: llvm.inline_asm "cvt.rn.satfinite.e5m2x2.f16x2 $0, $1;", "=h,r" %{{.*}} : (i32) -> i16
  // CHECK: llvm.inline_asm "cvt.rn.f16x2.e5m2x2 $0, $1;", "=r,h"
  // CHECK: llvm.fpext %{{.*}} : f16 to f32
  // CHECK: llvm.fptrunc %{{.*}} : f32 to bf16
  // CHECK: llvm.return
  func.func @f16_e5m2_sm90(%p: !tile.ptr<f16>, %o: !tile.ptr<bf16>) {
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #b2>
    %b = tile.splat %p : !tile.ptr<f16> -> tensor<256x!tile.ptr<f16>, #b2>
    %ps = tile.addptr %b, %r : tensor<256x!tile.ptr<f16>, #b2>, tensor<256xi32, #b2>
    %x = tile.load %ps : tensor<256x!tile.ptr<f16>, #b2>
    %q = tile.fp_to_fp %x, rounding = rtne : tensor<256xf16, #b2> -> tensor<256xf8E5M2, #b2>
    %y = tile.fp_to_fp %q : tensor<256xf8E5M2, #b2> -> tensor<256xbf16, #b2>
    %ob = tile.splat %o : !tile.ptr<bf16> -> tensor<256x!tile.ptr<bf16>, #b2>
    %os = tile.addptr %ob, %r : tensor<256x!tile.ptr<bf16>, #b2>, tensor<256xi32, #b2>
    tile.store %os, %y : tensor<256x!tile.ptr<bf16>, #b2>
    return
  }

  // PTX's fp8 cvt only rounds to nearest: rtz is the bit arithmetic even on
  // sm_90a (truncating fptoui, no roundeven). A scalar converts alone.
  // CHECK-LABEL: llvm.func @rtz_scalar_sm90
  // CHECK-NOT: cvt.rn
  // CHECK-NOT: llvm.intr.roundeven
  // CHECK: llvm.fptoui
  // CHECK-NOT: cvt.rn
  // CHECK: llvm.return
  func.func @rtz_scalar_sm90(%x: f32, %p: !tile.ptr<i8>) {
    %q = tile.fp_to_fp %x, rounding = rtz : f32 -> f8E4M3FN
    %bits = tile.bitcast %q : f8E4M3FN -> i8
    tile.store %p, %bits : !tile.ptr<i8>
    return
  }
}

// -----

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @f64_to_fp8(%x: f64, %p: !tile.ptr<i8>) {
    // expected-error @below {{converting f64 to f8E5M2 would round twice (through f32); convert to f32 first}}
    %q = tile.fp_to_fp %x, rounding = rtne : f64 -> f8E5M2
    return
  }
}

// -----

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @fp8_not_bits(%x: f8E4M3FN, %p: !tile.ptr<f32>) {
    // expected-error @below {{the f8E4M3FN operand is not held as i8 bits by the op that made it; fp8 values are lowered as i8}}
    %y = tile.fp_to_fp %x : f8E4M3FN -> f32
    tile.store %p, %y : !tile.ptr<f32>
    return
  }
}
