// RUN: tile-opt %s -split-input-file -tilegpu-allocate-shared-memory -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s
// Atomics that take more than one atom, or whose old values reach copies
// of an element in other threads.

// Float max: atom.max.s32 on the bits when the sign bit is clear,
// atom.min.u32 when it is set, each predicated on the sign (and the mask);
// the old value comes from the one that ran. Float min on f64 the other way
// round, on 64-bit bits.
#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @float_max_min
  func.func @float_max_min(%p: !tile.ptr<f32>, %q: !tile.ptr<f64>, %x: f32, %y: f64, %m: i1) {
    // CHECK: %[[BITS:.*]] = llvm.bitcast %{{.*}} : f32 to i32
    // CHECK: %[[NEG:.*]] = llvm.icmp "slt" %[[BITS]], %{{.*}} : i32
    // CHECK: %[[NONNEG:.*]] = llvm.icmp "sge" %[[BITS]], %{{.*}} : i32
    // CHECK: %[[P1:.*]] = llvm.and %{{.*}}, %[[NONNEG]] : i1
    // CHECK: %[[A:.*]] = llvm.inline_asm has_side_effects "@$3 atom.relaxed.gpu.global.max.s32 $0, [ $1 + 0 ], $2;", "=r,l,r,b" %{{.*}}, %{{.*}}, %[[P1]]
    // CHECK: %[[P2:.*]] = llvm.and %{{.*}}, %[[NEG]] : i1
    // CHECK: %[[B:.*]] = llvm.inline_asm has_side_effects "@$3 atom.relaxed.gpu.global.min.u32 $0, [ $1 + 0 ], $2;", "=r,l,r,b" %{{.*}}, %{{.*}}, %[[P2]]
    // CHECK: llvm.select %[[NEG]], %{{.*}}, %{{.*}} : i1, f32
    %old = tile.atomic_rmw max, relaxed, gpu, %p, %x, %m : f32
    // CHECK: llvm.bitcast %{{.*}} : f64 to i64
    // CHECK: atom.acq_rel.cta.global.min.s64 $0, [ $1 + 0 ], $2;", "=l,l,l,b"
    // CHECK: atom.acq_rel.cta.global.max.u64 $0, [ $1 + 0 ], $2;", "=l,l,l,b"
    %old64 = tile.atomic_rmw min, acq_rel, cta, %q, %y : f64
    return
  }
}

// -----

// fadd on f16 (cuda:70 and newer) and bf16 (cuda:90 and newer), and a
// 16-bit compare-and-swap, in 16-bit registers.
#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90"} {
  // CHECK-LABEL: llvm.func @half_adds
  func.func @half_adds(%p: !tile.ptr<f16>, %q: !tile.ptr<bf16>, %r: !tile.ptr<i16>) {
    %range = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32, #b1>
    %one = arith.constant dense<1.0> : tensor<32xf16, #b1>
    %base = tile.splat %p : !tile.ptr<f16> -> tensor<32x!tile.ptr<f16>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<32x!tile.ptr<f16>, #b1>, tensor<32xi32, #b1>
    // CHECK: llvm.bitcast %{{.*}} : f16 to i16
    // CHECK: llvm.inline_asm has_side_effects "atom.relaxed.gpu.global.add.noftz.f16 $0, [ $1 + 0 ], $2;", "=h,l,h" {{.*}} : (!llvm.ptr<1>, i16) -> i16
    %old = tile.atomic_rmw fadd, relaxed, gpu, %ptrs, %one : tensor<32xf16, #b1>
    %bone = arith.constant 1.0 : bf16
    // CHECK: atom.relaxed.gpu.global.add.noftz.bf16 $0, [ $1 + 0 ], $2;", "=h,l,h,b"
    %bold = tile.atomic_rmw fadd, relaxed, gpu, %q, %bone : bf16
    %zero = arith.constant 0 : i16
    // CHECK: atom.acquire.gpu.global.cas.b16 $0, [ $1 + 0 ], $2, $3;", "=h,l,h,h,b"
    %swapped = tile.atomic_cas acquire, gpu, %r, %zero, %zero : i16
    return
  }
}

// -----

