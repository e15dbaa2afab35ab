// REQUIRES: ptxas
// RUN: tile-compile %s -o %t.80.ptx --cubin %t.80.cubin --target cuda:80
// RUN: FileCheck %s --check-prefix=SM80 < %t.80.ptx
// RUN: tile-compile %s -o %t.90a.ptx --cubin %t.90a.cubin --target cuda:90a
// RUN: FileCheck %s --check-prefix=SM90 < %t.90a.ptx

// fp8 round trips through PTX and ptxas: bit arithmetic on sm_80 (roundeven
// is cvt.rni), hardware cvt on sm_90a except for rtz.

// SM80-LABEL: .entry fp8_round_trips
// SM80-NOT: satfinite
// SM80: cvt.rni.f32.f32
// SM80-NOT: satfinite
// SM90-LABEL: .entry fp8_round_trips
// SM90-DAG: cvt.rn.satfinite.e4m3x2.f32
// SM90-DAG: cvt.rn.f16x2.e4m3x2
// SM90-DAG: cvt.rn.satfinite.e5m2x2.f16x2
// SM90-DAG: cvt.rn.f16x2.e5m2x2
module {
  func.func @fp8_round_trips(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                             %h_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                             %y_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                             %z_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                             %g_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32}) {
    %c1024 = arith.constant 1024 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c1024 : i32
    %range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %start_t = tile.splat %start : i32 -> tensor<1024xi32>
    %offsets = arith.addi %start_t, %range : tensor<1024xi32>
    %x_base = tile.splat %x_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %x = tile.load %x_ptrs : tensor<1024x!tile.ptr<f32>>
    %e4 = tile.fp_to_fp %x, rounding = rtne : tensor<1024xf32> -> tensor<1024xf8E4M3FN>
    %y = tile.fp_to_fp %e4 : tensor<1024xf8E4M3FN> -> tensor<1024xf32>
    %y_base = tile.splat %y_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %y_ptrs = tile.addptr %y_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %y_ptrs, %y : tensor<1024x!tile.ptr<f32>>
    %e4z = tile.fp_to_fp %x, rounding = rtz : tensor<1024xf32> -> tensor<1024xf8E4M3FN>
    %e5z = tile.fp_to_fp %e4z, rounding = rtz : tensor<1024xf8E4M3FN> -> tensor<1024xf8E5M2>
    %z = tile.fp_to_fp %e5z : tensor<1024xf8E5M2> -> tensor<1024xf32>
    %z_base = tile.splat %z_ptr : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %z_ptrs = tile.addptr %z_base, %offsets : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %z_ptrs, %z : tensor<1024x!tile.ptr<f32>>
    %h_base = tile.splat %h_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %h_ptrs = tile.addptr %h_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    %h = tile.load %h_ptrs : tensor<1024x!tile.ptr<f16>>
    %e5 = tile.fp_to_fp %h, rounding = rtne : tensor<1024xf16> -> tensor<1024xf8E5M2>
    %g = tile.fp_to_fp %e5 : tensor<1024xf8E5M2> -> tensor<1024xf16>
    %g_base = tile.splat %g_ptr : !tile.ptr<f16> -> tensor<1024x!tile.ptr<f16>>
    %g_ptrs = tile.addptr %g_base, %offsets : tensor<1024x!tile.ptr<f16>>, tensor<1024xi32>
    tile.store %g_ptrs, %g : tensor<1024x!tile.ptr<f16>>
    return
  }
}
