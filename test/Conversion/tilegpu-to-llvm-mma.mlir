// RUN: tile-opt %s -split-input-file -verify-diagnostics -tilegpu-allocate-shared-memory -tilegpu-insert-barriers -convert-tilegpu-to-llvm | FileCheck %s

// The operands of an f16 tensor-core dot staged through swizzled shared
// memory, as tilegpu-reduce-data-duplication leaves them: A (K contiguous)
// loads with ldmatrix.x4, B (N contiguous) with ldmatrix.x4.trans; each of
// the 4 warps owns a 32x32 block of the 64x64 result, i.e. 8 accumulator
// tiles of 16x8, times 2 K steps of 16: 16 mma.sync m16n8k16 per thread.
// B's ldmatrix move down to the first mma.sync that reads them (A's stay
// above B's store to shared memory), so 3 mma.sync come before the last of them.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#blockedB = #tilegpu.blocked<{sizePerThread = [1, 8], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#sharedA = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 4, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @f16_through_shared
  func.func @f16_through_shared() {
    %x = arith.constant dense<1.0> : tensor<64x32xf16, #blocked>
    %y = arith.constant dense<2.0> : tensor<32x64xf16, #blockedB>
    %c = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    // CHECK: llvm.store %{{.*}} : vector<8xf16>, !llvm.ptr<3>
    // CHECK: nvvm.barrier0
    // CHECK-COUNT-4: nvvm.ldmatrix %{{.*}} {eltType = #nvvm.ld_st_matrix_elt_type<b16>, layout = #nvvm.mma_layout<row>, num = 4 : i32, shape = #nvvm.ld_st_matrix_shape<m = 8, n = 8>} : (!llvm.ptr<3>) -> !llvm.struct<(i32, i32, i32, i32)>
    // CHECK: llvm.store %{{.*}} : vector<8xf16>, !llvm.ptr<3>
    // CHECK: nvvm.barrier0
    // CHECK-COUNT-4: nvvm.ldmatrix %{{.*}} {eltType = #nvvm.ld_st_matrix_elt_type<b16>, layout = #nvvm.mma_layout<col>, num = 4 : i32, shape = #nvvm.ld_st_matrix_shape<m = 8, n = 8>} : (!llvm.ptr<3>) -> !llvm.struct<(i32, i32, i32, i32)>
    // CHECK-COUNT-13: nvvm.mma.sync A[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] B[%{{.*}}, %{{.*}}] C[%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (vector<2xf16>, vector<2xf16>, f32) -> !llvm.struct<(f32, f32, f32, f32)>
    // CHECK-NOT: nvvm.mma.sync
    // CHECK-NOT: tile.dot
    %abuf = tilegpu.local_alloc %x : (tensor<64x32xf16, #blocked>) -> !tilegpu.memdesc<64x32xf16, #sharedA, #tilegpu.shared_memory>
    %a = tilegpu.local_load %abuf : !tilegpu.memdesc<64x32xf16, #sharedA, #tilegpu.shared_memory> -> tensor<64x32xf16, #a>
    %bbuf = tilegpu.local_alloc %y : (tensor<32x64xf16, #blockedB>) -> !tilegpu.memdesc<32x64xf16, #sharedB, #tilegpu.shared_memory>
    %b = tilegpu.local_load %bbuf : !tilegpu.memdesc<32x64xf16, #sharedB, #tilegpu.shared_memory> -> tensor<32x64xf16, #b>
    %d = tile.dot %a, %b, %c : tensor<64x32xf16, #a> * tensor<32x64xf16, #b> -> tensor<64x64xf32, #mma>
    %e = arith.addf %d, %d : tensor<64x64xf32, #mma>
    return
  }
}

// -----

// The other input types, from registers: bf16 and f16 (into f16: two
// packed accumulator registers) m16n8k16, tf32 m16n8k8 (f32 bit patterns
// as i32), i8 m16n8k32 (four bytes per i32, saturating s32 accumulator).
// One warp, a 16x8 result: one instruction per K step.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a2 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b2 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
#a1 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
#b1 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 1}>
#a4 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#b4 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @bf16
  // CHECK-COUNT-2: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>{{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
  // CHECK-NOT: nvvm.mma.sync
  func.func @bf16() {
    %a = arith.constant dense<1.0> : tensor<16x32xbf16, #a2>
    %b = arith.constant dense<2.0> : tensor<32x8xbf16, #b2>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x32xbf16, #a2> * tensor<32x8xbf16, #b2> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }

  // CHECK-LABEL: llvm.func @f16_accumulator
  // CHECK: nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[%{{.*}}, %{{.*}}] {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (vector<2xf16>, vector<2xf16>, vector<2xf16>) -> !llvm.struct<(vector<2xf16>, vector<2xf16>)>
  func.func @f16_accumulator() {
    %a = arith.constant dense<1.0> : tensor<16x16xf16, #a2>
    %b = arith.constant dense<2.0> : tensor<16x8xf16, #b2>
    %c = arith.constant dense<0.0> : tensor<16x8xf16, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x16xf16, #a2> * tensor<16x8xf16, #b2> -> tensor<16x8xf16, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf16, #mma>
    return
  }

  // CHECK-LABEL: llvm.func @tf32
  // CHECK: llvm.bitcast %{{.*}} : f32 to i32
  // CHECK-COUNT-2: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<tf32>{{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 8>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
  // CHECK-NOT: nvvm.mma.sync
  func.func @tf32() {
    %a = arith.constant dense<1.0> : tensor<16x16xf32, #a1>
    %b = arith.constant dense<2.0> : tensor<16x8xf32, #b1>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c, inputPrecision = tf32 : tensor<16x16xf32, #a1> * tensor<16x8xf32, #b1> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }

  // CHECK-LABEL: llvm.func @i8
  // CHECK: llvm.bitcast %{{.*}} : vector<4xi8> to i32
  // CHECK: nvvm.mma.sync {{.*}}intOverflowBehavior = #nvvm.mma_int_overflow<satfinite>{{.*}}multiplicandAPtxType = #nvvm.mma_type<s8>{{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 32>} : (i32, i32, i32) -> !llvm.struct<(i32, i32, i32, i32)>
  // CHECK-NOT: nvvm.mma.sync
  func.func @i8() {
    %a = arith.constant dense<1> : tensor<16x32xi8, #a4>
    %b = arith.constant dense<2> : tensor<32x8xi8, #b4>
    %c = arith.constant dense<0> : tensor<16x8xi32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x32xi8, #a4> * tensor<32x8xi8, #b4> -> tensor<16x8xi32, #mma>
    %e = arith.addi %d, %d : tensor<16x8xi32, #mma>
    return
  }
}

// -----

// An f32 operand (tf32 dot) has 32-bit elements, which ldmatrix.b16 does
// not move: the load falls back to one 4-byte load per register.
#blocked = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [8, 4], warpsPerCTA = [1, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
#shared = #tilegpu.swizzled_shared<{vec = 4, perPhase = 2, maxPhase = 4, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @tf32_operand_without_ldmatrix
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK-COUNT-8: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> f32
  // CHECK-NOT: llvm.load
  func.func @tf32_operand_without_ldmatrix() {
    %x = arith.constant dense<1.0> : tensor<16x16xf32, #blocked>
    %buf = tilegpu.local_alloc %x : (tensor<16x16xf32, #blocked>) -> !tilegpu.memdesc<16x16xf32, #shared, #tilegpu.shared_memory>
    %a = tilegpu.local_load %buf : !tilegpu.memdesc<16x16xf32, #shared, #tilegpu.shared_memory> -> tensor<16x16xf32, #a>
    %e = arith.addf %a, %a : tensor<16x16xf32, #a>
    return
  }
}

// -----

// tf32x3: each operand element splits into big = tf32(x) and small =
// tf32(x - big) with cvt.rna.tf32.f32 (once per register, before the
// instructions), and every instruction becomes three m16n8k8 into the same
// accumulator: small*big, big*small, big*big.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 1}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  // CHECK-LABEL: llvm.func @tf32x3
  // CHECK: %[[BIG:.*]] = llvm.inline_asm "cvt.rna.tf32.f32 $0, $1;", "=r,f" %{{.*}} : (f32) -> i32
  // CHECK: %[[BIGF:.*]] = llvm.bitcast %[[BIG]] : i32 to f32
  // CHECK: %[[REST:.*]] = llvm.fsub %{{.*}}, %[[BIGF]] : f32
  // CHECK: llvm.inline_asm "cvt.rna.tf32.f32 $0, $1;", "=r,f" %[[REST]] : (f32) -> i32
  // CHECK-COUNT-3: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<tf32>{{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 8>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
  // CHECK-NOT: nvvm.mma.sync
  func.func @tf32x3() {
    %a = arith.constant dense<1.0> : tensor<16x8xf32, #a>
    %b = arith.constant dense<2.0> : tensor<8x8xf32, #b>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c, inputPrecision = tf32x3 : tensor<16x8xf32, #a> * tensor<8x8xf32, #b> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }
}

// -----

// fp8 on sm_89+: nvvm.mma.sync has no dense fp8 form, so each instruction is
// inline PTX on the i8 bits (four per 32-bit register), with the e4m3/e5m2
// mix in its name; the module records that its PTX needs ISA 8.4. An f16
// accumulator runs in f32 across the dot: one fpext before, one fptrunc
// after.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a4 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#b4 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
// CHECK: module attributes {{{.*}}"tilegpu.min-ptx-version" = 84 : i32
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90a"} {
  // CHECK-LABEL: llvm.func @fp8_mixed
  // CHECK: llvm.bitcast %{{.*}} : vector<4xi8> to i32
  // CHECK-COUNT-2: llvm.inline_asm "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e5m2.f32 {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};", "=f,=f,=f,=f,r,r,r,r,r,r,0,1,2,3" {{.*}} : (i32, i32, i32, i32, i32, i32, f32, f32, f32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
  // CHECK-NOT: mma.sync
  func.func @fp8_mixed() {
    %a = arith.constant dense<1.0> : tensor<16x64xf8E4M3FN, #a4>
    %b = arith.constant dense<2.0> : tensor<64x8xf8E5M2, #b4>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x64xf8E4M3FN, #a4> * tensor<64x8xf8E5M2, #b4> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }

  // CHECK-LABEL: llvm.func @fp8_f16_accumulator
  // CHECK-COUNT-4: llvm.fpext %{{.*}} : f16 to f32
  // CHECK: llvm.inline_asm "mma.sync.aligned.m16n8k32.row.col.f32.e5m2.e5m2.f32
  // CHECK-NOT: mma.sync
  // CHECK-COUNT-4: llvm.fptrunc %{{.*}} : f32 to f16
  func.func @fp8_f16_accumulator() {
    %a = arith.constant dense<1.0> : tensor<16x32xf8E5M2, #a4>
    %b = arith.constant dense<2.0> : tensor<32x8xf8E5M2, #b4>
    %c = arith.constant dense<0.0> : tensor<16x8xf16, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x32xf8E5M2, #a4> * tensor<32x8xf8E5M2, #b4> -> tensor<16x8xf16, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf16, #mma>
    return
  }
}

// -----

// 8-bit operands through shared memory: A with K contiguous (16-byte rows,
// the swizzle reduce-data-duplication picks for 8-bit) loads with plain
// ldmatrix.x4, each 32-bit word four bytes of one row; B with N contiguous
// would need byte transposes, so it takes the per-register loads.
#blockedA = #tilegpu.blocked<{sizePerThread = [1, 16], threadsPerWarp = [16, 2], warpsPerCTA = [4, 1], order = [1, 0]}>
#blockedB = #tilegpu.blocked<{sizePerThread = [1, 16], threadsPerWarp = [8, 4], warpsPerCTA = [4, 1], order = [1, 0]}>
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
#sharedA = #tilegpu.swizzled_shared<{vec = 16, perPhase = 4, maxPhase = 2, order = [1, 0]}>
#sharedB = #tilegpu.swizzled_shared<{vec = 8, perPhase = 2, maxPhase = 16, order = [1, 0]}>
module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:90a"} {
  // CHECK-LABEL: llvm.func @fp8_through_shared
  // CHECK: nvvm.barrier0
  // CHECK-COUNT-2: nvvm.ldmatrix %{{.*}} {eltType = #nvvm.ld_st_matrix_elt_type<b16>, layout = #nvvm.mma_layout<row>, num = 4 : i32, shape = #nvvm.ld_st_matrix_shape<m = 8, n = 8>} : (!llvm.ptr<3>) -> !llvm.struct<(i32, i32, i32, i32)>
  // CHECK: llvm.bitcast %{{.*}} : i32 to vector<4xi8>
  // CHECK: nvvm.barrier0
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i8
  // CHECK-NOT: nvvm.ldmatrix
  // CHECK-COUNT-8: llvm.inline_asm "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
  // CHECK-NOT: mma.sync
  func.func @fp8_through_shared() {
    %x = arith.constant dense<1.0> : tensor<64x32xf8E4M3FN, #blockedA>
    %y = arith.constant dense<2.0> : tensor<32x64xf8E4M3FN, #blockedB>
    %c = arith.constant dense<0.0> : tensor<64x64xf32, #mma>
    %abuf = tilegpu.local_alloc %x : (tensor<64x32xf8E4M3FN, #blockedA>) -> !tilegpu.memdesc<64x32xf8E4M3FN, #sharedA, #tilegpu.shared_memory>
    %a = tilegpu.local_load %abuf : !tilegpu.memdesc<64x32xf8E4M3FN, #sharedA, #tilegpu.shared_memory> -> tensor<64x32xf8E4M3FN, #a>
    %bbuf = tilegpu.local_alloc %y : (tensor<32x64xf8E4M3FN, #blockedB>) -> !tilegpu.memdesc<32x64xf8E4M3FN, #sharedB, #tilegpu.shared_memory>
    %b = tilegpu.local_load %bbuf : !tilegpu.memdesc<32x64xf8E4M3FN, #sharedB, #tilegpu.shared_memory> -> tensor<32x64xf8E4M3FN, #b>
    %d = tile.dot %a, %b, %c : tensor<64x32xf8E4M3FN, #a> * tensor<32x64xf8E4M3FN, #b> -> tensor<64x64xf32, #mma>
    %e = arith.addf %d, %d : tensor<64x64xf32, #mma>
    return
  }
}

// -----

// fp8 needs sm_89's mma.sync.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a4 = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 4}>
#b4 = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 4}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @fp8_on_ampere() {
    %a = arith.constant dense<1.0> : tensor<16x32xf8E4M3FN, #a4>
    %b = arith.constant dense<2.0> : tensor<32x8xf8E4M3FN, #b4>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    // expected-error @+1 {{convert-tilegpu-to-llvm: an mma tile.dot of f8E4M3FN x f8E4M3FN needs cuda:89 or newer (this module targets cuda:80, whose mma.sync has no fp8)}}
    %d = tile.dot %a, %b, %c : tensor<16x32xf8E4M3FN, #a4> * tensor<32x8xf8E4M3FN, #b4> -> tensor<16x8xf32, #mma>
    return
  }
}

// -----

// kWidth 1 for f16 puts one element per register: not the mma.sync fragment.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 1}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 1}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:80"} {
  func.func @wrong_kwidth() {
    %a = arith.constant dense<1.0> : tensor<16x16xf16, #a>
    %b = arith.constant dense<2.0> : tensor<16x8xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    // expected-error @+1 {{convert-tilegpu-to-llvm: cannot lower this tile.dot to mma.sync: the operand and accumulator layouts do not hold mma.sync fragments; use the #tilegpu.dot_operand layouts of the result's #tilegpu.mma layout with kWidth = 32 / element bits}}
    %d = tile.dot %a, %b, %c : tensor<16x16xf16, #a> * tensor<16x8xf16, #b> -> tensor<16x8xf32, #mma>
    return
  }
}