// A used result with copies in other lanes (16 elements over 32 lanes):
// lanes 0-15 update, and every lane takes the old value from the lane
// without the copy bit (lane & ~16) by a shuffle. No shared memory.
#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [1], order = [0]}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 0 : i32
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @copies_in_lanes
  func.func @copies_in_lanes(%p: !tile.ptr<i32>) {
    %range = tile.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32, #b1>
    %base = tile.splat %p : !tile.ptr<i32> -> tensor<16x!tile.ptr<i32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<16x!tile.ptr<i32>, #b1>, tensor<16xi32, #b1>
    // CHECK: %[[OLD:.*]] = llvm.inline_asm has_side_effects "@$3 atom.relaxed.gpu.global.add.u32
    // CHECK: %[[NOT_COPY:.*]] = llvm.mlir.constant(-17 : i32) : i32
    // CHECK-NEXT: %[[OWNER:.*]] = llvm.and %{{.*}}, %[[NOT_COPY]] : i32
    // CHECK: nvvm.shfl.sync idx %{{.*}}, %[[OLD]], %[[OWNER]], %{{.*}} : i32 -> i32
    // CHECK-NOT: nvvm.barrier0
    %old = tile.atomic_rmw add, relaxed, gpu, %ptrs, %range : tensor<16xi32, #b1>
    tile.store %ptrs, %old : tensor<16x!tile.ptr<i32>, #b1>
    return
  }
}

// -----

// Copies in other warps (64 elements over 4 warps of 32): the owners store
// their old values at the element's index in a 256-byte scratch, a
// barrier, and every thread loads its elements. An unused result needs
// none of it.
#b1 = #tilegpu.blocked<{sizePerThread = [1], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK: module attributes {{{.*}}tilegpu.shared = 256 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @copies_in_warps
  func.func @copies_in_warps(%p: !tile.ptr<f32>) {
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32, #b1>
    %one = arith.constant dense<1.0> : tensor<64xf32, #b1>
    %base = tile.splat %p : !tile.ptr<f32> -> tensor<64x!tile.ptr<f32>, #b1>
    %ptrs = tile.addptr %base, %range : tensor<64x!tile.ptr<f32>, #b1>, tensor<64xi32, #b1>
    // CHECK: %[[OWNER:.*]] = llvm.icmp "eq"
    // CHECK: llvm.inline_asm has_side_effects "@$3 atom.relaxed.gpu.global.add.f32
    // CHECK: llvm.mlir.addressof @global_smem
    // CHECK: scf.if %[[OWNER]] {
    // CHECK-NEXT: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : f32, !llvm.ptr<3>
    // CHECK-NEXT: }
    // CHECK-NEXT: nvvm.barrier0
    // CHECK-NEXT: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> f32
    %old = tile.atomic_rmw fadd, relaxed, gpu, %ptrs, %one : tensor<64xf32, #b1>
    // CHECK: atom.relaxed.gpu.global.add.f32
    // CHECK-NOT: nvvm.barrier0
    // CHECK: llvm.return
    %unused = tile.atomic_rmw fadd, relaxed, gpu, %ptrs, %old : tensor<64xf32, #b1>
    return
  }
}

// -----

// A scalar's old value comes from thread 0: by a shuffle from lane 0 on one
// warp, through 4 bytes of shared memory on several.
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @scalar_one_warp
  func.func @scalar_one_warp(%p: !tile.ptr<i32>) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    // CHECK: %[[OLD:.*]] = llvm.inline_asm has_side_effects "@$4 atom.acquire.gpu.global.cas.b32
    // CHECK: %[[NOT_COPY:.*]] = llvm.mlir.constant(-32 : i32) : i32
    // CHECK-NEXT: %[[LANE0:.*]] = llvm.and %{{.*}}, %[[NOT_COPY]] : i32
    // CHECK: nvvm.shfl.sync idx %{{.*}}, %[[OLD]], %[[LANE0]]
    %old = tile.atomic_cas acquire, gpu, %p, %c0, %c1 : i32
    tile.store %p, %old : !tile.ptr<i32>
    return
  }
}

// -----

// CHECK: module attributes {{{.*}}tilegpu.shared = 4 : i32
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @scalar_four_warps
  func.func @scalar_four_warps(%p: !tile.ptr<i32>) {
    %c1 = arith.constant 1 : i32
    // CHECK: atom.relaxed.gpu.global.add.u32
    // CHECK: scf.if
    // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : i32, !llvm.ptr<3>
    // CHECK: nvvm.barrier0
    // CHECK: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> i32
    %old = tile.atomic_rmw add, relaxed, gpu, %p, %c1 : i32
    tile.store %p, %old : !tile.ptr<i32>
    return
  }
}
