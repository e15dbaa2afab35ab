// REQUIRES: ptxas
// RUN: tile-compile %s -o %t.80.ptx --target cuda:80
// RUN: %ptxas -arch=sm_80 %t.80.ptx -o %t.80.cubin
// RUN: FileCheck %s < %t.80.ptx
// RUN: tile-compile %s -o %t.90a.ptx --target cuda:90a
// RUN: %ptxas -arch=sm_90a %t.90a.ptx -o %t.90a.cubin
// RUN: FileCheck %s < %t.90a.ptx

// tile.print and tile.assert through the whole pipeline: the vprintf and
// __assertfail calls, the format strings in .global memory and the
// argument buffers in local memory assemble for Ampere and Hopper, for
// every printable type, a print inside a loop, and tensor and scalar
// asserts.

// CHECK-DAG: .extern .func __assertfail
// CHECK-DAG: .extern .func (.param .b32 func_retval0) vprintf
// CHECK-DAG: .global .align 1 .b8 __tile_str_{{[0-9]+}}
// CHECK-LABEL: .entry debug_kernel
// CHECK: .local .align 8 .b8 __local_depot0
// CHECK: cvta.global.u64
// CHECK: call.uni (retval0), vprintf, (param0, param1);
// CHECK: call.uni __assertfail,
module {
  func.func @debug_kernel(%x_ptr: !tile.ptr<f32>, %n: i32, %h: i64) {
    %pid = tile.program_id x : i32
    %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %n_t = tile.splat %n : i32 -> tensor<128xi32>
    %mask = arith.cmpi slt, %range, %n_t : tensor<128xi32>
    %base = tile.splat %x_ptr : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>>
    %ptrs = tile.addptr %base, %range : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
    %x = tile.load %ptrs, %mask : tensor<128x!tile.ptr<f32>>
    %xh = arith.truncf %x : tensor<128xf32> to tensor<128xf16>
    %xb = arith.truncf %x : tensor<128xf32> to tensor<128xbf16>
    %xd = arith.extf %x : tensor<128xf32> to tensor<128xf64>
    %r8 = arith.trunci %range : tensor<128xi32> to tensor<128xi8>
    tile.print " x: " {hex = false, isSigned = array<i32: 0, 0, 0, 0>} : %x, %xh, %xb, %xd : tensor<128xf32>, tensor<128xf16>, tensor<128xbf16>, tensor<128xf64>
    tile.print " bits: " {hex = true, isSigned = array<i32: 0, 0>} : %x, %h : tensor<128xf32>, i64
    tile.print " i: " {hex = false, isSigned = array<i32: 1, 0, 1, 0>} : %r8, %mask, %h, %ptrs : tensor<128xi8>, tensor<128xi1>, i64, tensor<128x!tile.ptr<f32>>
    tile.print " pid " {hex = false, isSigned = array<i32: 1>} : %pid : i32
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c4 = arith.constant 4 : i32
    scf.for %i = %c0 to %c4 step %c1 : i32 {
      tile.print " loop " {hex = false, isSigned = array<i32: 1>} : %i : i32
    }
    %zero = arith.constant dense<0.0> : tensor<128xf32>
    %nonneg = arith.cmpf oge, %x, %zero : tensor<128xf32>
    tile.assert %nonneg, "x must not be negative" : tensor<128xi1>
    %positive = arith.cmpi sgt, %n, %c0 : i32
    tile.assert %positive, "n > 0" : i1
    return
  }
}
