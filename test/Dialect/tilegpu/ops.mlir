// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s
// Round trip of every tilegpu attribute, type and op.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#blocked1d = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
#row = #tilegpu.slice<{dim = 1, parent = #blocked}>
#volta = #tilegpu.mma<{version = 1, warpsPerCTA = [2, 2], instrShape = [16, 16]}>
#mma = #tilegpu.mma<{version = 2, versionMinor = 1, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#wgmma = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 128, 16]}>
#opA = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#opB = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#wgA = #tilegpu.dot_operand<{opIdx = 0, parent = #wgmma, kWidth = 2}>
#fmaA = #tilegpu.dot_operand<{opIdx = 0, parent = #blocked}>
#linear = #tilegpu.linear<{register = [[0, 1], [0, 2]], lane = [[0, 4], [0, 8], [1, 0], [2, 0], [4, 0]], warp = [[8, 0], [16, 0]], block = []}>
#shared = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
#bar = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
#nvmma = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
#nvmma_t = #tilegpu.nvmma_shared<{swizzlingByteWidth = 64, transposed = true, elementBitWidth = 16}>
#smem = #tilegpu.shared_memory

// CHECK-DAG: [[$BLOCKED:#blocked[0-9]*]] = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-DAG: [[$BLOCKED1D:#blocked[0-9]*]] = #tilegpu.blocked<{sizePerThread = [4], threadsPerWarp = [32], warpsPerCTA = [4], order = [0]}>
// CHECK-DAG: [[$ROW:#slice[0-9]*]] = #tilegpu.slice<{dim = 1, parent = [[$BLOCKED]]}>
// CHECK-DAG: [[$VOLTA:#mma[0-9]*]] = #tilegpu.mma<{version = 1, warpsPerCTA = [2, 2], instrShape = [16, 16]}>
// CHECK-DAG: [[$MMA:#mma[0-9]*]] = #tilegpu.mma<{version = 2, versionMinor = 1, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK-DAG: [[$WGMMA:#mma[0-9]*]] = #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 128, 16]}>
// CHECK-DAG: [[$OPA:#dot_operand[0-9]*]] = #tilegpu.dot_operand<{opIdx = 0, parent = [[$MMA]], kWidth = 2}>
// CHECK-DAG: [[$OPB:#dot_operand[0-9]*]] = #tilegpu.dot_operand<{opIdx = 1, parent = [[$MMA]], kWidth = 2}>
// CHECK-DAG: [[$WGA:#dot_operand[0-9]*]] = #tilegpu.dot_operand<{opIdx = 0, parent = [[$WGMMA]], kWidth = 2}>
// CHECK-DAG: [[$FMAA:#dot_operand[0-9]*]] = #tilegpu.dot_operand<{opIdx = 0, parent = [[$BLOCKED]]}>
// CHECK-DAG: [[$LINEAR:#linear[0-9]*]] = #tilegpu.linear<{register = {{\[\[}}0, 1], [0, 2]], lane = {{\[\[}}0, 4], [0, 8], [1, 0], [2, 0], [4, 0]], warp = {{\[\[}}8, 0], [16, 0]], block = []}>
// CHECK-DAG: [[$SHARED:#swizzled_shared[0-9]*]] = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
// CHECK-DAG: [[$BAR:#swizzled_shared[0-9]*]] = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [0]}>
// CHECK-DAG: [[$NVMMA:#nvmma_shared[0-9]*]] = #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = false, elementBitWidth = 16}>
// CHECK-DAG: [[$NVMMAT:#nvmma_shared[0-9]*]] = #tilegpu.nvmma_shared<{swizzlingByteWidth = 64, transposed = true, elementBitWidth = 16}>

