// REQUIRES: ptxas
// RUN: tile-compile %s -o %t.s3.80.ptx --cubin %t.s3.80.cubin --num-warps 8 --num-stages 3 --target cuda:80
// RUN: FileCheck %s --check-prefix=S3 < %t.s3.80.ptx
// RUN: FileCheck %s --check-prefix=FOLD < %t.s3.80.ptx
// RUN: tile-compile %s -o %t.s3.90a.ptx --cubin %t.s3.90a.cubin --num-warps 8 --num-stages 3 --target cuda:90a
// RUN: FileCheck %s --check-prefix=S3 < %t.s3.90a.ptx
// RUN: tile-compile %s -o %t.s2.ptx --cubin %t.s2.cubin --num-warps 8 --num-stages 2 --target cuda:80
// RUN: FileCheck %s --check-prefix=S2 < %t.s2.ptx
// RUN: tile-compile %s -o %t.s4.ptx --cubin %t.s4.cubin --num-warps 8 --num-stages 4 --target cuda:90a
// RUN: FileCheck %s --check-prefix=S4 < %t.s4.ptx
// RUN: tile-compile %s -o %t.s1.ptx --cubin %t.s1.cubin --num-warps 8 --num-stages 1 --target cuda:80
// RUN: FileCheck %s --check-prefix=S1 < %t.s1.ptx

// examples/matmul.mlir as Triton's JIT would specialize it: the K stride of
// A and the N stride of B are 1 and N, K and the leading dimensions are
// multiples of 16, so every thread loads 16 contiguous bytes. With
// num-stages >= 2 tilegpu-pipeline turns the A and B loads into cp.async
// (.cg, 16 bytes, the mask as source size) into rings of num-stages slots,
// and tilegpu-prefetch splits the dot into two K slices of 16: S-1 groups
// before the loop, the wait and barrier, and slice 0 of slot 0 (4 ldmatrix
// of A, 2 .trans of B); per iteration one group of copies (2 of A and 2 of
// B a thread), 16 mma.sync on the carried slice, slice 1's 4 + 2 ldmatrix
// interleaved with its 16 mma.sync, then the one wait and barrier of the
// iteration and slice 0 of the next slot. ptxas assembles every variant
// (--cubin).

// S3-LABEL: .entry matmul_kernel
// S3-COUNT-4: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16, {{%r[0-9]+}};
// S3: cp.async.commit_group;
// S3-COUNT-4: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16, {{%r[0-9]+}};
// S3: cp.async.commit_group;
// S3: cp.async.wait_group 1;
// S3-NEXT: bar.sync 0;
// S3-COUNT-4: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// S3-COUNT-2: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// S3-NOT: mma.sync
// S3: $L__BB0_2:
// S3-NOT: bar.sync
// S3-COUNT-4: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16, {{%r[0-9]+}};
// S3: cp.async.commit_group;
// S3-COUNT-16: mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32
// S3-NOT: ldmatrix
// S3: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// S3-NOT: bar.sync
// S3: cp.async.wait_group 1;
// S3-NEXT: bar.sync 0;
// S3-COUNT-4: ldmatrix.sync.aligned.m8n8.x4.shared.b16
// S3-COUNT-2: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16
// S3-NOT: bar.sync
// S3: cp.async.wait_group 0;
// S3-NEXT: bar.sync 0;
// S3-NOT: cp.async

// Shared addresses are 32-bit, and the register part of an ldmatrix offset
// that no lane bit shares (the next 16 rows of A, the next 16 K rows of B)
// is added, not XORed, so it lands in the instruction's immediate.
// FOLD: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {{.*}}, [[[B:%r[0-9]+]]+24576];
// FOLD-NEXT: ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {{.*}}, [[[B]]+24704];
// FOLD: mma.sync
// FOLD: ldmatrix.sync.aligned.m8n8.x4.shared.b16 {{.*}}, [[[A:%r[0-9]+]]+2048];
// FOLD: ldmatrix.sync.aligned.m8n8.x4.shared.b16 {{.*}}, [[[A]]+4096];
// FOLD: ldmatrix.sync.aligned.m8n8.x4.shared.b16 {{.*}}, [[[A]]+6144];

// S2-LABEL: .entry matmul_kernel
// S2: cp.async.commit_group;
// S2: cp.async.wait_group 0;
// S2-NEXT: bar.sync 0;
// S2: cp.async.commit_group;
// S2-COUNT-32: mma.sync.aligned.m16n8k16
// S2: cp.async.wait_group 0;

