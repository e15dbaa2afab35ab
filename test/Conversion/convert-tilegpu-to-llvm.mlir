// RUN: tile-opt %s -split-input-file -convert-tilegpu-to-llvm | FileCheck %s

// A kernel becomes an llvm.func with nvvm.kernel and maxntid = 32 * num-warps;
// pointer arguments become !llvm.ptr<1>, divisibility hints llvm.align.
// Four contiguous, aligned, unmasked f32 per thread: one vector<4xf32> load
// and store each.

#b4 = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @copy_v4
  // CHECK-SAME: (%{{.*}}: !llvm.ptr<1> {llvm.align = 16 : i64}, %{{.*}}: !llvm.ptr<1> {llvm.align = 16 : i64})
  // CHECK-SAME: attributes {nvvm.kernel, nvvm.maxntid = array<i32: 128, 1, 1>, tile.arg_divisibility = array<i64: 16, 16>}
  // CHECK: nvvm.read.ptx.sreg.tid.x
  // CHECK: llvm.getelementptr %{{.*}}[%{{.*}}] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, f32
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xf32>
  // CHECK-NOT: llvm.load
  // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<1>
  // CHECK-NOT: llvm.store
  // CHECK: llvm.return
  // CHECK-NOT: unrealized_conversion_cast
  func.func @copy_v4(%src: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %dst: !tile.ptr<f32> {tile.divisibility = 16 : i32}) {
    %range = tile.make_range {end = 512 : i32, start = 0 : i32} : tensor<512xi32, #b4>
    %s = tile.splat %src : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>, #b4>
    %sp = tile.addptr %s, %range : tensor<512x!tile.ptr<f32>, #b4>, tensor<512xi32, #b4>
    %v = tile.load %sp : tensor<512x!tile.ptr<f32>, #b4>
    %d = tile.splat %dst : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>, #b4>
    %dp = tile.addptr %d, %range : tensor<512x!tile.ptr<f32>, #b4>, tensor<512xi32, #b4>
    tile.store %dp, %v : tensor<512x!tile.ptr<f32>, #b4>
    return
  }
}

// -----

// Masked vector add: the mask is constant over each vector of 4 because n is
// divisible by 16, so each access is one predicated 128-bit PTX instruction.

#b4 = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @add_kernel
  // CHECK: nvvm.read.ptx.sreg.ctaid.x
  // CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
  // CHECK: llvm.inline_asm has_side_effects "@$5 ld.global.v4.b32 { $0, $1, $2, $3 }, [ $4 + 0 ];", "=r,=r,=r,=r,l,b" {{.*}} -> !llvm.struct<(i32, i32, i32, i32)>
  // CHECK: llvm.bitcast %{{.*}} : vector<4xi32> to vector<4xf32>
  // CHECK: arith.addf %{{.*}}, %{{.*}} : f32
  // CHECK: llvm.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
  // CHECK: llvm.inline_asm has_side_effects "@$0 st.global.v4.b32 [ $1 + 0 ], { $2, $3, $4, $5 };", "b,l,r,r,r,r"
  func.func @add_kernel(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                        %y: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                        %z: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                        %n: i32 {tile.divisibility = 16 : i32}) {
    %c512 = arith.constant 512 : i32
    %pid = tile.program_id x : i32
    %start = arith.muli %pid, %c512 : i32
    %range = tile.make_range {end = 512 : i32, start = 0 : i32} : tensor<512xi32, #b4>
    %start_t = tile.splat %start : i32 -> tensor<512xi32, #b4>
    %offsets = arith.addi %start_t, %range : tensor<512xi32, #b4>
    %n_t = tile.splat %n : i32 -> tensor<512xi32, #b4>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<512xi32, #b4>
    %xb = tile.splat %x : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>, #b4>
    %xp = tile.addptr %xb, %offsets : tensor<512x!tile.ptr<f32>, #b4>, tensor<512xi32, #b4>
    %yb = tile.splat %y : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>, #b4>
    %yp = tile.addptr %yb, %offsets : tensor<512x!tile.ptr<f32>, #b4>, tensor<512xi32, #b4>
    %xv = tile.load %xp, %mask : tensor<512x!tile.ptr<f32>, #b4>
    %yv = tile.load %yp, %mask : tensor<512x!tile.ptr<f32>, #b4>
    %sum = arith.addf %xv, %yv : tensor<512xf32, #b4>
    %zb = tile.splat %z : !tile.ptr<f32> -> tensor<512x!tile.ptr<f32>, #b4>
    %zp = tile.addptr %zb, %offsets : tensor<512x!tile.ptr<f32>, #b4>, tensor<512xi32, #b4>
    tile.store %zp, %sum, %mask : tensor<512x!tile.ptr<f32>, #b4>
    return
  }
}

