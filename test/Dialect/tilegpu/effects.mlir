// RUN: tile-opt %s -cse -canonicalize | FileCheck %s
// The memory effects of the tilegpu ops let the upstream cleanups do their
// job: pure ops merge, shared-memory reads do not move across writes, and
// unused allocations and reads disappear while synchronization stays.

#b = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#m = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#s = #tilegpu.swizzled_shared<{vec = 1, perPhase = 1, maxPhase = 1, order = [1, 0]}>

// CHECK-LABEL: func.func @effects
func.func @effects(%x: tensor<64x32xf16, #b>, %y: tensor<64x32xf16, #b>, %i: i32)
    -> (tensor<64x32xf16, #m>, tensor<64x32xf16, #m>, tensor<64x32xf16, #b>, tensor<64x32xf16, #b>, tensor<64x32xf16, #b>) {
  // CHECK: %[[C:.+]] = tilegpu.convert_layout
  // CHECK-NOT: tilegpu.convert_layout
  %c0 = tilegpu.convert_layout %x : tensor<64x32xf16, #b> -> tensor<64x32xf16, #m>
  %c1 = tilegpu.convert_layout %x : tensor<64x32xf16, #b> -> tensor<64x32xf16, #m>
  // CHECK: %[[BUF:.+]] = tilegpu.local_alloc
  // CHECK-NEXT: tilegpu.local_store
  // CHECK-NEXT: %[[L0:.+]] = tilegpu.local_load %[[BUF]]
  // CHECK-NEXT: tilegpu.local_store
  // CHECK-NEXT: %[[L2:.+]] = tilegpu.local_load %[[BUF]]
  %buf = tilegpu.local_alloc : () -> !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable>
  tilegpu.local_store %x, %buf : tensor<64x32xf16, #b> -> !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable>
  %l0 = tilegpu.local_load %buf : !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable> -> tensor<64x32xf16, #b>
  %l1 = tilegpu.local_load %buf : !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable> -> tensor<64x32xf16, #b>
  tilegpu.local_store %y, %buf : tensor<64x32xf16, #b> -> !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable>
  %l2 = tilegpu.local_load %buf : !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable> -> tensor<64x32xf16, #b>
  // Unused: an allocation, a view, a read.
  %dead = tilegpu.local_alloc : () -> !tilegpu.memdesc<2x64x32xf16, #s, #tilegpu.shared_memory, mutable>
  %view = tilegpu.memdesc_index %dead[%i] : !tilegpu.memdesc<2x64x32xf16, #s, #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable, 2x64x32>
  %unused = tilegpu.local_load %buf : !tilegpu.memdesc<64x32xf16, #s, #tilegpu.shared_memory, mutable> -> tensor<64x32xf16, #b>
  // CHECK-NEXT: tilegpu.fence_async_shared
  // CHECK-NEXT: tilegpu.barrier
  // CHECK-NEXT: tilegpu.async_commit_group
  // CHECK-NEXT: tilegpu.async_wait
  // CHECK-NEXT: return %[[C]], %[[C]], %[[L0]], %[[L0]], %[[L2]]
  tilegpu.fence_async_shared
  tilegpu.barrier
  %g = tilegpu.async_commit_group
  %w = tilegpu.async_wait %g {num = 0 : i32}
  return %c0, %c1, %l0, %l1, %l2 : tensor<64x32xf16, #m>, tensor<64x32xf16, #m>, tensor<64x32xf16, #b>, tensor<64x32xf16, #b>, tensor<64x32xf16, #b>
}
