// Cumulative sum along rows: out[r, c] = x[r, 0] + ... + x[r, c] for
// c < n_cols <= 1024 (any count), an inclusive tile.scan over one row per
// program instance. Input and output rows are both row_stride elements apart.
// The fp32 scan adds in tree order, not left to right, so its rounding
// differs from a sequential sum's; the i32 one is exact (wrapping).
//
// Dtypes: @cumsum_f32 (fp32), @cumsum_i32 (int32).
// Launch: grid = (n_rows, 1, 1).
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
}