// -----

// Without a divisibility hint on n the mask may change inside a vector: the
// vector is read whole where all four mask bits are set, and element by
// element (predicated on "my bit, but not all four") only at the ragged
// edge; `other` fills masked-off elements with a select. Cache modifiers
// reach the PTX.

#b4 = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @ragged
  // CHECK-SAME: nvvm.maxntid = array<i32: 32, 1, 1>
  // CHECK: %[[M01:.*]] = llvm.and %[[M0:.*]], %[[M1:.*]] : i1
  // CHECK: %[[M012:.*]] = llvm.and %[[M01]], %[[M2:.*]] : i1
  // CHECK: %[[ALL:.*]] = llvm.and %[[M012]], %[[M3:.*]] : i1
  // CHECK: "@$5 ld.global.L1::evict_last.v4.b32 { $0, $1, $2, $3 }, [ $4 + 0 ];", "=r,=r,=r,=r,l,b" %{{.*}}, %[[ALL]]
  // CHECK: %[[NOTALL:.*]] = llvm.xor %[[ALL]], %{{.*}} : i1
  // CHECK: %[[EDGE0:.*]] = llvm.and %[[M0]], %[[NOTALL]] : i1
  // CHECK: "@$2 ld.global.L1::evict_last.b32 $0, [ $1 + 0 ];", "=r,l,b" %{{.*}}, %[[EDGE0]]
  // CHECK: llvm.select %[[ALL]]
  // CHECK-COUNT-3: ld.global.L1::evict_last.b32
  // CHECK: llvm.select %[[M0]]
  // CHECK: "@$0 st.global.cs.v4.b32 [ $1 + 0 ], { $2, $3, $4, $5 };"
  // CHECK-COUNT-4: "@$0 st.global.cs.b32 [ $1 + 0 ], $2;", "b,l,r"
  // CHECK-NOT: st.global
  func.func @ragged(%x: !tile.ptr<f32> {tile.divisibility = 16 : i32}, %n: i32) {
    %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #b4>
    %n_t = tile.splat %n : i32 -> tensor<128xi32, #b4>
    %mask = arith.cmpi slt, %range, %n_t : tensor<128xi32, #b4>
    %zero = arith.constant dense<0.0> : tensor<128xf32, #b4>
    %xb = tile.splat %x : !tile.ptr<f32> -> tensor<128x!tile.ptr<f32>, #b4>
    %xp = tile.addptr %xb, %range : tensor<128x!tile.ptr<f32>, #b4>, tensor<128xi32, #b4>
    %v = tile.load %xp, %mask, %zero evictionPolicy = evict_last : tensor<128x!tile.ptr<f32>, #b4>
    tile.store %xp, %v, %mask cacheModifier = cs : tensor<128x!tile.ptr<f32>, #b4>
    return
  }
}

// -----

