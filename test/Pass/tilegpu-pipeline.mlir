// RUN: tile-opt %s -split-input-file -tilegpu-pipeline=num-stages=3 | FileCheck %s --check-prefixes=CHECK,SKIP,S3
// RUN: tile-opt %s -split-input-file -tilegpu-pipeline=num-stages=2 | FileCheck %s --check-prefixes=CHECK,SKIP,S2
// RUN: tile-opt %s -split-input-file -tilegpu-pipeline=num-stages=4 | FileCheck %s --check-prefixes=CHECK,SKIP,S4
// RUN: tile-opt %s -split-input-file -tilegpu-pipeline=num-stages=1 | FileCheck %s --check-prefixes=CHECK,S1

// The K loop of a matmul whose A and B tiles are loaded 16 bytes a thread
// (contiguity and divisibility hints on the pointers) becomes a software
// pipeline: one ring buffer of num-stages slots per operand, the copies of
// iterations 0 .. S-2 before the loop, and in the loop a wait until only
// S-2 groups are in flight (iteration i has landed), the copies of
// iteration i+S-1 into slot `insert` (masked off past the end: i+S-1 < K),
// and the operands read from slot `extract`. The slots advance mod S. The
// pointers are carried S-1 iterations ahead and are only advanced; the K
// mask is recomputed for iteration i+S-1. num-stages 1 changes nothing.

#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#row = #tilegpu.slice<{dim = 0, parent = #blocked}>
// CHECK-LABEL: func.func @matmul
// S1-NOT: tilegpu.async_copy_global_to_local
// S1-NOT: tilegpu.local_alloc

