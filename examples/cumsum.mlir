// Cumulative sum along rows: out[r, c] = x[r, 0] + ... + x[r, c] for
// c < n_cols <= 1024 (any count), an inclusive tile.scan over one row per
// program instance. Input and output rows are both row_stride elements apart.
// The fp32 scan adds in tree order, not left to right, so its rounding
// differs from a sequential sum's; the i32 one is exact (wrapping).
//
// Dtypes: @cumsum_f32 (fp32), @cumsum_i32 (int32).
// Launch: grid = (n_rows, 1, 1).
//
// @cumsum_reverse_i32: the suffix sums out[r, c] = x[r, c] + ... +
// x[r, n_cols - 1] (tile.scan ... reverse), same arguments and grid.
// @cumsum_columns_i32: a 2-D scan down the columns of the first n_rows <= 64
// rows: out[r, c] = x[0, c] + ... + x[r, c], one program instance per 64
// columns; arguments x, out, row_stride, n_rows, n_cols; grid =
// (ceil(n_cols / 64), 1, 1).
module {
  func.func @cumsum_f32(%x_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                        %out_ptr: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                        %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<f32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    // Padding columns come after the real ones, so they cannot change a
    // real column's prefix; they read 0 anyway.
    %zero = arith.constant dense<0.0> : tensor<1024xf32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<f32>>
    %prefix = tile.scan(%x) axis = 0 : (tensor<1024xf32>) -> tensor<1024xf32> {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.scan.return %s : f32
    }
    %out_row = tile.addptr %out_ptr, %row_offset : !tile.ptr<f32>, i32
    %out_base = tile.splat %out_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %out_ptrs, %prefix, %mask : tensor<1024x!tile.ptr<f32>>
    return
  }

  func.func @cumsum_i32(%x_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                        %out_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                        %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<i32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    // Padding columns come after the real ones, so they cannot change a
    // real column's prefix; they read 0 anyway.
    %zero = arith.constant dense<0> : tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<i32>>
    %prefix = tile.scan(%x) axis = 0 : (tensor<1024xi32>) -> tensor<1024xi32> {
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      tile.scan.return %s : i32
    }
    %out_row = tile.addptr %out_ptr, %row_offset : !tile.ptr<i32>, i32
    %out_base = tile.splat %out_row : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    tile.store %out_ptrs, %prefix, %mask : tensor<1024x!tile.ptr<i32>>
    return
  }
  func.func @cumsum_reverse_i32(%x_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                %out_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                %row_stride: i32, %n_cols: i32) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %row_offset = arith.muli %row, %row_stride : i32
    %x_row = tile.addptr %x_ptr, %row_offset : !tile.ptr<i32>, i32
    %x_base = tile.splat %x_row : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %x_ptrs = tile.addptr %x_base, %cols : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    // The padding columns come after the real ones, so a suffix sum would
    // include them: they must read 0.
    %zero = arith.constant dense<0> : tensor<1024xi32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<1024x!tile.ptr<i32>>
    %suffix = tile.scan(%x) axis = 0 reverse : (tensor<1024xi32>) -> tensor<1024xi32> {
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      tile.scan.return %s : i32
    }
    %out_row = tile.addptr %out_ptr, %row_offset : !tile.ptr<i32>, i32
    %out_base = tile.splat %out_row : !tile.ptr<i32> -> tensor<1024x!tile.ptr<i32>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<i32>>, tensor<1024xi32>
    tile.store %out_ptrs, %suffix, %mask : tensor<1024x!tile.ptr<i32>>
    return
  }

  func.func @cumsum_columns_i32(%x_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                %out_ptr: !tile.ptr<i32> {tile.divisibility = 16 : i32},
                                %row_stride: i32, %n_rows: i32, %n_cols: i32) {
    %pid = tile.program_id x : i32
    %c64 = arith.constant 64 : i32
    %col0 = arith.muli %pid, %c64 : i32
    %r = tile.make_range {end = 64 : i32, start = 0 : i32} : tensor<64xi32>
    %rows = tile.expand_dims %r {axis = 1 : i32} : tensor<64xi32> -> tensor<64x1xi32>
    %col0_t = tile.splat %col0 : i32 -> tensor<64xi32>
    %c = arith.addi %col0_t, %r : tensor<64xi32>
    %cols = tile.expand_dims %c {axis = 0 : i32} : tensor<64xi32> -> tensor<1x64xi32>
    %stride_t = tile.splat %row_stride : i32 -> tensor<64x1xi32>
    %row_offsets = arith.muli %rows, %stride_t : tensor<64x1xi32>
    %row_b = tile.broadcast %row_offsets : tensor<64x1xi32> -> tensor<64x64xi32>
    %col_b = tile.broadcast %cols : tensor<1x64xi32> -> tensor<64x64xi32>
    %offsets = arith.addi %row_b, %col_b : tensor<64x64xi32>
    %n_rows_t = tile.splat %n_rows : i32 -> tensor<64x1xi32>
    %row_ok = arith.cmpi slt, %rows, %n_rows_t : tensor<64x1xi32>
    %n_cols_t = tile.splat %n_cols : i32 -> tensor<1x64xi32>
    %col_ok = arith.cmpi slt, %cols, %n_cols_t : tensor<1x64xi32>
    %row_ok_b = tile.broadcast %row_ok : tensor<64x1xi1> -> tensor<64x64xi1>
    %col_ok_b = tile.broadcast %col_ok : tensor<1x64xi1> -> tensor<64x64xi1>
    %mask = arith.andi %row_ok_b, %col_ok_b : tensor<64x64xi1>
    %x_base = tile.splat %x_ptr : !tile.ptr<i32> -> tensor<64x64x!tile.ptr<i32>>
    %x_ptrs = tile.addptr %x_base, %offsets : tensor<64x64x!tile.ptr<i32>>, tensor<64x64xi32>
    %zero = arith.constant dense<0> : tensor<64x64xi32>
    %x = tile.load %x_ptrs, %mask, %zero : tensor<64x64x!tile.ptr<i32>>
    %prefix = tile.scan(%x) axis = 0 : (tensor<64x64xi32>) -> tensor<64x64xi32> {
    ^bb0(%a: i32, %b: i32):
      %s = arith.addi %a, %b : i32
      tile.scan.return %s : i32
    }
    %out_base = tile.splat %out_ptr : !tile.ptr<i32> -> tensor<64x64x!tile.ptr<i32>>
    %out_ptrs = tile.addptr %out_base, %offsets : tensor<64x64x!tile.ptr<i32>>, tensor<64x64xi32>
    tile.store %out_ptrs, %prefix, %mask : tensor<64x64x!tile.ptr<i32>>
    return
  }
}