// 2-D indexing: expand_dims of slice-layout ranges and broadcasts only
// re-index registers. f16 pairs pack into 32-bit words.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [2, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 2 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @tile_2d
  // CHECK-SAME: tile.arg_divisibility = array<i64: 16>
  // CHECK-NOT: tile.
  // CHECK: llvm.load %{{.*}} {alignment = 16 : i64} : !llvm.ptr<1> -> vector<8xf16>
  // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 16 : i64} : vector<8xf16>, !llvm.ptr<1>
  func.func @tile_2d(%p: !tile.ptr<f16> {tile.divisibility = 16 : i32}) {
    %rows = tile.make_range {end = 8 : i32, start = 0 : i32} : tensor<8xi32, #tilegpu.slice<{dim = 1, parent = #blocked}>>
    %cols = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #tilegpu.slice<{dim = 0, parent = #blocked}>>
    %r2 = tile.expand_dims %rows {axis = 1 : i32} : tensor<8xi32, #tilegpu.slice<{dim = 1, parent = #blocked}>> -> tensor<8x1xi32, #blocked>
    %c64 = arith.constant dense<64> : tensor<8x1xi32, #blocked>
    %rs = arith.muli %r2, %c64 : tensor<8x1xi32, #blocked>
    %c2 = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32, #tilegpu.slice<{dim = 0, parent = #blocked}>> -> tensor<1x64xi32, #blocked>
    %rb = tile.broadcast %rs : tensor<8x1xi32, #blocked> -> tensor<8x64xi32, #blocked>
    %cb = tile.broadcast %c2 : tensor<1x64xi32, #blocked> -> tensor<8x64xi32, #blocked>
    %off = arith.addi %rb, %cb : tensor<8x64xi32, #blocked>
    %base = tile.splat %p : !tile.ptr<f16> -> tensor<8x64x!tile.ptr<f16>, #blocked>
    %ptrs = tile.addptr %base, %off : tensor<8x64x!tile.ptr<f16>, #blocked>, tensor<8x64xi32, #blocked>
    %v = tile.load %ptrs : tensor<8x64x!tile.ptr<f16>, #blocked>
    %w = arith.addf %v, %v : tensor<8x64xf16, #blocked>
    tile.store %ptrs, %w : tensor<8x64x!tile.ptr<f16>, #blocked>
    return
  }
}

// -----

// A loop carries a tensor: the scf.for result and iter_arg become structs
// in place; transcendental math becomes libdevice calls (f16 through f32).

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-DAG: llvm.func @__nv_expf(f32) -> f32
  // CHECK-DAG: llvm.func @__nv_rsqrtf(f32) -> f32
  // CHECK-LABEL: llvm.func @loop
  // CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (!llvm.struct<(f32, f32)>) : i32
  // CHECK: llvm.extractvalue %[[ACC]][0]
  // CHECK: llvm.call @__nv_expf(%{{.*}}) : (f32) -> f32
  // CHECK: scf.yield %{{.*}} : !llvm.struct<(f32, f32)>
  // CHECK: arith.extf %{{.*}} : f16 to f32
  // CHECK-NEXT: llvm.call @__nv_expf
  // CHECK-NEXT: arith.truncf %{{.*}} : f32 to f16
  // CHECK: llvm.call @__nv_rsqrtf
  func.func @loop(%p: !tile.ptr<f32>, %q: !tile.ptr<f16>, %n: i32, %s: f32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #b1>
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<64x!tile.ptr<f32>, #b1>, tensor<64xi32, #b1>
    %init = tile.load %ptrs : tensor<64x!tile.ptr<f32>, #b1>
    %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %init) -> (tensor<64xf32, #b1>) : i32 {
      %e = math.exp %acc : tensor<64xf32, #b1>
      scf.yield %e : tensor<64xf32, #b1>
    }
    tile.store %ptrs, %r : tensor<64x!tile.ptr<f32>, #b1>
    %hbase = tile.splat %q : !tile.ptr<f16> -> tensor<64x!tile.ptr<f16>, #b1>
    %hptrs = tile.addptr %hbase, %range : tensor<64x!tile.ptr<f16>, #b1>, tensor<64xi32, #b1>
    %h = tile.load %hptrs : tensor<64x!tile.ptr<f16>, #b1>
    %he = math.exp %h : tensor<64xf16, #b1>
    tile.store %hptrs, %he : tensor<64x!tile.ptr<f16>, #b1>
    %rs = math.rsqrt %s : f32
    tile.store %p, %rs : !tile.ptr<f32>
    return
  }
}

// -----