// S3: %[[RING_A:.*]] = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x64x32xf16, #[[$SHARED_A:[a-z_0-9]+]], #tilegpu.shared_memory, mutable>
// S3: %[[RING_B:.*]] = tilegpu.local_alloc : () -> !tilegpu.memdesc<3x32x64xf16, #[[$SHARED_B:[a-z_0-9]+]], #tilegpu.shared_memory, mutable>
// Prologue: iteration 0 into slot 0 (masked off if the loop does not run) ...
// S3: %[[A1:.*]] = tile.addptr %arg0, %cst
// S3: %[[B1:.*]] = tile.addptr %arg1, %cst_0
// S3: %[[IN0:.*]] = arith.cmpi slt, %c0_i32, %arg2 : i32
// S3: %[[SLOT0:.*]] = tilegpu.memdesc_index %[[RING_A]][%[[ZERO:.*]]] : !tilegpu.memdesc<3x64x32xf16, #[[$SHARED_A]], #tilegpu.shared_memory, mutable> -> !tilegpu.memdesc<64x32xf16, #[[$SHARED_A]], #tilegpu.shared_memory, mutable, 3x64x32>
// S3: %[[SPLAT0:.*]] = tile.splat %[[IN0]] : i1 -> tensor<64x32xi1, #blocked>
// S3: %[[MASK0:.*]] = arith.andi %{{.*}}, %[[SPLAT0]] : tensor<64x32xi1, #blocked>
// S3: %[[COPY_A0:.*]] = tilegpu.async_copy_global_to_local %arg0, %[[SLOT0]] mask %[[MASK0]]
// S3: %[[COPY_B0:.*]] = tilegpu.async_copy_global_to_local %arg1,
// S3: tilegpu.async_commit_group tokens %[[COPY_A0]], %[[COPY_B0]]
// ... and iteration 1 into slot 1, from pointers advanced once.
// S3: %[[A2:.*]] = tile.addptr %[[A1]], %cst
// S3: %[[B2:.*]] = tile.addptr %[[B1]], %cst_0
// S3: tilegpu.memdesc_index %[[RING_A]][%c1_i32
// S3: tilegpu.async_copy_global_to_local %[[A1]],
// S3: tilegpu.async_copy_global_to_local %[[B1]],
// S3: tilegpu.async_commit_group
// The loop carries the pointers of iteration i+2 and the two slots.
// S3: %[[LOOP:.*]]:5 = scf.for %[[IV:.*]] = %c0_i32 to %arg2 step %c32_i32 iter_args(%[[ACC:.*]] = %cst_1, %[[A:.*]] = %[[A2]], %[[B:.*]] = %[[B2]], %[[EXTRACT:.*]] = %c0_i32{{.*}}, %[[INSERT:.*]] = %c2_i32)
// S3-NEXT: %[[LANDED:.*]] = tilegpu.async_wait {num = 1 : i32}
// S3: %[[DISTANCE:.*]] = arith.muli %c32_i32, %c2_i32{{.*}} : i32
// S3: %[[AHEAD:.*]] = arith.addi %[[IV]], %[[DISTANCE]] : i32
// S3: arith.subi %arg2, %[[AHEAD]] : i32
// S3: %[[IN:.*]] = arith.cmpi slt, %[[AHEAD]], %arg2 : i32
// S3: %[[SLOT_A:.*]] = tilegpu.memdesc_index %[[RING_A]][%[[INSERT]]]
// S3: tile.splat %[[IN]] : i1 -> tensor<64x32xi1, #blocked>
// S3: %[[COPY_A:.*]] = tilegpu.async_copy_global_to_local %[[A]], %[[SLOT_A]] mask
// S3: %[[SLOT_B:.*]] = tilegpu.memdesc_index %[[RING_B]][%[[INSERT]]]
// S3: %[[COPY_B:.*]] = tilegpu.async_copy_global_to_local %[[B]], %[[SLOT_B]] mask
// S3: tilegpu.async_commit_group tokens %[[COPY_A]], %[[COPY_B]]
// S3: %[[READ_A:.*]] = tilegpu.memdesc_index %[[RING_A]][%[[EXTRACT]]]
// S3: %[[OPERAND_A:.*]] = tilegpu.local_load %[[READ_A]] token %[[LANDED]] : {{.*}} -> tensor<64x32xf16, #dot_operand>
// S3: %[[READ_B:.*]] = tilegpu.memdesc_index %[[RING_B]][%[[EXTRACT]]]
// S3: %[[OPERAND_B:.*]] = tilegpu.local_load %[[READ_B]] token %[[LANDED]] : {{.*}} -> tensor<32x64xf16, #dot_operand1>
// S3: %[[DOT:.*]] = tile.dot %[[OPERAND_A]], %[[OPERAND_B]], %[[ACC]]
// S3: %[[NEXT_A:.*]] = tile.addptr %[[A]], %cst
// S3: %[[NEXT_B:.*]] = tile.addptr %[[B]], %cst_0
// S3: %[[E1:.*]] = arith.addi %[[EXTRACT]], %c1_i32
// S3: %[[EW:.*]] = arith.cmpi slt, %[[E1]], %c3_i32
// S3: %[[NEXT_EXTRACT:.*]] = arith.select %[[EW]], %[[E1]], %c0_i32
// S3: %[[I1:.*]] = arith.addi %[[INSERT]], %c1_i32
// S3: %[[IW:.*]] = arith.cmpi slt, %[[I1]], %c3_i32
// S3: %[[NEXT_INSERT:.*]] = arith.select %[[IW]], %[[I1]], %c0_i32
// S3: scf.yield %[[DOT]], %[[NEXT_A]], %[[NEXT_B]], %[[NEXT_EXTRACT]], %[[NEXT_INSERT]]
// The copies still in flight (all masked off) finish before the rings go.
// S3: tilegpu.async_wait {num = 0 : i32}
// S3-NEXT: tilegpu.local_dealloc %[[RING_A]]
// S3-NEXT: tilegpu.local_dealloc %[[RING_B]]
// S3-NEXT: return %[[LOOP]]#0

// Two stages: one prologue copy, wait for everything, slots 0 and 1.
// S2: tilegpu.local_alloc : () -> !tilegpu.memdesc<2x64x32xf16
// S2: tilegpu.async_commit_group
// S2-NOT: tilegpu.async_commit_group
// S2: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %c0_i32{{.*}}, %{{.*}} = %c1_i32)
// S2-NEXT: tilegpu.async_wait {num = 0 : i32}
// S2: arith.muli %c32_i32, %c1_i32{{.*}} : i32
// S2: arith.cmpi slt, %{{.*}}, %c2_i32

// Four stages: three prologue copies into slots 0, 1, 2; two groups may
// stay in flight.
// S4: tilegpu.local_alloc : () -> !tilegpu.memdesc<4x64x32xf16
// S4: tilegpu.memdesc_index %{{.*}}[%c0_i32
// S4: tilegpu.async_commit_group
// S4: tilegpu.memdesc_index %{{.*}}[%c1_i32
// S4: tilegpu.async_commit_group
// S4: tilegpu.memdesc_index %{{.*}}[%c2_i32
// S4: tilegpu.async_commit_group
// S4: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %c0_i32{{.*}}, %{{.*}} = %c3_i32)
// S4-NEXT: tilegpu.async_wait {num = 2 : i32}
// S4: arith.muli %c32_i32, %c3_i32{{.*}} : i32
// S4: arith.cmpi slt, %{{.*}}, %c4_i32