// S4-LABEL: .entry matmul_kernel
// S4-COUNT-3: cp.async.commit_group;
// S4: cp.async.wait_group 2;
// S4-NEXT: bar.sync 0;
// S4: cp.async.commit_group;
// S4-COUNT-32: mma.sync.aligned.m16n8k16
// S4: cp.async.wait_group 0;

// S1-LABEL: .entry matmul_kernel
// S1-NOT: cp.async
// S1: ld.global.v4.b32
// S1-COUNT-32: mma.sync.aligned.m16n8k16
// S1-NOT: cp.async
module {
  func.func @matmul_kernel(%a_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %M: i32, %N: i32 {tile.divisibility = 16 : i32}, %K: i32 {tile.divisibility = 16 : i32},
                           %stride_am: i32 {tile.divisibility = 16 : i32},
                           %stride_bk: i32 {tile.divisibility = 16 : i32},
                           %stride_cm: i32, %stride_cn: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c32 = arith.constant 32 : i32
    %c127 = arith.constant 127 : i32
    %c128 = arith.constant 128 : i32
    %pid = tile.program_id x : i32
    %n_plus = arith.addi %N, %c127 : i32
    %tiles_n = arith.divsi %n_plus, %c128 : i32
    %pid_m = arith.divsi %pid, %tiles_n : i32
    %pid_n = arith.remsi %pid, %tiles_n : i32

    %range128 = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %range32 = tile.make_range {end = 32 : i32, start = 0 : i32} : tensor<32xi32>
    %m0 = arith.muli %pid_m, %c128 : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<128xi32>
    %rows = arith.addi %m0_t, %range128 : tensor<128xi32>
    %n0 = arith.muli %pid_n, %c128 : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<128xi32>
    %cols = arith.addi %n0_t, %range128 : tensor<128xi32>

    // A tile pointers: a_ptr + rows[:, None] * stride_am + k[None, :] * stride_ak.
    %rows_2d = tile.expand_dims %rows {axis = 1 : i32} : tensor<128xi32> -> tensor<128x1xi32>
    %sam = tile.splat %stride_am : i32 -> tensor<128x1xi32>
    %a_row_off = arith.muli %rows_2d, %sam : tensor<128x1xi32>
    %a_row_off_b = tile.broadcast %a_row_off : tensor<128x1xi32> -> tensor<128x32xi32>
    %k_row = tile.expand_dims %range32 {axis = 0 : i32} : tensor<32xi32> -> tensor<1x32xi32>
    %a_k_off_b = tile.broadcast %k_row : tensor<1x32xi32> -> tensor<128x32xi32>
    %a_off = arith.addi %a_row_off_b, %a_k_off_b : tensor<128x32xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f16> -> tensor<128x32x!tile.ptr<f16>>
    %a_ptrs0 = tile.addptr %a_base, %a_off : tensor<128x32x!tile.ptr<f16>>, tensor<128x32xi32>

    // B tile pointers: b_ptr + k[:, None] * stride_bk + cols[None, :] * stride_bn.
    %k_col = tile.expand_dims %range32 {axis = 1 : i32} : tensor<32xi32> -> tensor<32x1xi32>
    %sbk = tile.splat %stride_bk : i32 -> tensor<32x1xi32>
    %b_k_off = arith.muli %k_col, %sbk : tensor<32x1xi32>
    %b_k_off_b = tile.broadcast %b_k_off : tensor<32x1xi32> -> tensor<32x128xi32>
    %cols_2d = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %b_col_off_b = tile.broadcast %cols_2d : tensor<1x128xi32> -> tensor<32x128xi32>
    %b_off = arith.addi %b_k_off_b, %b_col_off_b : tensor<32x128xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f16> -> tensor<32x128x!tile.ptr<f16>>
    %b_ptrs0 = tile.addptr %b_base, %b_off : tensor<32x128x!tile.ptr<f16>>, tensor<32x128xi32>

    // Row and column masks stay fixed over K; the K mask moves.
    %M_t = tile.splat %M : i32 -> tensor<128x1xi32>
    %row_ok = arith.cmpi slt, %rows_2d, %M_t : tensor<128x1xi32>
    %row_ok_b = tile.broadcast %row_ok : tensor<128x1xi1> -> tensor<128x32xi1>
    %N_t = tile.splat %N : i32 -> tensor<1x128xi32>
    %col_ok = arith.cmpi slt, %cols_2d, %N_t : tensor<1x128xi32>
    %col_ok_b = tile.broadcast %col_ok : tensor<1x128xi1> -> tensor<32x128xi1>

    %a_step_v = arith.addi %c32, %c0 : i32
    %a_step = tile.splat %a_step_v : i32 -> tensor<128x32xi32>
    %b_step_v = arith.muli %c32, %stride_bk : i32
    %b_step = tile.splat %b_step_v : i32 -> tensor<32x128xi32>
    %zero_a = arith.constant dense<0.0> : tensor<128x32xf16>
    %zero_b = arith.constant dense<0.0> : tensor<32x128xf16>
    %acc0 = arith.constant dense<0.0> : tensor<128x128xf32>

    %acc, %a_end, %b_end = scf.for %k0 = %c0 to %K step %c32
        iter_args(%acc_i = %acc0, %a_ptrs = %a_ptrs0, %b_ptrs = %b_ptrs0)
        -> (tensor<128x128xf32>, tensor<128x32x!tile.ptr<f16>>, tensor<32x128x!tile.ptr<f16>>) : i32 {
      %k_left = arith.subi %K, %k0 : i32
      %k_left_r = tile.splat %k_left : i32 -> tensor<1x32xi32>
      %a_k_ok = arith.cmpi slt, %k_row, %k_left_r : tensor<1x32xi32>
      %a_k_ok_b = tile.broadcast %a_k_ok : tensor<1x32xi1> -> tensor<128x32xi1>
      %a_mask = arith.andi %row_ok_b, %a_k_ok_b : tensor<128x32xi1>
      %k_left_c = tile.splat %k_left : i32 -> tensor<32x1xi32>
      %b_k_ok = arith.cmpi slt, %k_col, %k_left_c : tensor<32x1xi32>
      %b_k_ok_b = tile.broadcast %b_k_ok : tensor<32x1xi1> -> tensor<32x128xi1>
      %b_mask = arith.andi %b_k_ok_b, %col_ok_b : tensor<32x128xi1>
      %a = tile.load %a_ptrs, %a_mask, %zero_a : tensor<128x32x!tile.ptr<f16>>
      %b = tile.load %b_ptrs, %b_mask, %zero_b : tensor<32x128x!tile.ptr<f16>>
      %acc_next = tile.dot %a, %b, %acc_i : tensor<128x32xf16> * tensor<32x128xf16> -> tensor<128x128xf32>
      %a_next = tile.addptr %a_ptrs, %a_step : tensor<128x32x!tile.ptr<f16>>, tensor<128x32xi32>
      %b_next = tile.addptr %b_ptrs, %b_step : tensor<32x128x!tile.ptr<f16>>, tensor<32x128xi32>
      scf.yield %acc_next, %a_next, %b_next : tensor<128x128xf32>, tensor<128x32x!tile.ptr<f16>>, tensor<32x128x!tile.ptr<f16>>
    }

    %c = arith.truncf %acc : tensor<128x128xf32> to tensor<128x128xf16>
    %rows_c = tile.broadcast %rows_2d : tensor<128x1xi32> -> tensor<128x128xi32>
    %scm = tile.splat %stride_cm : i32 -> tensor<128x128xi32>
    %c_row_off = arith.muli %rows_c, %scm : tensor<128x128xi32>
    %cols_c = tile.broadcast %cols_2d : tensor<1x128xi32> -> tensor<128x128xi32>
    %scn = tile.splat %stride_cn : i32 -> tensor<128x128xi32>
    %c_col_off = arith.muli %cols_c, %scn : tensor<128x128xi32>
    %c_off = arith.addi %c_row_off, %c_col_off : tensor<128x128xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<f16> -> tensor<128x128x!tile.ptr<f16>>
    %c_ptrs = tile.addptr %c_base, %c_off : tensor<128x128x!tile.ptr<f16>>, tensor<128x128xi32>
    %row_ok_c = tile.broadcast %row_ok : tensor<128x1xi1> -> tensor<128x128xi1>
    %col_ok_c = tile.broadcast %col_ok : tensor<1x128xi1> -> tensor<128x128xi1>
    %c_mask = arith.andi %row_ok_c, %col_ok_c : tensor<128x128xi1>
    tile.store %c_ptrs, %c, %c_mask : tensor<128x128x!tile.ptr<f16>>
    return
  }
}
