// Round trip of every tile op, type and attribute: print, re-parse, print
// again, and check the custom forms.
// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s -mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @types
// CHECK-SAME: !tile.ptr<f32>
// CHECK-SAME: !tile.ptr<f16, 3>
// CHECK-SAME: !tile.ptr<tensor<64x32xf16>>
// CHECK-SAME: tensor<16x!tile.ptr<bf16>>
func.func @types(%a: !tile.ptr<f32>, %b: !tile.ptr<f16, 3>,
                 %c: !tile.ptr<tensor<64x32xf16>>, %d: tensor<16x!tile.ptr<bf16>>) {
  return
}

// CHECK-LABEL: func.func @program_ids
func.func @program_ids() -> (i32, i32, i32) {
  // CHECK: tile.program_id x : i32
  %0 = tile.program_id x : i32
  // CHECK: tile.program_id z : i32
  %1 = tile.program_id z : i32
  // CHECK: tile.num_programs y : i32
  %2 = tile.num_programs y : i32
  return %0, %1, %2 : i32, i32, i32
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: f32, %t: tensor<4x32xf32>, %v: tensor<64xf32>) {
  // CHECK: tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  %r = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
  // CHECK: tile.splat %{{.*}} : f32 -> tensor<1x32xf32>
  %s = tile.splat %x : f32 -> tensor<1x32xf32>
  // CHECK: tile.broadcast %{{.*}} : tensor<1x32xf32> -> tensor<4x32xf32>
  %b = tile.broadcast %s : tensor<1x32xf32> -> tensor<4x32xf32>
  // CHECK: tile.expand_dims %{{.*}} {axis = 1 : i32} : tensor<64xf32> -> tensor<64x1xf32>
  %e = tile.expand_dims %v {axis = 1 : i32} : tensor<64xf32> -> tensor<64x1xf32>
  // CHECK: tile.reshape %{{.*}} : tensor<4x32xf32> -> tensor<128xf32>
  %rs = tile.reshape %t : tensor<4x32xf32> -> tensor<128xf32>
  // CHECK: tile.reshape %{{.*}} allow_reorder : tensor<4x32xf32> -> tensor<2x64xf32>
  %rr = tile.reshape %t allow_reorder : tensor<4x32xf32> -> tensor<2x64xf32>
  // CHECK: tile.trans %{{.*}} {order = array<i32: 1, 0>} : tensor<4x32xf32> -> tensor<32x4xf32>
  %tr = tile.trans %t {order = array<i32: 1, 0>} : tensor<4x32xf32> -> tensor<32x4xf32>
  // CHECK: tile.join %{{.*}}, %{{.*}} : tensor<64xf32> -> tensor<64x2xf32>
  %j = tile.join %v, %v : tensor<64xf32> -> tensor<64x2xf32>
  // CHECK: tile.split %{{.*}} : tensor<64x2xf32> -> tensor<64xf32>
  %lo, %hi = tile.split %j : tensor<64x2xf32> -> tensor<64xf32>
  // CHECK: tile.cat %{{.*}}, %{{.*}} : tensor<64xf32> -> tensor<128xf32>
  %c = tile.cat %lo, %hi : tensor<64xf32> -> tensor<128xf32>
  return
}

// CHECK-LABEL: func.func @memory
func.func @memory(%p: !tile.ptr<f32>, %offs: tensor<128xi32>, %mask: tensor<128xi1>,
                  %other: tensor<128xf32>, %i: i64, %iv: tensor<128xi64>) {
  %ps = tile.splat %p : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>>
  // CHECK: tile.addptr %{{.*}}, %{{.*}} : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  %ptrs = tile.addptr %ps, %offs : tensor<128x!tile.ptr<f32>>, tensor<128xi32>
  // CHECK: tile.load %{{.*}} : tensor<128x!tile.ptr<f32>>
  %a = tile.load %ptrs : tensor<128x!tile.ptr<f32>>
  // CHECK: tile.load %{{.*}}, %{{.*}}, %{{.*}} cacheModifier = cg evictionPolicy = evict_last : tensor<128x!tile.ptr<f32>>
  %b = tile.load %ptrs, %mask, %other cacheModifier = cg evictionPolicy = evict_last : tensor<128x!tile.ptr<f32>>
  // CHECK: tile.load %{{.*}}, %{{.*}} volatile : tensor<128x!tile.ptr<f32>>
  %v = tile.load %ptrs, %mask volatile : tensor<128x!tile.ptr<f32>>
  // CHECK: tile.load %{{.*}} : !tile.ptr<f32>
  %s = tile.load %p : !tile.ptr<f32>
  // CHECK: tile.store %{{.*}}, %{{.*}}, %{{.*}} cacheModifier = wt : tensor<128x!tile.ptr<f32>>
  tile.store %ptrs, %a, %mask cacheModifier = wt : tensor<128x!tile.ptr<f32>>
  // CHECK: tile.store %{{.*}}, %{{.*}} evictionPolicy = evict_first : tensor<128x!tile.ptr<f32>>
  tile.store %ptrs, %b evictionPolicy = evict_first : tensor<128x!tile.ptr<f32>>
  // CHECK: tile.atomic_rmw fadd, acq_rel, gpu, %{{.*}}, %{{.*}}, %{{.*}} : tensor<128xf32>
  %old = tile.atomic_rmw fadd, acq_rel, gpu, %ptrs, %a, %mask : tensor<128xf32>
  // CHECK: tile.atomic_rmw max, relaxed, cta, %{{.*}}, %{{.*}} : f32
  %old1 = tile.atomic_rmw max, relaxed, cta, %p, %s : f32
  // CHECK: tile.atomic_cas acquire, sys, %{{.*}}, %{{.*}}, %{{.*}} : tensor<128xf32>
  %cas = tile.atomic_cas acquire, sys, %ptrs, %a, %b : tensor<128xf32>
  // CHECK: tile.int_to_ptr %{{.*}} : i64 -> !tile.ptr<f32>
  %ip = tile.int_to_ptr %i : i64 -> !tile.ptr<f32>
  // CHECK: tile.ptr_to_int %{{.*}} : tensor<128x!tile.ptr<f32>> -> tensor<128xi64>
  %pi = tile.ptr_to_int %ptrs : tensor<128x!tile.ptr<f32>> -> tensor<128xi64>
  return
}