module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @matmul(%a0: tensor<64x32x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                    %b0: tensor<32x64x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                    %K: i32 {tile.divisibility = 16 : i32}) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c32 = arith.constant 32 : i32
    %step_a = arith.constant dense<32> : tensor<64x32xi32, #blocked>
    %step_b = arith.constant dense<2048> : tensor<32x64xi32, #blocked>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %zero_a = arith.constant dense<0.0> : tensor<64x32xf16, #blocked>
    %k = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32, #row>
    %k2 = tile.expand_dims %k {axis = 0 : i32} : tensor<32xi32, #row> -> tensor<1x32xi32, #blocked>
    %r:3 = scf.for %iv = %c0 to %K step %c32 iter_args(%acc = %zero, %a_ptrs = %a0, %b_ptrs = %b0) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<32x64x!tile.ptr<f16>, #blocked>) : i32 {
      %left = arith.subi %K, %iv : i32
      %left_t = tile.splat %left : i32 -> tensor<1x32xi32, #blocked>
      %in_k = arith.cmpi slt, %k2, %left_t : tensor<1x32xi32, #blocked>
      %mask = tile.broadcast %in_k : tensor<1x32xi1, #blocked> -> tensor<64x32xi1, #blocked>
      %a = tile.load %a_ptrs, %mask, %zero_a : tensor<64x32x!tile.ptr<f16>, #blocked>
      %b = tile.load %b_ptrs : tensor<32x64x!tile.ptr<f16>, #blocked>
      %a_op = tilegpu.convert_layout %a : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
      %b_op = tilegpu.convert_layout %b : tensor<32x64xf16, #blocked> -> tensor<32x64xf16, #b>
      %d = tile.dot %a_op, %b_op, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %a_next = tile.addptr %a_ptrs, %step_a : tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<64x32xi32, #blocked>
      %b_next = tile.addptr %b_ptrs, %step_b : tensor<32x64x!tile.ptr<f16>, #blocked>, tensor<32x64xi32, #blocked>
      scf.yield %d, %a_next, %b_next : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<32x64x!tile.ptr<f16>, #blocked>
    }
    return %r#0 : tensor<64x64xf32, #mma>
  }
}

// -----

// Loads of one f16 element a thread (no contiguity known) cannot be cp.async
// copies: the loop stays as it is and says why (in an attribute, since the
// C API has no remarks).
#blocked = #tilegpu.blocked<{sizePerThread = [1, 1], threadsPerWarp = [1, 32], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @scalar_loads
  // CHECK-NOT: tilegpu.async_copy_global_to_local
  // CHECK: tile.load
  // SKIP: tile_pipeline.skipped = "not pipelined: a thread's contiguous run of a dot operand load is under 4 bytes
  func.func @scalar_loads(%a0: tensor<64x32x!tile.ptr<f16>, #blocked>, %b: tensor<32x64xf16, #b>, %n: i32) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %step = arith.constant dense<32> : tensor<64x32xi32, #blocked>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero, %a_ptrs = %a0) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>) : i32 {
      %a = tile.load %a_ptrs : tensor<64x32x!tile.ptr<f16>, #blocked>
      %a_op = tilegpu.convert_layout %a : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
      %d = tile.dot %a_op, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %a_next = tile.addptr %a_ptrs, %step : tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<64x32xi32, #blocked>
      scf.yield %d, %a_next : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>
    }
    return %r#0 : tensor<64x64xf32, #mma>
  }
}

// -----

// cp.async fills masked-off elements with zeros, so a load whose `other` is
// not zero stays a load.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @other_not_zero
  // CHECK-NOT: tilegpu.async_copy_global_to_local
  // SKIP: tile_pipeline.skipped = "not pipelined: the load's `other` is not zero
  func.func @other_not_zero(%a0: tensor<64x32x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                            %mask: tensor<64x32xi1, #blocked>, %b: tensor<32x64xf16, #b>, %n: i32) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %step = arith.constant dense<32> : tensor<64x32xi32, #blocked>
    %one = arith.constant dense<1.0> : tensor<64x32xf16, #blocked>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero, %a_ptrs = %a0) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>) : i32 {
      %a = tile.load %a_ptrs, %mask, %one : tensor<64x32x!tile.ptr<f16>, #blocked>
      %a_op = tilegpu.convert_layout %a : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
      %d = tile.dot %a_op, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %a_next = tile.addptr %a_ptrs, %step : tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<64x32xi32, #blocked>
      scf.yield %d, %a_next : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>
    }
    return %r#0 : tensor<64x64xf32, #mma>
  }
}

