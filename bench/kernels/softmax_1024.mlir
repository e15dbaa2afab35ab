// Fused row softmax, fp32, as Triton's JIT specializes 02-fused-softmax for
// rows of n_cols <= 1024 columns: one program instance per row, BLOCK = 1024
// (the row's next power of two), the whole row in registers, read once and
// written once. Strides and n_cols hinted divisible by 16 (128-bit accesses);
// the mask stays, so any n_cols <= 1024 that is a multiple of 16 is right.
// Masked columns read -inf so they neither win the max nor add to the sum.
// Only for n_cols, both row strides multiples of 16 and 16-byte-aligned
// bases (bench_memory.py checks).
//
// Launch: grid = (n_rows, 1, 1).
module {
  func.func @softmax_kernel(%out: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %in: !tile.ptr<f32> {tile.divisibility = 16 : i32},
                            %in_row_stride: i32 {tile.divisibility = 16 : i32},
                            %out_row_stride: i32 {tile.divisibility = 16 : i32},
                            %n_cols: i32 {tile.divisibility = 16 : i32}) {
    %row = tile.program_id x : i32
    %cols = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %n_t = tile.splat %n_cols : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %cols, %n_t : tensor<1024xi32>
    %in_offset = arith.muli %row, %in_row_stride : i32
    %in_row = tile.addptr %in, %in_offset : !tile.ptr<f32>, i32
    %in_base = tile.splat %in_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %in_ptrs = tile.addptr %in_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    %neg_inf = arith.constant dense<0xFF800000> : tensor<1024xf32>
    %x = tile.load %in_ptrs, %mask, %neg_inf : tensor<1024x!tile.ptr<f32>>
    %max = tile.reduce(%x) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %m = arith.maxnumf %a, %b : f32
      tile.reduce.return %m : f32
    }
    %max_t = tile.splat %max : f32 -> tensor<1024xf32>
    %shifted = arith.subf %x, %max_t : tensor<1024xf32>
    %num = math.exp %shifted : tensor<1024xf32>
    %den = tile.reduce(%num) axis = 0 : (tensor<1024xf32>) -> f32 {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      tile.reduce.return %s : f32
    }
    %den_t = tile.splat %den : f32 -> tensor<1024xf32>
    %y = arith.divf %num, %den_t : tensor<1024xf32>
    %out_offset = arith.muli %row, %out_row_stride : i32
    %out_row = tile.addptr %out, %out_offset : !tile.ptr<f32>, i32
    %out_base = tile.splat %out_row : !tile.ptr<f32> -> tensor<1024x!tile.ptr<f32>>
    %out_ptrs = tile.addptr %out_base, %cols : tensor<1024x!tile.ptr<f32>>, tensor<1024xi32>
    tile.store %out_ptrs, %y, %mask : tensor<1024x!tile.ptr<f32>>
    return
  }
}