// -----

// Turing's mma.sync takes f16 only.
#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:75"} {
  // CHECK-LABEL: llvm.func @turing_f16
  // CHECK-COUNT-2: nvvm.mma.sync A[%{{.*}}, %{{.*}}] B[%{{.*}}] C[{{.*}}] {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 8>}
  // CHECK-NOT: nvvm.mma.sync
  func.func @turing_f16() {
    %a = arith.constant dense<1.0> : tensor<16x16xf16, #a>
    %b = arith.constant dense<2.0> : tensor<16x8xf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    %d = tile.dot %a, %b, %c : tensor<16x16xf16, #a> * tensor<16x8xf16, #b> -> tensor<16x8xf32, #mma>
    %e = arith.addf %d, %d : tensor<16x8xf32, #mma>
    return
  }
}

// -----

#mma = #tilegpu.mma<{version = 2, warpsPerCTA = [1, 1], instrShape = [16, 8]}>
#a = #tilegpu.dot_operand<{opIdx = 0, parent = #mma, kWidth = 2}>
#b = #tilegpu.dot_operand<{opIdx = 1, parent = #mma, kWidth = 2}>
module attributes {"tilegpu.num-warps" = 1 : i32, "tilegpu.threads-per-warp" = 32 : i32, tilegpu.target = "cuda:75"} {
  func.func @turing_bf16() {
    %a = arith.constant dense<1.0> : tensor<16x16xbf16, #a>
    %b = arith.constant dense<2.0> : tensor<16x8xbf16, #b>
    %c = arith.constant dense<0.0> : tensor<16x8xf32, #mma>
    // expected-error @+1 {{convert-tilegpu-to-llvm: an mma tile.dot of bf16 inputs needs cuda:80 or newer (this module targets cuda:75, where mma.sync takes f16 only)}}
    %d = tile.dot %a, %b, %c : tensor<16x16xbf16, #a> * tensor<16x8xbf16, #b> -> tensor<16x8xf32, #mma>
    return
  }
}