// CHECK: module attributes {"tilegpu.num-warps" = 4 : i32, tilegpu.shared = 0 : i32, tilegpu.target = "cuda:90a", "tilegpu.threads-per-warp" = 32 : i32}
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32,
                   "tilegpu.target" = "cuda:90a", "tilegpu.shared" = 0 : i32} {

// CHECK-LABEL: func.func @layouts
func.func @layouts(%x: tensor<64x64xf32, #blocked>, %r: tensor<64xf32, #row>,
                   %v: tensor<128xf32, #blocked1d>, %w: tensor<64x64xf32, #volta>,
                   %l: tensor<32x16xf32, #linear>, %f: tensor<64x64xf32, #fmaA>) {
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, [[$BLOCKED]]> -> tensor<64x64xf32, [[$MMA]]>
  %0 = tilegpu.convert_layout %x : tensor<64x64xf32, #blocked> -> tensor<64x64xf32, #mma>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, [[$MMA]]> -> tensor<64x64xf32, [[$OPA]]>
  %1 = tilegpu.convert_layout %0 : tensor<64x64xf32, #mma> -> tensor<64x64xf32, #opA>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, [[$BLOCKED]]> -> tensor<64x64xf32, [[$OPB]]>
  %2 = tilegpu.convert_layout %x : tensor<64x64xf32, #blocked> -> tensor<64x64xf32, #opB>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64xf32, [[$ROW]]> -> tensor<64xf32, [[$BLOCKED1D]]>
  %3 = tilegpu.convert_layout %r : tensor<64xf32, #row> -> tensor<64xf32, #blocked1d>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<32x16xf32, [[$LINEAR]]> -> tensor<32x16xf32, [[$BLOCKED]]>
  %4 = tilegpu.convert_layout %l : tensor<32x16xf32, #linear> -> tensor<32x16xf32, #blocked>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, [[$VOLTA]]> -> tensor<64x64xf32, [[$FMAA]]>
  %5 = tilegpu.convert_layout %w : tensor<64x64xf32, #volta> -> tensor<64x64xf32, #fmaA>
  // CHECK: tilegpu.convert_layout %{{.*}} : tensor<64x64xf32, [[$WGMMA]]> -> tensor<64x64xf32, [[$WGA]]>
  %6 = arith.constant dense<0.0> : tensor<64x64xf32, #wgmma>
  %7 = tilegpu.convert_layout %6 : tensor<64x64xf32, #wgmma> -> tensor<64x64xf32, #wgA>
  return
}

// CHECK-LABEL: func.func @local_memory
func.func @local_memory(%x: tensor<64x32xf16, #blocked>, %i: i32) -> tensor<64x32xf16, #blocked> {
  // CHECK: %[[A:.+]] = tilegpu.local_alloc %{{.*}} : (tensor<64x32xf16, [[$BLOCKED]]>) -> !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory>
  %a = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #shared, #smem>
  // CHECK: %[[RING:.+]] = tilegpu.local_alloc {alignment = 128 : i32} : () -> !tilegpu.memdesc<3x64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable>
  %ring = tilegpu.local_alloc {alignment = 128 : i32} : () -> !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
  // CHECK: %[[SLOT:.+]] = tilegpu.memdesc_index %[[RING]][%{{.*}}] : !tilegpu.memdesc<3x64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x64x32>
  %slot = tilegpu.memdesc_index %ring[%i] : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
  // CHECK: tilegpu.local_store %{{.*}}, %[[SLOT]] : tensor<64x32xf16, [[$BLOCKED]]> -> !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x64x32>
  tilegpu.local_store %x, %slot : tensor<64x32xf16, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32>
  // CHECK: tilegpu.memdesc_trans %[[SLOT]] {order = array<i32: 1, 0>} : !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x64x32> -> !tilegpu.memdesc<32x64xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x32x64>
  %t = tilegpu.memdesc_trans %slot {order = array<i32: 1, 0>} : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32> -> !tilegpu.memdesc<32x64xf16, #shared, #smem, mutable, 3x32x64>
  // CHECK: tilegpu.memdesc_subslice %[[SLOT]] [0, 16] : !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x64x32> -> !tilegpu.memdesc<64x16xf16, [[$SHARED]], #tilegpu.shared_memory, mutable, 3x64x32>
  %k1 = tilegpu.memdesc_subslice %slot [0, 16] : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable, 3x64x32> -> !tilegpu.memdesc<64x16xf16, #shared, #smem, mutable, 3x64x32>
  // CHECK: tilegpu.memdesc_subslice %[[A]] [32, 0] : !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory> -> !tilegpu.memdesc<32x32xf16, [[$SHARED]], #tilegpu.shared_memory, 64x32>
  %rows = tilegpu.memdesc_subslice %a [32, 0] : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> !tilegpu.memdesc<32x32xf16, #shared, #smem, 64x32>
  // CHECK: tilegpu.local_load %[[A]] : !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory> -> tensor<64x32xf16, [[$BLOCKED]]>
  %y = tilegpu.local_load %a : !tilegpu.memdesc<64x32xf16, #shared, #smem> -> tensor<64x32xf16, #blocked>
  // CHECK: tilegpu.local_dealloc %[[RING]] : !tilegpu.memdesc<3x64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable>
  tilegpu.local_dealloc %ring : !tilegpu.memdesc<3x64x32xf16, #shared, #smem, mutable>
  return %y : tensor<64x32xf16, #blocked>
}

// CHECK-LABEL: func.func @cp_async
func.func @cp_async(%ptrs: tensor<64x32x!tile.ptr<f16>, #blocked>, %mask: tensor<64x32xi1, #blocked>,
                    %other: tensor<64x32xf16, #blocked>) -> tensor<64x32xf16, #blocked> {
  %buf = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
  // CHECK: %[[T0:.+]] = tilegpu.async_copy_global_to_local %{{.*}}, %{{.*}} : tensor<64x32x!tile.ptr<f16>, [[$BLOCKED]]> -> !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable>
  %t0 = tilegpu.async_copy_global_to_local %ptrs, %buf : tensor<64x32x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
  // CHECK: %[[T1:.+]] = tilegpu.async_copy_global_to_local %{{.*}}, %{{.*}} mask %{{.*}} other %{{.*}} cacheModifier = cg evictionPolicy = evict_first volatile : tensor<64x32x!tile.ptr<f16>, [[$BLOCKED]]> -> !tilegpu.memdesc<64x32xf16, [[$SHARED]], #tilegpu.shared_memory, mutable>
  %t1 = tilegpu.async_copy_global_to_local %ptrs, %buf mask %mask other %other cacheModifier = cg evictionPolicy = evict_first volatile
      : tensor<64x32x!tile.ptr<f16>, #blocked> -> !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable>
  // CHECK: %[[G:.+]] = tilegpu.async_commit_group tokens %[[T0]], %[[T1]]
  %g = tilegpu.async_commit_group tokens %t0, %t1
  // CHECK: tilegpu.async_commit_group{{$}}
  %empty = tilegpu.async_commit_group
  // CHECK: %[[W:.+]] = tilegpu.async_wait %[[G]] {num = 0 : i32}
  %w = tilegpu.async_wait %g {num = 0 : i32}
  // CHECK: tilegpu.async_wait {num = 1 : i32}
  %w1 = tilegpu.async_wait {num = 1 : i32}
  // CHECK: tilegpu.local_load %{{.*}} token %[[W]] :
  %y = tilegpu.local_load %buf token %w : !tilegpu.memdesc<64x32xf16, #shared, #smem, mutable> -> tensor<64x32xf16, #blocked>
  return %y : tensor<64x32xf16, #blocked>
}

// CHECK-LABEL: func.func @wgmma
func.func @wgmma(%a: !tilegpu.memdesc<128x64xf16, #nvmma, #smem>, %b: !tilegpu.memdesc<64x128xf16, #nvmma_t, #smem>,
                 %ar: tensor<128x64xf16, #wgA>, %acc: tensor<128x128xf32, #wgmma>, %useC: i1)
    -> (tensor<128x128xf32, #wgmma>, tensor<128x128xf32, #wgmma>) {
  // CHECK: %[[D:.+]] = tilegpu.warpgroup_dot %{{.*}}, %{{.*}}, %{{.*}} {isAsync} : !tilegpu.memdesc<128x64xf16, [[$NVMMA]], #tilegpu.shared_memory> * !tilegpu.memdesc<64x128xf16, [[$NVMMAT]], #tilegpu.shared_memory> -> tensor<128x128xf32, [[$WGMMA]]>
  %d = tilegpu.warpgroup_dot %a, %b, %acc {isAsync} : !tilegpu.memdesc<128x64xf16, #nvmma, #smem> * !tilegpu.memdesc<64x128xf16, #nvmma_t, #smem> -> tensor<128x128xf32, #wgmma>
  // CHECK: %[[E:.+]] = tilegpu.warpgroup_dot %{{.*}}, %{{.*}}, %[[D]], %{{.*}}, inputPrecision = ieee {maxNumImpreciseAcc = 32 : i32} : tensor<128x64xf16, [[$WGA]]> * !tilegpu.memdesc<64x128xf16, [[$NVMMAT]], #tilegpu.shared_memory> -> tensor<128x128xf32, [[$WGMMA]]>
  %e = tilegpu.warpgroup_dot %ar, %b, %d, %useC, inputPrecision = ieee {maxNumImpreciseAcc = 32 : i32} : tensor<128x64xf16, #wgA> * !tilegpu.memdesc<64x128xf16, #nvmma_t, #smem> -> tensor<128x128xf32, #wgmma>
  // CHECK: %{{.*}}:3 = tilegpu.warpgroup_dot_wait %[[D]], %[[E]], %{{.*}} {pendings = 0 : i32} : tensor<128x128xf32, [[$WGMMA]]>, tensor<128x128xf32, [[$WGMMA]]>, !tilegpu.memdesc<64x128xf16, [[$NVMMAT]], #tilegpu.shared_memory>
  %r:3 = tilegpu.warpgroup_dot_wait %d, %e, %b {pendings = 0 : i32} : tensor<128x128xf32, #wgmma>, tensor<128x128xf32, #wgmma>, !tilegpu.memdesc<64x128xf16, #nvmma_t, #smem>
  return %r#0, %r#1 : tensor<128x128xf32, #wgmma>, tensor<128x128xf32, #wgmma>
}

// CHECK-LABEL: func.func @tma
func.func @tma(%desc: !tile.ptr<i8>, %block: !tile.ptr<tensor<128x64xf16>>, %m: i32, %k: i32,
               %pred: i1, %phase: i32) {
  // CHECK: %[[BAR:.+]] = tilegpu.local_alloc : () -> !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  %bar = tilegpu.local_alloc : () -> !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  %buf = tilegpu.local_alloc : () -> !tilegpu.memdesc<128x64xf16, #nvmma, #smem, mutable>
  // CHECK: tilegpu.init_barrier %[[BAR]], 1 : !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  tilegpu.init_barrier %bar, 1 : !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  // CHECK: tilegpu.barrier_expect %[[BAR]], 16384, %{{.*}} : !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  tilegpu.barrier_expect %bar, 16384, %pred : !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  // CHECK: tilegpu.async_tma_copy_global_to_local %{{.*}}[%{{.*}}, %{{.*}}] %{{.*}}, %[[BAR]], %{{.*}} : !tile.ptr<i8>, !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, [[$NVMMA]], #tilegpu.shared_memory, mutable>
  tilegpu.async_tma_copy_global_to_local %desc[%m, %k] %buf, %bar, %pred
      : !tile.ptr<i8>, !tilegpu.memdesc<1xi64, #bar, #smem, mutable> -> !tilegpu.memdesc<128x64xf16, #nvmma, #smem, mutable>
  // CHECK: tilegpu.async_tma_copy_global_to_local %{{.*}}[%{{.*}}, %{{.*}}] %{{.*}}, %[[BAR]], %{{.*}} cacheModifier = ca evictionPolicy = evict_last : !tile.ptr<tensor<128x64xf16>>, !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<128x64xf16, [[$NVMMA]], #tilegpu.shared_memory, mutable>
  tilegpu.async_tma_copy_global_to_local %block[%m, %k] %buf, %bar, %pred cacheModifier = ca evictionPolicy = evict_last
      : !tile.ptr<tensor<128x64xf16>>, !tilegpu.memdesc<1xi64, #bar, #smem, mutable> -> !tilegpu.memdesc<128x64xf16, #nvmma, #smem, mutable>
  // CHECK: tilegpu.wait_barrier %[[BAR]], %{{.*}} : !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  tilegpu.wait_barrier %bar, %phase : !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  // CHECK: tilegpu.wait_barrier %[[BAR]], %{{.*}}, %{{.*}} : !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  tilegpu.wait_barrier %bar, %phase, %pred : !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  // CHECK: tilegpu.fence_async_shared{{$}}
  tilegpu.fence_async_shared {bCluster = false}
  // CHECK: tilegpu.fence_async_shared {bCluster = true}
  tilegpu.fence_async_shared {bCluster = true}
  // CHECK: tilegpu.barrier{{$}}
  tilegpu.barrier
  // CHECK: tilegpu.inval_barrier %[[BAR]] : !tilegpu.memdesc<1xi64, [[$BAR]], #tilegpu.shared_memory, mutable>
  tilegpu.inval_barrier %bar : !tilegpu.memdesc<1xi64, #bar, #smem, mutable>
  return
}

}
