// 2-D transpose: out[j, i] = in[i, j] for an M x N input (any M and N; masks
// guard the ragged edge tiles). Each program instance loads one 64 x 64 tile
// with loads coalesced along the input's rows, permutes it with tile.trans,
// and stores it coalesced along the output's rows; the compiler turns the
// change of layout between the two into a trip through shared memory
// (a tilegpu.convert_layout). Row strides are in elements.
//
// Dtypes: @transpose_f32 (fp32), @transpose_f16 (fp16).
// Launch: grid = (ceil(M / 64), ceil(N / 64), 1).
module {
  func.func @transpose_f32(%in_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                           %out_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                           %M: i32, %N: i32, %in_row_stride: i32, %out_row_stride: i32) {
    %c64 = arith.constant 64 : i32
    %pid_m = tile.program_id x : i32
    %pid_n = tile.program_id y : i32
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %m0 = arith.muli %pid_m, %c64 : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<64xi32>
    %rows = arith.addi %m0_t, %range : tensor<64xi32>
    %n0 = arith.muli %pid_n, %c64 : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<64xi32>
    %cols = arith.addi %n0_t, %range : tensor<64xi32>
    %M_t = tile.splat %M : i32 -> tensor<64xi32>
    %row_ok = arith.cmpi slt, %rows, %M_t : tensor<64xi32>
    %N_t = tile.splat %N : i32 -> tensor<64xi32>
    %col_ok = arith.cmpi slt, %cols, %N_t : tensor<64xi32>

    // Read in[rows, cols]: rows down dimension 0, cols along dimension 1.
    %rows_c = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %in_stride_t = tile.splat %in_row_stride : i32 -> tensor<64x1xi32>
    %in_row_off = arith.muli %rows_c, %in_stride_t : tensor<64x1xi32>
    %in_row_off_b = tile.broadcast %in_row_off : tensor<64x1xi32> -> tensor<64x64xi32>
    %cols_r = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %cols_r_b = tile.broadcast %cols_r : tensor<1x64xi32> -> tensor<64x64xi32>
    %in_off = arith.addi %in_row_off_b, %cols_r_b : tensor<64x64xi32>
    %in_base = tile.splat %in_ptr : !tile.ptr<f32> -> tensor<64x64x!tile.ptr<f32>>
    %in_ptrs = tile.addptr %in_base, %in_off : tensor<64x64x!tile.ptr<f32>>, tensor<64x64xi32>
    %row_ok_c = tile.expand_dims %row_ok {axis = 1 : i32} : tensor<64xi1> -> tensor<64x1xi1>
    %row_ok_b = tile.broadcast %row_ok_c : tensor<64x1xi1> -> tensor<64x64xi1>
    %col_ok_r = tile.expand_dims %col_ok {axis = 0 : i32} : tensor<64xi1> -> tensor<1x64xi1>
    %col_ok_b = tile.broadcast %col_ok_r : tensor<1x64xi1> -> tensor<64x64xi1>
    %in_mask = arith.andi %row_ok_b, %col_ok_b : tensor<64x64xi1>
    %tile_in = tile.load %in_ptrs, %in_mask : tensor<64x64x!tile.ptr<f32>>

    // The transposed tile is out[cols, rows]: cols down dimension 0 now.
    %tile_out = tile.trans %tile_in {order = array<i32: 1, 0>} : tensor<64x64xf32> -> tensor<64x64xf32>
    %cols_c = tile.expand_dims %cols {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %out_stride_t = tile.splat %out_row_stride : i32 -> tensor<64x1xi32>
    %out_row_off = arith.muli %cols_c, %out_stride_t : tensor<64x1xi32>
    %out_row_off_b = tile.broadcast %out_row_off : tensor<64x1xi32> -> tensor<64x64xi32>
    %rows_r = tile.expand_dims %rows {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %rows_r_b = tile.broadcast %rows_r : tensor<1x64xi32> -> tensor<64x64xi32>
    %out_off = arith.addi %out_row_off_b, %rows_r_b : tensor<64x64xi32>
    %out_base = tile.splat %out_ptr : !tile.ptr<f32> -> tensor<64x64x!tile.ptr<f32>>
    %out_ptrs = tile.addptr %out_base, %out_off : tensor<64x64x!tile.ptr<f32>>, tensor<64x64xi32>
    %col_ok_c = tile.expand_dims %col_ok {axis = 1 : i32} : tensor<64xi1> -> tensor<64x1xi1>
    %col_ok_t = tile.broadcast %col_ok_c : tensor<64x1xi1> -> tensor<64x64xi1>
    %row_ok_r = tile.expand_dims %row_ok {axis = 0 : i32} : tensor<64xi1> -> tensor<1x64xi1>
    %row_ok_t = tile.broadcast %row_ok_r : tensor<1x64xi1> -> tensor<64x64xi1>
    %out_mask = arith.andi %col_ok_t, %row_ok_t : tensor<64x64xi1>
    tile.store %out_ptrs, %tile_out, %out_mask : tensor<64x64x!tile.ptr<f32>>
    return
  }

  func.func @transpose_f16(%in_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                           %M: i32, %N: i32, %in_row_stride: i32, %out_row_stride: i32) {
    %c64 = arith.constant 64 : i32
    %pid_m = tile.program_id x : i32
    %pid_n = tile.program_id y : i32
    %range = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %m0 = arith.muli %pid_m, %c64 : i32
    %m0_t = tile.splat %m0 : i32 -> tensor<64xi32>
    %rows = arith.addi %m0_t, %range : tensor<64xi32>
    %n0 = arith.muli %pid_n, %c64 : i32
    %n0_t = tile.splat %n0 : i32 -> tensor<64xi32>
    %cols = arith.addi %n0_t, %range : tensor<64xi32>
    %M_t = tile.splat %M : i32 -> tensor<64xi32>
    %row_ok = arith.cmpi slt, %rows, %M_t : tensor<64xi32>
    %N_t = tile.splat %N : i32 -> tensor<64xi32>
    %col_ok = arith.cmpi slt, %cols, %N_t : tensor<64xi32>

    // Read in[rows, cols]: rows down dimension 0, cols along dimension 1.
    %rows_c = tile.expand_dims %rows {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %in_stride_t = tile.splat %in_row_stride : i32 -> tensor<64x1xi32>
    %in_row_off = arith.muli %rows_c, %in_stride_t : tensor<64x1xi32>
    %in_row_off_b = tile.broadcast %in_row_off : tensor<64x1xi32> -> tensor<64x64xi32>
    %cols_r = tile.expand_dims %cols {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %cols_r_b = tile.broadcast %cols_r : tensor<1x64xi32> -> tensor<64x64xi32>
    %in_off = arith.addi %in_row_off_b, %cols_r_b : tensor<64x64xi32>
    %in_base = tile.splat %in_ptr : !tile.ptr<f16> -> tensor<64x64x!tile.ptr<f16>>
    %in_ptrs = tile.addptr %in_base, %in_off : tensor<64x64x!tile.ptr<f16>>, tensor<64x64xi32>
    %row_ok_c = tile.expand_dims %row_ok {axis = 1 : i32} : tensor<64xi1> -> tensor<64x1xi1>
    %row_ok_b = tile.broadcast %row_ok_c : tensor<64x1xi1> -> tensor<64x64xi1>
    %col_ok_r = tile.expand_dims %col_ok {axis = 0 : i32} : tensor<64xi1> -> tensor<1x64xi1>
    %col_ok_b = tile.broadcast %col_ok_r : tensor<1x64xi1> -> tensor<64x64xi1>
    %in_mask = arith.andi %row_ok_b, %col_ok_b : tensor<64x64xi1>
    %tile_in = tile.load %in_ptrs, %in_mask : tensor<64x64x!tile.ptr<f16>>

    // The transposed tile is out[cols, rows]: cols down dimension 0 now.
    %tile_out = tile.trans %tile_in {order = array<i32: 1, 0>} : tensor<64x64xf16> -> tensor<64x64xf16>
    %cols_c = tile.expand_dims %cols {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %out_stride_t = tile.splat %out_row_stride : i32 -> tensor<64x1xi32>
    %out_row_off = arith.muli %cols_c, %out_stride_t : tensor<64x1xi32>
    %out_row_off_b = tile.broadcast %out_row_off : tensor<64x1xi32> -> tensor<64x64xi32>
    %rows_r = tile.expand_dims %rows {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %rows_r_b = tile.broadcast %rows_r : tensor<1x64xi32> -> tensor<64x64xi32>
    %out_off = arith.addi %out_row_off_b, %rows_r_b : tensor<64x64xi32>
    %out_base = tile.splat %out_ptr : !tile.ptr<f16> -> tensor<64x64x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %out_off : tensor<64x64x!tile.ptr<f16>>, tensor<64x64xi32>
    %col_ok_c = tile.expand_dims %col_ok {axis = 1 : i32} : tensor<64xi1> -> tensor<64x1xi1>
    %col_ok_t = tile.broadcast %col_ok_c : tensor<64x1xi1> -> tensor<64x64xi1>
    %row_ok_r = tile.expand_dims %row_ok {axis = 0 : i32} : tensor<64xi1> -> tensor<1x64xi1>
    %row_ok_t = tile.broadcast %row_ok_r : tensor<1x64xi1> -> tensor<64x64xi1>
    %out_mask = arith.andi %col_ok_t, %row_ok_t : tensor<64x64xi1>
    tile.store %out_ptrs, %tile_out, %out_mask : tensor<64x64x!tile.ptr<f16>>
    return
  }
}