// CHECK-LABEL: func.func @block_pointers
func.func @block_pointers(%base: !tile.ptr<f16>, %m: i64, %k: i64, %s: i64, %o: i32) {
  %c1 = arith.constant 1 : i64
  %c0 = arith.constant 0 : i32
  // CHECK: tile.make_tensor_ptr %{{.*}}, [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}], [%{{.*}}, %{{.*}}] {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf16>>
  %blk = tile.make_tensor_ptr %base, [%m, %k], [%s, %c1], [%o, %c0] {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf16>>
  // CHECK: tile.advance %{{.*}}, [%{{.*}}, %{{.*}}] : !tile.ptr<tensor<64x32xf16>>
  %next = tile.advance %blk, [%c0, %o] : !tile.ptr<tensor<64x32xf16>>
  // CHECK: tile.load %{{.*}} padding = zero {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<64x32xf16>>
  %t = tile.load %next padding = zero {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<64x32xf16>>
  // CHECK: tile.store %{{.*}}, %{{.*}} {boundaryCheck = array<i32: 1>} : !tile.ptr<tensor<64x32xf16>>
  tile.store %next, %t {boundaryCheck = array<i32: 1>} : !tile.ptr<tensor<64x32xf16>>
  return
}

// CHECK-LABEL: func.func @dots
func.func @dots(%a: tensor<64x32xf16>, %b: tensor<32x64xf16>, %c: tensor<64x64xf32>,
                %x: tensor<16x16xf32>, %i: tensor<32x32xi8>, %ci: tensor<32x32xi32>,
                %f8: tensor<64x32xf8E4M3FN>, %g8: tensor<32x64xf8E5M2>,
                %ba: tensor<2x16x16xbf16>, %bc: tensor<2x16x16xf32>) {
  // CHECK: tile.dot %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  %0 = tile.dot %a, %b, %c : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
  // CHECK: tile.dot %{{.*}}, %{{.*}}, %{{.*}}, inputPrecision = ieee : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
  %1 = tile.dot %x, %x, %x, inputPrecision = ieee : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
  // CHECK: tile.dot %{{.*}}, %{{.*}}, %{{.*}}, inputPrecision = tf32x3 :
  %2 = tile.dot %x, %x, %x, inputPrecision = tf32x3 : tensor<16x16xf32> * tensor<16x16xf32> -> tensor<16x16xf32>
  // CHECK: tile.dot {{.*}} : tensor<32x32xi8> * tensor<32x32xi8> -> tensor<32x32xi32>
  %3 = tile.dot %i, %i, %ci : tensor<32x32xi8> * tensor<32x32xi8> -> tensor<32x32xi32>
  // CHECK: tile.dot {{.*}} {maxNumImpreciseAcc = 32 : i32} : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf32>
  %4 = tile.dot %f8, %g8, %c {maxNumImpreciseAcc = 32 : i32} : tensor<64x32xf8E4M3FN> * tensor<32x64xf8E5M2> -> tensor<64x64xf32>
  // CHECK: tile.dot {{.*}} : tensor<2x16x16xbf16> * tensor<2x16x16xbf16> -> tensor<2x16x16xf32>
  %5 = tile.dot %ba, %ba, %bc : tensor<2x16x16xbf16> * tensor<2x16x16xbf16> -> tensor<2x16x16xf32>
  return
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<64x128xf32>, %i: tensor<64x128xi32>, %v: tensor<256xi32>) {
  // CHECK: tile.reduce(%{{.*}}) axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  // CHECK: tile.reduce.return %{{.*}} : f32
  %sum = tile.reduce(%x) axis = 1 : (tensor<64x128xf32>) -> tensor<64xf32> {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tile.reduce.return %s : f32
  }
  // CHECK: tile.reduce(%{{.*}}, %{{.*}}) axis = 0 : (tensor<64x128xf32>, tensor<64x128xi32>) -> (tensor<128xf32>, tensor<128xi32>)
  %mx, %idx = tile.reduce(%x, %i) axis = 0 : (tensor<64x128xf32>, tensor<64x128xi32>) -> (tensor<128xf32>, tensor<128xi32>) {
  ^bb0(%a: f32, %ai: i32, %b: f32, %bi: i32):
    %gt = arith.cmpf ogt, %b, %a : f32
    %m = arith.select %gt, %b, %a : f32
    %mi = arith.select %gt, %bi, %ai : i32
    tile.reduce.return %m, %mi : f32, i32
  }
  // CHECK: tile.reduce(%{{.*}}) axis = 0 : (tensor<256xi32>) -> i32
  %total = tile.reduce(%v) axis = 0 : (tensor<256xi32>) -> i32 {
  ^bb0(%a: i32, %b: i32):
    %s = arith.addi %a, %b : i32
    tile.reduce.return %s : i32
  }
  // CHECK: tile.scan(%{{.*}}) axis = 0 : (tensor<256xi32>) -> tensor<256xi32> {
  // CHECK: tile.scan.return %{{.*}} : i32
  %cum = tile.scan(%v) axis = 0 : (tensor<256xi32>) -> tensor<256xi32> {
  ^bb0(%a: i32, %b: i32):
    %s = arith.addi %a, %b : i32
    tile.scan.return %s : i32
  }
  // CHECK: tile.scan(%{{.*}}) axis = 1 reverse : (tensor<64x128xf32>) -> tensor<64x128xf32>
  %rev = tile.scan(%x) axis = 1 reverse : (tensor<64x128xf32>) -> tensor<64x128xf32> {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    tile.scan.return %s : f32
  }
  return
}

// CHECK-LABEL: func.func @conversions
func.func @conversions(%x: tensor<128xf32>, %h: tensor<128xf16>, %lo: tensor<128xf32>,
                       %hi: tensor<128xf32>, %p: tensor<128xf64>) {
  // CHECK: tile.fp_to_fp %{{.*}}, rounding = rtne : tensor<128xf32> -> tensor<128xf8E4M3FN>
  %q = tile.fp_to_fp %x, rounding = rtne : tensor<128xf32> -> tensor<128xf8E4M3FN>
  // CHECK: tile.fp_to_fp %{{.*}}, rounding = rtz : tensor<128xf16> -> tensor<128xf8E5M2>
  %q2 = tile.fp_to_fp %h, rounding = rtz : tensor<128xf16> -> tensor<128xf8E5M2>
  // CHECK: tile.fp_to_fp %{{.*}} : tensor<128xf8E4M3FN> -> tensor<128xf32>
  %w = tile.fp_to_fp %q : tensor<128xf8E4M3FN> -> tensor<128xf32>
  // CHECK: tile.bitcast %{{.*}} : tensor<128xf32> -> tensor<128xi32>
  %b = tile.bitcast %x : tensor<128xf32> -> tensor<128xi32>
  // CHECK: tile.clampf %{{.*}}, %{{.*}}, %{{.*}}, propagateNan = all : tensor<128xf32>
  %c = tile.clampf %x, %lo, %hi, propagateNan = all : tensor<128xf32>
  // CHECK: tile.precise_sqrt %{{.*}} : tensor<128xf32>
  %s = tile.precise_sqrt %x : tensor<128xf32>
  // CHECK: tile.precise_divf %{{.*}}, %{{.*}} : tensor<128xf64>
  %d = tile.precise_divf %p, %p : tensor<128xf64>
  // CHECK: tile.extern_elementwise %{{.*}}, %{{.*}} {libname = "libdevice", libpath = "", pure = true, symbol = "__nv_powf"} : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
  %e = tile.extern_elementwise %x, %lo {libname = "libdevice", libpath = "", pure = true, symbol = "__nv_powf"} : (tensor<128xf32>, tensor<128xf32>) -> tensor<128xf32>
  return
}

// CHECK-LABEL: func.func @debugging
func.func @debugging(%x: tensor<128xi32>, %ok: tensor<128xi1>) {
  // CHECK: tile.print " x: " {hex = false, isSigned = array<i32: 1>} : %{{.*}} : tensor<128xi32>
  tile.print " x: " {hex = false, isSigned = array<i32: 1>} : %x : tensor<128xi32>
  // CHECK: tile.print "hello" {hex = true, isSigned = array<i32>}
  tile.print "hello" {hex = true, isSigned = array<i32>}
  // CHECK: tile.assert %{{.*}}, "index out of range" : tensor<128xi1>
  tile.assert %ok, "index out of range" : tensor<128xi1>
  return
}
