// tile.fp_to_fp between the standard float types compiles for every
// direction: widening takes no rounding attribute (this once crashed the
// lowering), f16 <-> bf16 goes through f32, and rtz uses cvt.rz.
// RUN: tile-compile %s --target cuda:90a -o - | FileCheck %s

// CHECK-LABEL: .entry fp_to_fp
// CHECK-DAG: cvt.f32.f16
// CHECK-DAG: cvt.rn.bf16.f32
// CHECK-DAG: cvt.rz.f16.f32
// CHECK-DAG: cvt.f32.bf16
func.func @fp_to_fp(%p: !tile.ptr<f16>, %q: !tile.ptr<f32>, %r: !tile.ptr<bf16>, %s: !tile.ptr<f16>) {
  %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  %ps = tile.splat %p : !tile.ptr<f16> -> tensor<128x!tile.ptr<f16>>
  %pp = tile.addptr %ps, %range : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  %x = tile.load %pp : tensor<128x!tile.ptr<f16>>
  %wide = tile.fp_to_fp %x : tensor<128xf16> -> tensor<128xf32>
  %b = tile.fp_to_fp %x, rounding = rtne : tensor<128xf16> -> tensor<128xbf16>
  %h = tile.fp_to_fp %b, rounding = rtz : tensor<128xbf16> -> tensor<128xf16>
  %qs = tile.splat %q : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>>
  %qp = tile.addptr %qs, %range : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  tile.store %qp, %wide : tensor<128x!tile.ptr<f32>>
  %rs = tile.splat %r : !tile.ptr<bf16> -> tensor<128x!tile.ptr<bf16>>
  %rp = tile.addptr %rs, %range : tensor<128x!tile.ptr<bf16>>, tensor<128xi32>
  tile.store %rp, %b : tensor<128x!tile.ptr<bf16>>
  %ss = tile.splat %s : !tile.ptr<f16> -> tensor<128x!tile.ptr<f16>>
  %sp = tile.addptr %ss, %range : tensor<128x!tile.ptr<f16>>, tensor<128xi32>
  tile.store %sp, %h : tensor<128x!tile.ptr<f16>>
  return
}