// -----

// The pointers are also returned from the loop, so they cannot run ahead.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: func.func @pointers_used_after
  // CHECK-NOT: tilegpu.async_copy_global_to_local
  // SKIP: tile_pipeline.skipped = "not pipelined: a loop-carried value the loads use is also used after the loop"
  func.func @pointers_used_after(%a0: tensor<64x32x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                                 %b: tensor<32x64xf16, #b>, %n: i32) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %step = arith.constant dense<32> : tensor<64x32xi32, #blocked>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero, %a_ptrs = %a0) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>) : i32 {
      %a = tile.load %a_ptrs : tensor<64x32x!tile.ptr<f16>, #blocked>
      %a_op = tilegpu.convert_layout %a : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
      %d = tile.dot %a_op, %b, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %a_next = tile.addptr %a_ptrs, %step : tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<64x32xi32, #blocked>
      scf.yield %d, %a_next : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>
    }
    return %r#0, %r#1 : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>
  }
}

// -----

// The same loop for Turing, which has mma.sync but no cp.async: left as it
// is, with the reason.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#row = #tilegpu.slice<{dim = 0, parent = #blocked}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:75"} {
  // CHECK-LABEL: func.func @turing_k_loop
  // CHECK-NOT: tilegpu.async_copy_global_to_local
  // SKIP: tile_pipeline.skipped = "not pipelined: cp.async needs cuda:80 or newer (this module targets cuda:75)"
  func.func @turing_k_loop(%a0: tensor<64x32x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                    %b0: tensor<32x64x!tile.ptr<f16>, #blocked> {tile.contiguity = 8 : i32, tile.divisibility = 16 : i32},
                    %K: i32 {tile.divisibility = 16 : i32}) -> tensor<64x64xf32, #mma> {
    %c0 = arith.constant 0 : i32
    %c32 = arith.constant 32 : i32
    %step_a = arith.constant dense<32> : tensor<64x32xi32, #blocked>
    %step_b = arith.constant dense<2048> : tensor<32x64xi32, #blocked>
    %zero = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %zero_a = arith.constant dense<0.0> : tensor<64x32xf16, #blocked>
    %k = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32, #row>
    %k2 = tile.expand_dims %k {axis = 0 : i32} : tensor<32xi32, #row> -> tensor<1x32xi32, #blocked>
    %r:3 = scf.for %iv = %c0 to %K step %c32 iter_args(%acc = %zero, %a_ptrs = %a0, %b_ptrs = %b0) -> (tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<32x64x!tile.ptr<f16>, #blocked>) : i32 {
      %left = arith.subi %K, %iv : i32
      %left_t = tile.splat %left : i32 -> tensor<1x32xi32, #blocked>
      %in_k = arith.cmpi slt, %k2, %left_t : tensor<1x32xi32, #blocked>
      %mask = tile.broadcast %in_k : tensor<1x32xi1, #blocked> -> tensor<64x32xi1, #blocked>
      %a = tile.load %a_ptrs, %mask, %zero_a : tensor<64x32x!tile.ptr<f16>, #blocked>
      %b = tile.load %b_ptrs : tensor<32x64x!tile.ptr<f16>, #blocked>
      %a_op = tilegpu.convert_layout %a : tensor<64x32xf16, #blocked> -> tensor<64x32xf16, #a>
      %b_op = tilegpu.convert_layout %b : tensor<32x64xf16, #blocked> -> tensor<32x64xf16, #b>
      %d = tile.dot %a_op, %b_op, %acc : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
      %a_next = tile.addptr %a_ptrs, %step_a : tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<64x32xi32, #blocked>
      %b_next = tile.addptr %b_ptrs, %step_b : tensor<32x64x!tile.ptr<f16>, #blocked>, tensor<32x64xi32, #blocked>
      scf.yield %d, %a_next, %b_next : tensor<64x64xf32, #mma>, tensor<64x32x!tile.ptr<f16>, #blocked>, tensor<32x64x!tile.ptr<f16>, #blocked>
    }
    return %r#0 : tensor<64x64xf32, #mma>
  }
}