// Each element is stored once: a 64-element tensor over 4 warps of 32 lanes
// holds every element twice (warp bit 1 is free), and a scalar store is
// written by thread 0 only.

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @redundant
  // CHECK: arith.sitofp
  // CHECK: %[[TID:.*]] = nvvm.read.ptx.sreg.tid.x
  // CHECK: %[[WARP:.*]] = llvm.lshr %[[TID]]
  // CHECK: %[[FREE:.*]] = llvm.mlir.constant(2 : i32)
  // CHECK: %[[BITS:.*]] = llvm.and %[[WARP]], %[[FREE]]
  // CHECK: %[[OWNER:.*]] = llvm.icmp "eq" %[[BITS]]
  // CHECK: "@$0 st.global.b32 [ $1 + 0 ], $2;", "b,l,r" %[[OWNER]]
  // CHECK: %[[THREAD0:.*]] = llvm.icmp "eq"
  // CHECK: "@$0 st.global.b32 [ $1 + 0 ], $2;", "b,l,r" %[[THREAD0]]
  func.func @redundant(%p: !tile.ptr<f32>, %s: f32) {
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #b1>
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<64x!tile.ptr<f32>, #b1>, tensor<64xi32, #b1>
    %v = arith.sitofp %range : tensor<64xi32, #b1> to tensor<64xf32, #b1>
    tile.store %ptrs, %v : tensor<64x!tile.ptr<f32>, #b1>
    tile.store %p, %s : !tile.ptr<f32>
    return
  }
}

// -----

// join and split move nothing when the joined dim lives in registers: the
// result's register pairs are (lhs, rhs); cat concatenates register lists.

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#b2 = #tilegpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [32, 1], warpsPerCTA = [4, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @join_split_cat
  // CHECK: arith.addf
  // CHECK: %[[A:.*]] = llvm.extractvalue %{{.*}}[0] : !llvm.struct<(f32)>
  // CHECK-NEXT: %[[B:.*]] = llvm.extractvalue %{{.*}}[0] : !llvm.struct<(f32)>
  // CHECK: %[[J0:.*]] = llvm.insertvalue %[[A]], %{{.*}}[0] : !llvm.struct<(f32, f32)>
  // CHECK-NEXT: %[[J:.*]] = llvm.insertvalue %[[B]], %[[J0]][1] : !llvm.struct<(f32, f32)>
  // CHECK: %[[LO:.*]] = llvm.extractvalue %[[J]][0]
  // CHECK-NEXT: %[[HI:.*]] = llvm.extractvalue %[[J]][1]
  // CHECK: llvm.insertvalue %[[LO]], %{{.*}}[0] : !llvm.struct<(f32)>
  // CHECK: llvm.insertvalue %[[HI]], %{{.*}}[0] : !llvm.struct<(f32)>
  // CHECK: !llvm.struct<(f32, f32)>
  // CHECK-NOT: tile.
  func.func @join_split_cat(%p: !tile.ptr<f32>) {
    %range = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32, #b1>
    %a = arith.sitofp %range : tensor<128xi32, #b1> to tensor<128xf32, #b1>
    %b = arith.addf %a, %a : tensor<128xf32, #b1>
    %j = tile.join %a, %b : tensor<128xf32, #b1> -> tensor<128x2xf32, #b2>
    %lo, %hi = tile.split %j : tensor<128x2xf32, #b2> -> tensor<128xf32, #b1>
    %c = tile.cat %lo, %hi : tensor<128xf32, #b1> -> tensor<256xf32, #b1>
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<256x!tile.ptr<f32>, #b1>
    %r = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32, #b1>
    %ptrs = tile.addptr %base, %r : tensor<256x!tile.ptr<f32>, #b1>, tensor<256xi32, #b1>
    tile.store %ptrs, %c : tensor<256x!tile.ptr<f32>, #b1>
    return
  }
}

// -----

// Atomics are one predicated PTX atom per element; copies of an element (a
// 64-element tensor over 128 threads) and scalar atomics update once.

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @atomics
  // CHECK: %[[OWNER:.*]] = llvm.icmp "eq"
  // CHECK: %[[PRED:.*]] = llvm.and %[[OWNER]], %{{.*}} : i1
  // CHECK: llvm.inline_asm has_side_effects "@$3 atom.acq_rel.gpu.global.add.f32 $0, [ $1 + 0 ], $2;", "=r,l,r,b" %{{.*}}, %{{.*}}, %[[PRED]]
  // CHECK: llvm.inline_asm has_side_effects "@$4 atom.relaxed.cta.global.cas.b32 $0, [ $1 + 0 ], $2, $3;", "=r,l,r,r,b"
  func.func @atomics(%p: !tile.ptr<f32>, %q: !tile.ptr<i32>, %n: i32) {
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #b1>
    %n_t = tile.splat %n : i32 -> tensor<64xi32, #b1>
    %mask = arith.cmpi slt, %range, %n_t : tensor<64xi32, #b1>
    %one = arith.constant dense<1.0> : tensor<64xf32, #b1>
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<64x!tile.ptr<f32>, #b1>, tensor<64xi32, #b1>
    %old = tile.atomic_rmw fadd, acq_rel, gpu, %ptrs, %one, %mask : tensor<64xf32, #b1>
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %prev = tile.atomic_cas relaxed, cta, %q, %c0, %c1 : i32
    return
  }
}

