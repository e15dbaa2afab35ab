// Triton's tutorial 03 matmul (matmul_kernel) as its JIT specializes it for
// row-major bf16 A (M x K), B (K x N) and C (M x N): C = A @ B with fp32
// accumulation and bf16 output, BLOCK_SIZE_M = 256, BLOCK_SIZE_N = 128,
// BLOCK_SIZE_K = 64, GROUP_SIZE_M = 8. The contiguous strides (stride_ak,
// stride_bn, stride_cn) are 1 and so constants, not arguments.
// M, N, K and the other strides are hinted divisible by 16 (what the JIT
// assumes of integers that are): use it only for such sizes.
//
// Launch: grid = (cdiv(M, 256) * cdiv(N, 128), 1, 1); arguments a, b, c,
// M, N, K, stride_am, stride_bk, stride_cm.
module {
  func.func @matmul_kernel(%a_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %b_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %c_ptr: !tile.ptr<bf16> {tile.divisibility = 16 : i32},
                           %M: i32 {tile.divisibility = 16 : i32}, %N: i32 {tile.divisibility = 16 : i32}, %K: i32 {tile.divisibility = 16 : i32},
                           %stride_am: i32 {tile.divisibility = 16 : i32}, %stride_bk: i32 {tile.divisibility = 16 : i32}, %stride_cm: i32 {tile.divisibility = 16 : i32}) {
    // stride_ak, stride_bn and stride_cn are 1: Triton's JIT specializes an
    // integer argument equal to 1 into a constant, as here.
    %one = arith.constant 1 : i32
    %c0 = arith.constant 0 : i32
    %block_m = arith.constant 256 : i32
    %block_n = arith.constant 128 : i32
    %block_k = arith.constant 64 : i32
    %group_size = arith.constant 8 : i32

    // Grouped ordering: GROUP_SIZE_M rows of tiles are walked column by
    // column, so the tiles running together share A rows and B columns in L2.
    %pid = tile.program_id x : i32
    %m_up = arith.addi %M, %block_m : i32
    %m_up1 = arith.subi %m_up, %one : i32
    %num_pid_m = arith.divsi %m_up1, %block_m : i32
    %n_up = arith.addi %N, %block_n : i32
    %n_up1 = arith.subi %n_up, %one : i32
    %num_pid_n = arith.divsi %n_up1, %block_n : i32
    %num_pid_in_group = arith.muli %group_size, %num_pid_n : i32
    %group_id = arith.divsi %pid, %num_pid_in_group : i32
    %first_pid_m = arith.muli %group_id, %group_size : i32
    %rows_left = arith.subi %num_pid_m, %first_pid_m : i32
    %group_size_m = arith.minsi %rows_left, %group_size : i32
    %pid_in_group = arith.remsi %pid, %num_pid_in_group : i32
    %pid_m_off = arith.remsi %pid_in_group, %group_size_m : i32
    %pid_m = arith.addi %first_pid_m, %pid_m_off : i32
    %pid_n = arith.divsi %pid_in_group, %group_size_m : i32

    // offs_am = (pid_m * BLOCK_SIZE_M + arange(BLOCK_SIZE_M)) % M, and so on.
    %range_m = tile.make_range {end = 256 : i32, start = 0 : i32} : tensor<256xi32>
    %range_n = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %offs_k = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %m0 = arith.muli %pid_m, %block_m : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<256xi32>
    %offs_cm = arith.addi %m0_t, %range_m : tensor<256xi32>
    %M_v = tile.splat %M : i32 -> tensor<256xi32>
    %offs_am = arith.remsi %offs_cm, %M_v : tensor<256xi32>
    %n0 = arith.muli %pid_n, %block_n : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<128xi32>
    %offs_cn = arith.addi %n0_t, %range_n : tensor<128xi32>
    %N_v = tile.splat %N : i32 -> tensor<128xi32>
    %offs_bn = arith.remsi %offs_cn, %N_v : tensor<128xi32>

    // a_ptrs = a_ptr + offs_am[:, None] * stride_am + offs_k[None, :] * stride_ak
    %am_col = tile.expand_dims %offs_am {axis = 1 : i32} : tensor<256xi32> -> tensor<256x1xi32>
    %sam = tile.splat %stride_am : i32 -> tensor<256x1xi32>
    %a_row = arith.muli %am_col, %sam : tensor<256x1xi32>
    %a_row_b = tile.broadcast %a_row : tensor<256x1xi32> -> tensor<256x64xi32>
    %k_row = tile.expand_dims %offs_k {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %sak = tile.splat %one : i32 -> tensor<1x64xi32>
    %a_k = arith.muli %k_row, %sak : tensor<1x64xi32>
    %a_k_b = tile.broadcast %a_k : tensor<1x64xi32> -> tensor<256x64xi32>
    %a_off = arith.addi %a_row_b, %a_k_b : tensor<256x64xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<bf16> -> tensor<256x64x!tile.ptr<bf16>>
    %a_ptrs0 = tile.addptr %a_base, %a_off : tensor<256x64x!tile.ptr<bf16>>, tensor<256x64xi32>

    // b_ptrs = b_ptr + offs_k[:, None] * stride_bk + offs_bn[None, :] * stride_bn
    %k_col = tile.expand_dims %offs_k {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %sbk = tile.splat %stride_bk : i32 -> tensor<64x1xi32>
    %b_k = arith.muli %k_col, %sbk : tensor<64x1xi32>
    %b_k_b = tile.broadcast %b_k : tensor<64x1xi32> -> tensor<64x128xi32>
    %bn_row = tile.expand_dims %offs_bn {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %sbn = tile.splat %one : i32 -> tensor<1x128xi32>
    %b_col = arith.muli %bn_row, %sbn : tensor<1x128xi32>
    %b_col_b = tile.broadcast %b_col : tensor<1x128xi32> -> tensor<64x128xi32>
    %b_off = arith.addi %b_k_b, %b_col_b : tensor<64x128xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<bf16> -> tensor<64x128x!tile.ptr<bf16>>
    %b_ptrs0 = tile.addptr %b_base, %b_off : tensor<64x128x!tile.ptr<bf16>>, tensor<64x128xi32>

    // Each step moves A by BLOCK_SIZE_K * stride_ak and B by BLOCK_SIZE_K * stride_bk.
    %a_step_s = arith.muli %block_k, %one : i32
    %a_step = tile.splat %a_step_s : i32 -> tensor<256x64xi32>
    %b_step_s = arith.muli %block_k, %stride_bk : i32
    %b_step = tile.splat %b_step_s : i32 -> tensor<64x128xi32>
    %zero_a = arith.constant dense<0.0> : tensor<256x64xbf16>
    %zero_b = arith.constant dense<0.0> : tensor<64x128xbf16>
    %acc0 = arith.constant dense<0.0> : tensor<256x128xf32>
    %k_up = arith.addi %K, %block_k : i32
    %k_up1 = arith.subi %k_up, %one : i32
    %k_tiles = arith.divsi %k_up1, %block_k : i32

    %acc, %a_end, %b_end = scf.for %k = %c0 to %k_tiles step %one
        iter_args(%acc_i = %acc0, %a_ptrs = %a_ptrs0, %b_ptrs = %b_ptrs0)
        -> (tensor<256x128xf32>, tensor<256x64x!tile.ptr<bf16>>, tensor<64x128x!tile.ptr<bf16>>) : i32 {
      // mask = offs_k < K - k * BLOCK_SIZE_K (rows of A, columns of B).
      %k_done = arith.muli %k, %block_k : i32
      %k_left = arith.subi %K, %k_done : i32
      %k_left_r = tile.splat %k_left : i32 -> tensor<1x64xi32>
      %a_k_ok = arith.cmpi slt, %k_row, %k_left_r : tensor<1x64xi32>
      %a_mask = tile.broadcast %a_k_ok : tensor<1x64xi1> -> tensor<256x64xi1>
      %k_left_c = tile.splat %k_left : i32 -> tensor<64x1xi32>
      %b_k_ok = arith.cmpi slt, %k_col, %k_left_c : tensor<64x1xi32>
      %b_mask = tile.broadcast %b_k_ok : tensor<64x1xi1> -> tensor<64x128xi1>
      %a = tile.load %a_ptrs, %a_mask, %zero_a : tensor<256x64x!tile.ptr<bf16>>
      %b = tile.load %b_ptrs, %b_mask, %zero_b : tensor<64x128x!tile.ptr<bf16>>
      %acc_next = tile.dot %a, %b, %acc_i : tensor<256x64xbf16> * tensor<64x128xbf16> -> tensor<256x128xf32>
      %a_next = tile.addptr %a_ptrs, %a_step : tensor<256x64x!tile.ptr<bf16>>, tensor<256x64xi32>
      %b_next = tile.addptr %b_ptrs, %b_step : tensor<64x128x!tile.ptr<bf16>>, tensor<64x128xi32>
      scf.yield %acc_next, %a_next, %b_next : tensor<256x128xf32>, tensor<256x64x!tile.ptr<bf16>>, tensor<64x128x!tile.ptr<bf16>>
    }

    // c_ptrs = c_ptr + stride_cm * offs_cm[:, None] + stride_cn * offs_cn[None, :]
    %c = arith.truncf %acc : tensor<256x128xf32> to tensor<256x128xbf16>
    %cm_col = tile.expand_dims %offs_cm {axis = 1 : i32} : tensor<256xi32> -> tensor<256x1xi32>
    %scm = tile.splat %stride_cm : i32 -> tensor<256x1xi32>
    %c_row = arith.muli %cm_col, %scm : tensor<256x1xi32>
    %c_row_b = tile.broadcast %c_row : tensor<256x1xi32> -> tensor<256x128xi32>
    %cn_row = tile.expand_dims %offs_cn {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %scn = tile.splat %one : i32 -> tensor<1x128xi32>
    %c_col = arith.muli %cn_row, %scn : tensor<1x128xi32>
    %c_col_b = tile.broadcast %c_col : tensor<1x128xi32> -> tensor<256x128xi32>
    %c_off = arith.addi %c_row_b, %c_col_b : tensor<256x128xi32>
    %c_base = tile.splat %c_ptr : !tile.ptr<bf16> -> tensor<256x128x!tile.ptr<bf16>>
    %c_ptrs = tile.addptr %c_base, %c_off : tensor<256x128x!tile.ptr<bf16>>, tensor<256x128xi32>
    // c_mask = (offs_cm[:, None] < M) & (offs_cn[None, :] < N)
    %M_c = tile.splat %M : i32 -> tensor<256x1xi32>
    %row_ok = arith.cmpi slt, %cm_col, %M_c : tensor<256x1xi32>
    %row_ok_b = tile.broadcast %row_ok : tensor<256x1xi1> -> tensor<256x128xi1>
    %N_c = tile.splat %N : i32 -> tensor<1x128xi32>
    %col_ok = arith.cmpi slt, %cn_row, %N_c : tensor<1x128xi32>
    %col_ok_b = tile.broadcast %col_ok : tensor<1x128xi1> -> tensor<256x128xi1>
    %c_mask = arith.andi %row_ok_b, %col_ok_b : tensor<256x128xi1>
    tile.store %c_ptrs, %c, %c_mask : tensor<256x128x!tile.ptr<bf16>>
    return
  }
}
