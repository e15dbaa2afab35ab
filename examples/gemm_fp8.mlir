// GEMM C = A * B on fp8 tensor cores (mma.sync m16n8k32 .e4m3/.e5m2, sm_89
// and newer): fp8 inputs, fp32 accumulation, fp16 output. gemm_fp8 reads
// f8E4M3FN A and B; gemm_fp8_mixed reads f8E4M3FN A and f8E5M2 B (the
// usual pairing of activations and gradients). 128x128 tile of C per
// program instance, K in slices of 64 (two m16n8k32 steps).
//
// Arguments: a_ptr (M x K), b_ptr (K x N), c_ptr (M x N), then M, N, K and the
// strides in elements (stride_am, stride_ak, stride_bk, stride_bn, stride_cm,
// stride_cn): a transposed A or B is the same kernel with its strides
// swapped. Masks make any M, N and K work.
//
// Launch: grid = (ceil(M / 128) * ceil(N / 128), 1, 1), 8 warps; cuda:89 or
// newer (older targets have no fp8 mma.sync and no FMA fallback for fp8).
module {
  func.func @gemm_fp8(%a_ptr: !tile.ptr<f8E4M3FN> {tile.divisibility = 16 : i32},
                      %b_ptr: !tile.ptr<f8E4M3FN> {tile.divisibility = 16 : i32},
                      %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                      %M: i32, %N: i32, %K: i32,
                      %stride_am: i32, %stride_ak: i32,
                      %stride_bk: i32, %stride_bn: i32,
                      %stride_cm: i32, %stride_cn: i32) {
    %c0 = arith.constant 0 : i32
    %cbk = arith.constant 64 : i32
    %cbm = arith.constant 128 : i32
    %cbn = arith.constant 128 : i32
    %cbn_minus_1 = arith.constant 127 : i32
    %pid = tile.program_id x : i32
    %n_plus = arith.addi %N, %cbn_minus_1 : i32
    %tiles_n = arith.divsi %n_plus, %cbn : i32
    %pid_m = arith.divsi %pid, %tiles_n : i32
    %pid_n = arith.remsi %pid, %tiles_n : i32

    %range_m = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %range_k = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %m0 = arith.muli %pid_m, %cbm : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<128xi32>
    %rows = arith.addi %m0_t, %range_m : tensor<128xi32>
    %n0 = arith.muli %pid_n, %cbn : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<128xi32>
    %cols = arith.addi %n0_t, %range_m : tensor<128xi32>

    // A tile pointers: a_ptr + rows[:, None] * stride_am + k[None, :] * stride_ak.
    %rows_2d = tile.expand_dims %rows {axis = 1 : i32} : tensor<128xi32> -> tensor<128x1xi32>
    %sam = tile.splat %stride_am : i32 -> tensor<128x1xi32>
    %a_row_off = arith.muli %rows_2d, %sam : tensor<128x1xi32>
    %a_row_off_b = tile.broadcast %a_row_off : tensor<128x1xi32> -> tensor<128x64xi32>
    %k_row = tile.expand_dims %range_k {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %sak = tile.splat %stride_ak : i32 -> tensor<1x64xi32>
    %a_k_off = arith.muli %k_row, %sak : tensor<1x64xi32>
    %a_k_off_b = tile.broadcast %a_k_off : tensor<1x64xi32> -> tensor<128x64xi32>
    %a_off = arith.addi %a_row_off_b, %a_k_off_b : tensor<128x64xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f8E4M3FN> -> tensor<128x64x!tile.ptr<f8E4M3FN>>
    %a_ptrs0 = tile.addptr %a_base, %a_off : tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<128x64xi32>

    // B tile pointers: b_ptr + k[:, None] * stride_bk + cols[None, :] * stride_bn.
    %k_col = tile.expand_dims %range_k {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %sbk = tile.splat %stride_bk : i32 -> tensor<64x1xi32>
    %b_k_off = arith.muli %k_col, %sbk : tensor<64x1xi32>
    %b_k_off_b = tile.broadcast %b_k_off : tensor<64x1xi32> -> tensor<64x128xi32>
    %cols_2d = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %sbn = tile.splat %stride_bn : i32 -> tensor<1x128xi32>
    %b_col_off = arith.muli %cols_2d, %sbn : tensor<1x128xi32>
    %b_col_off_b = tile.broadcast %b_col_off : tensor<1x128xi32> -> tensor<64x128xi32>
    %b_off = arith.addi %b_k_off_b, %b_col_off_b : tensor<64x128xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f8E4M3FN> -> tensor<64x128x!tile.ptr<f8E4M3FN>>
    %b_ptrs0 = tile.addptr %b_base, %b_off : tensor<64x128x!tile.ptr<f8E4M3FN>>, tensor<64x128xi32>

    // Row and column masks stay fixed over K; the K mask moves.
    %M_t = tile.splat %M : i32 -> tensor<128x1xi32>
    %row_ok = arith.cmpi slt, %rows_2d, %M_t : tensor<128x1xi32>
    %row_ok_b = tile.broadcast %row_ok : tensor<128x1xi1> -> tensor<128x64xi1>
    %N_t = tile.splat %N : i32 -> tensor<1x128xi32>
    %col_ok = arith.cmpi slt, %cols_2d, %N_t : tensor<1x128xi32>
    %col_ok_b = tile.broadcast %col_ok : tensor<1x128xi1> -> tensor<64x128xi1>

    %a_step_v = arith.muli %cbk, %stride_ak : i32
    %a_step = tile.splat %a_step_v : i32 -> tensor<128x64xi32>
    %b_step_v = arith.muli %cbk, %stride_bk : i32
    %b_step = tile.splat %b_step_v : i32 -> tensor<64x128xi32>
    %zero_a = arith.constant dense<0.0> : tensor<128x64xf8E4M3FN>
    %zero_b = arith.constant dense<0.0> : tensor<64x128xf8E4M3FN>
    %acc0 = arith.constant dense<0.0> : tensor<128x128xf32>

    %acc, %a_end, %b_end = scf.for %k0 = %c0 to %K step %cbk
        iter_args(%acc_i = %acc0, %a_ptrs = %a_ptrs0, %b_ptrs = %b_ptrs0)
        -> (tensor<128x128xf32>, tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<64x128x!tile.ptr<f8E4M3FN>>) : i32 {
      %k_left = arith.subi %K, %k0 : i32
      %k_left_r = tile.splat %k_left : i32 -> tensor<1x64xi32>
      %a_k_ok = arith.cmpi slt, %k_row, %k_left_r : tensor<1x64xi32>
      %a_k_ok_b = tile.broadcast %a_k_ok : tensor<1x64xi1> -> tensor<128x64xi1>
      %a_mask = arith.andi %row_ok_b, %a_k_ok_b : tensor<128x64xi1>
      %k_left_c = tile.splat %k_left : i32 -> tensor<64x1xi32>
      %b_k_ok = arith.cmpi slt, %k_col, %k_left_c : tensor<64x1xi32>
      %b_k_ok_b = tile.broadcast %b_k_ok : tensor<64x1xi1> -> tensor<64x128xi1>
      %b_mask = arith.andi %b_k_ok_b, %col_ok_b : tensor<64x128xi1>
      %a = tile.load %a_ptrs, %a_mask, %zero_a : tensor<128x64x!tile.ptr<f8E4M3FN>>
      %b = tile.load %b_ptrs, %b_mask, %zero_b : tensor<64x128x!tile.ptr<f8E4M3FN>>
      %acc_next = tile.dot %a, %b, %acc_i : tensor<128x64xf8E4M3FN> * tensor<64x128xf8E4M3FN> -> tensor<128x128xf32>
      %a_next = tile.addptr %a_ptrs, %a_step : tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<128x64xi32>
      %b_next = tile.addptr %b_ptrs, %b_step : tensor<64x128x!tile.ptr<f8E4M3FN>>, tensor<64x128xi32>
      scf.yield %acc_next, %a_next, %b_next : tensor<128x128xf32>, tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<64x128x!tile.ptr<f8E4M3FN>>
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

  func.func @gemm_fp8_mixed(%a_ptr: !tile.ptr<f8E4M3FN> {tile.divisibility = 16 : i32},
                            %b_ptr: !tile.ptr<f8E5M2> {tile.divisibility = 16 : i32},
                            %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                            %M: i32, %N: i32, %K: i32,
                            %stride_am: i32, %stride_ak: i32,
                            %stride_bk: i32, %stride_bn: i32,
                            %stride_cm: i32, %stride_cn: i32) {
    %c0 = arith.constant 0 : i32
    %cbk = arith.constant 64 : i32
    %cbm = arith.constant 128 : i32
    %cbn = arith.constant 128 : i32
    %cbn_minus_1 = arith.constant 127 : i32
    %pid = tile.program_id x : i32
    %n_plus = arith.addi %N, %cbn_minus_1 : i32
    %tiles_n = arith.divsi %n_plus, %cbn : i32
    %pid_m = arith.divsi %pid, %tiles_n : i32
    %pid_n = arith.remsi %pid, %tiles_n : i32

    %range_m = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
    %range_k = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %m0 = arith.muli %pid_m, %cbm : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<128xi32>
    %rows = arith.addi %m0_t, %range_m : tensor<128xi32>
    %n0 = arith.muli %pid_n, %cbn : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<128xi32>
    %cols = arith.addi %n0_t, %range_m : tensor<128xi32>

    // A tile pointers: a_ptr + rows[:, None] * stride_am + k[None, :] * stride_ak.
    %rows_2d = tile.expand_dims %rows {axis = 1 : i32} : tensor<128xi32> -> tensor<128x1xi32>
    %sam = tile.splat %stride_am : i32 -> tensor<128x1xi32>
    %a_row_off = arith.muli %rows_2d, %sam : tensor<128x1xi32>
    %a_row_off_b = tile.broadcast %a_row_off : tensor<128x1xi32> -> tensor<128x64xi32>
    %k_row = tile.expand_dims %range_k {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %sak = tile.splat %stride_ak : i32 -> tensor<1x64xi32>
    %a_k_off = arith.muli %k_row, %sak : tensor<1x64xi32>
    %a_k_off_b = tile.broadcast %a_k_off : tensor<1x64xi32> -> tensor<128x64xi32>
    %a_off = arith.addi %a_row_off_b, %a_k_off_b : tensor<128x64xi32>
    %a_base = tile.splat %a_ptr : !tile.ptr<f8E4M3FN> -> tensor<128x64x!tile.ptr<f8E4M3FN>>
    %a_ptrs0 = tile.addptr %a_base, %a_off : tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<128x64xi32>

    // B tile pointers: b_ptr + k[:, None] * stride_bk + cols[None, :] * stride_bn.
    %k_col = tile.expand_dims %range_k {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %sbk = tile.splat %stride_bk : i32 -> tensor<64x1xi32>
    %b_k_off = arith.muli %k_col, %sbk : tensor<64x1xi32>
    %b_k_off_b = tile.broadcast %b_k_off : tensor<64x1xi32> -> tensor<64x128xi32>
    %cols_2d = tile.expand_dims %cols {axis = 0 : i32} : tensor<128xi32> -> tensor<1x128xi32>
    %sbn = tile.splat %stride_bn : i32 -> tensor<1x128xi32>
    %b_col_off = arith.muli %cols_2d, %sbn : tensor<1x128xi32>
    %b_col_off_b = tile.broadcast %b_col_off : tensor<1x128xi32> -> tensor<64x128xi32>
    %b_off = arith.addi %b_k_off_b, %b_col_off_b : tensor<64x128xi32>
    %b_base = tile.splat %b_ptr : !tile.ptr<f8E5M2> -> tensor<64x128x!tile.ptr<f8E5M2>>
    %b_ptrs0 = tile.addptr %b_base, %b_off : tensor<64x128x!tile.ptr<f8E5M2>>, tensor<64x128xi32>

    // Row and column masks stay fixed over K; the K mask moves.
    %M_t = tile.splat %M : i32 -> tensor<128x1xi32>
    %row_ok = arith.cmpi slt, %rows_2d, %M_t : tensor<128x1xi32>
    %row_ok_b = tile.broadcast %row_ok : tensor<128x1xi1> -> tensor<128x64xi1>
    %N_t = tile.splat %N : i32 -> tensor<1x128xi32>
    %col_ok = arith.cmpi slt, %cols_2d, %N_t : tensor<1x128xi32>
    %col_ok_b = tile.broadcast %col_ok : tensor<1x128xi1> -> tensor<64x128xi1>

    %a_step_v = arith.muli %cbk, %stride_ak : i32
    %a_step = tile.splat %a_step_v : i32 -> tensor<128x64xi32>
    %b_step_v = arith.muli %cbk, %stride_bk : i32
    %b_step = tile.splat %b_step_v : i32 -> tensor<64x128xi32>
    %zero_a = arith.constant dense<0.0> : tensor<128x64xf8E4M3FN>
    %zero_b = arith.constant dense<0.0> : tensor<64x128xf8E5M2>
    %acc0 = arith.constant dense<0.0> : tensor<128x128xf32>

    %acc, %a_end, %b_end = scf.for %k0 = %c0 to %K step %cbk
        iter_args(%acc_i = %acc0, %a_ptrs = %a_ptrs0, %b_ptrs = %b_ptrs0)
        -> (tensor<128x128xf32>, tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<64x128x!tile.ptr<f8E5M2>>) : i32 {
      %k_left = arith.subi %K, %k0 : i32
      %k_left_r = tile.splat %k_left : i32 -> tensor<1x64xi32>
      %a_k_ok = arith.cmpi slt, %k_row, %k_left_r : tensor<1x64xi32>
      %a_k_ok_b = tile.broadcast %a_k_ok : tensor<1x64xi1> -> tensor<128x64xi1>
      %a_mask = arith.andi %row_ok_b, %a_k_ok_b : tensor<128x64xi1>
      %k_left_c = tile.splat %k_left : i32 -> tensor<64x1xi32>
      %b_k_ok = arith.cmpi slt, %k_col, %k_left_c : tensor<64x1xi32>
      %b_k_ok_b = tile.broadcast %b_k_ok : tensor<64x1xi1> -> tensor<64x128xi1>
      %b_mask = arith.andi %b_k_ok_b, %col_ok_b : tensor<64x128xi1>
      %a = tile.load %a_ptrs, %a_mask, %zero_a : tensor<128x64x!tile.ptr<f8E4M3FN>>
      %b = tile.load %b_ptrs, %b_mask, %zero_b : tensor<64x128x!tile.ptr<f8E5M2>>
      %acc_next = tile.dot %a, %b, %acc_i : tensor<128x64xf8E4M3FN> * tensor<64x128xf8E5M2> -> tensor<128x128xf32>
      %a_next = tile.addptr %a_ptrs, %a_step : tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<128x64xi32>
      %b_next = tile.addptr %b_ptrs, %b_step : tensor<64x128x!tile.ptr<f8E5M2>>, tensor<64x128xi32>
      scf.yield %acc_next, %a_next, %b_next : tensor<128x128xf32>, tensor<128x64x!tile.ptr<f8E4M3FN>>, tensor<64x128x!tile.ptr<f8E5M2>>
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