// -----

// tile's own elementwise ops, one scalar at a time.

#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-DAG: llvm.func @__nv_fast_sinf(f32) -> f32
  // CHECK-LABEL: llvm.func @tile_elementwise
  // CHECK: llvm.bitcast %{{.*}} : f32 to i32
  // CHECK: arith.maximumf
  // CHECK-NEXT: arith.minimumf
  // CHECK: arith.maxnumf
  // CHECK-NEXT: arith.minnumf
  // CHECK: llvm.intr.sqrt(%{{.*}}) : (f32) -> f32
  // CHECK: llvm.fdiv %{{.*}}, %{{.*}} : f32
  // CHECK: llvm.call @__nv_fast_sinf(%{{.*}}) : (f32) -> f32
  // CHECK: llvm.inline_asm has_side_effects "cvt.rz.f16.f32 $0, $1;", "=h,r"
  // CHECK: arith.truncf %{{.*}} : f32 to f16
  // CHECK: llvm.ptrtoint %{{.*}} : !llvm.ptr<1> to i64
  // CHECK: llvm.inttoptr %{{.*}} : i64 to !llvm.ptr<1>
  func.func @tile_elementwise(%p: !tile.ptr<f32>, %q: !tile.ptr<f16>) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32, #b1>
    %x = arith.sitofp %range : tensor<32xi32, #b1> to tensor<32xf32, #b1>
    %bits = tile.bitcast %x : tensor<32xf32, #b1> -> tensor<32xi32, #b1>
    %lo = arith.constant dense<-1.0> : tensor<32xf32, #b1>
    %hi = arith.constant dense<1.0> : tensor<32xf32, #b1>
    %c1 = tile.clampf %x, %lo, %hi, propagateNan = all : tensor<32xf32, #b1>
    %c2 = tile.clampf %c1, %lo, %hi, propagateNan = none : tensor<32xf32, #b1>
    %s = tile.precise_sqrt %c2 : tensor<32xf32, #b1>
    %d = tile.precise_divf %s, %hi : tensor<32xf32, #b1>
    %e = tile.extern_elementwise %d {libname = "libdevice", libpath = "", symbol = "__nv_fast_sinf", pure = true} : (tensor<32xf32, #b1>) -> tensor<32xf32, #b1>
    %h = tile.fp_to_fp %e, rounding = rtz : tensor<32xf32, #b1> -> tensor<32xf16, #b1>
    %h2 = tile.fp_to_fp %e, rounding = rtne : tensor<32xf32, #b1> -> tensor<32xf16, #b1>
    %hs = arith.addf %h, %h2 : tensor<32xf16, #b1>
    %qb = tile.splat %q : !tile.ptr<f16> -> tensor<32x!tile.ptr<f16>, #b1>
    %qp = tile.addptr %qb, %bits : tensor<32x!tile.ptr<f16>, #b1>, tensor<32xi32, #b1>
    %qi = tile.ptr_to_int %qp : tensor<32x!tile.ptr<f16>, #b1> -> tensor<32xi64, #b1>
    %qq = tile.int_to_ptr %qi : tensor<32xi64, #b1> -> tensor<32x!tile.ptr<f16>, #b1>
    tile.store %qq, %hs : tensor<32x!tile.ptr<f16>, #b1>
    return
  }
}

// -----

// scf.if and scf.while carrying tensors are retyped in place as well.

#b1 = #tilegpu.blocked<{sizePerThread = [2], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @if_while
  // CHECK: scf.if %{{.*}} -> (!llvm.struct<(f32, f32)>)
  // CHECK: scf.yield %{{.*}} : !llvm.struct<(f32, f32)>
  // CHECK: } else {
  // CHECK: scf.yield %{{.*}} : !llvm.struct<(f32, f32)>
  // CHECK: scf.while (%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (i32, !llvm.struct<(f32, f32)>) -> (i32, !llvm.struct<(f32, f32)>)
  // CHECK: scf.condition(%{{.*}}) %{{.*}}, %{{.*}} : i32, !llvm.struct<(f32, f32)>
  // CHECK: ^bb0(%{{.*}}: i32, %{{.*}}: !llvm.struct<(f32, f32)>):
  // CHECK-NOT: unrealized_conversion_cast
  func.func @if_while(%p: !tile.ptr<f32>, %c: i1, %n: i32) {
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #b1>
    %x = arith.sitofp %range : tensor<64xi32, #b1> to tensor<64xf32, #b1>
    %y = scf.if %c -> (tensor<64xf32, #b1>) {
      %d = arith.addf %x, %x : tensor<64xf32, #b1>
      scf.yield %d : tensor<64xf32, #b1>
    } else {
      scf.yield %x : tensor<64xf32, #b1>
    }
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %r:2 = scf.while (%i = %c0, %acc = %y) : (i32, tensor<64xf32, #b1>) -> (i32, tensor<64xf32, #b1>) {
      %more = arith.cmpi slt, %i, %n : i32
      scf.condition(%more) %i, %acc : i32, tensor<64xf32, #b1>
    } do {
    ^bb0(%j: i32, %a: tensor<64xf32, #b1>):
      %next = arith.addi %j, %c1 : i32
      %twice = arith.addf %a, %a : tensor<64xf32, #b1>
      scf.yield %next, %twice : i32, tensor<64xf32, #b1>
    }
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<64x!tile.ptr<f32>, #b1>, tensor<64xi32, #b1>
    tile.store %ptrs, %r#1 : tensor<64x!tile.ptr<f32>, #b1>
    return
  }
}

// -----

// A non-splat constant is a global table; each thread loads its elements
// at the row-major index of their coordinates.

#b1 = #tilegpu.blocked<{sizePerThread = [1, 2], threadsPerWarp = [2, 16], warpsPerCTA = [1, 1], order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK: llvm.mlir.global internal constant @__tile_constant_0(dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi32>) {addr_space = 1 : i32} : !llvm.array<8 x i32>
  // CHECK-LABEL: llvm.func @table
  // CHECK: %[[TABLE:.*]] = llvm.mlir.addressof @__tile_constant_0 : !llvm.ptr<1>
  // CHECK: llvm.getelementptr %[[TABLE]][%{{.*}}] : (!llvm.ptr<1>, i32) -> !llvm.ptr<1>, i32
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<1> -> i32
  func.func @table(%p: !tile.ptr<i32>) {
    %c = arith.constant dense<[[0, 1, 2, 3], [4, 5, 6, 7]]> : tensor<2x4xi32, #b1>
    %rows = tile.make_range {end = 2 : i32, start = 0 : i32} : tensor<2xi32, #tilegpu.slice<{dim = 1, parent = #b1}>>
    %r2 = tile.expand_dims %rows {axis = 1 : i32} : tensor<2xi32, #tilegpu.slice<{dim = 1, parent = #b1}>> -> tensor<2x1xi32, #b1>
    %c4 = arith.constant dense<4> : tensor<2x1xi32, #b1>
    %rs = arith.muli %r2, %c4 : tensor<2x1xi32, #b1>
    %rb = tile.broadcast %rs : tensor<2x1xi32, #b1> -> tensor<2x4xi32, #b1>
    %cols = tile.make_range {end = 4 : i32, start = 0 : i32} : tensor<4xi32, #tilegpu.slice<{dim = 0, parent = #b1}>>
    %c2 = tile.expand_dims %cols {axis = 0 : i32} : tensor<4xi32, #tilegpu.slice<{dim = 0, parent = #b1}>> -> tensor<1x4xi32, #b1>
    %cb = tile.broadcast %c2 : tensor<1x4xi32, #b1> -> tensor<2x4xi32, #b1>
    %off = arith.addi %rb, %cb : tensor<2x4xi32, #b1>
    %base = tile.splat %p : !tile.ptr<i32> -> tensor<2x4x!tile.ptr<i32>, #b1>
    %ptrs = tile.addptr %base, %off : tensor<2x4x!tile.ptr<i32>, #b1>, tensor<2x4xi32, #b1>
    tile.store %ptrs, %c : tensor<2x4x!tile.ptr<i32>, #b1>
    return
  }
}
