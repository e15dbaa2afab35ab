// Q4 dequantization (symmetric, like GGML's Q4_0): value i of n is a 4-bit
// unsigned nibble u, stored two to a byte (byte j holds value 2j in its low
// nibble and value 2j + 1 in its high nibble), and out[i] =
// (u - 8) * scale[i / group_size] with one fp16 scale per group of
// group_size consecutive values. The nibbles are unpacked with an `and` and
// a logical shift on the i8 tile, interleaved back into value order with
// tile.join + tile.reshape, and widened to i32 to remove the offset of 8.
// One program instance reads 1024 bytes and writes 2048 values; n may be any
// count (odd too: the last byte's high nibble is then padding).
//
// Dtypes: packed int4 in int8 bytes, fp16 scales, fp16 output.
// Launch: grid = (ceil(n / 2048), 1, 1).
module {
  func.func @dequant_q4_group_f16(%q_ptr: !tile.ptr<i8> {tile.divisibility = 16 : i32},
                                  %scale_ptr: !tile.ptr<f16>,
                                  %out_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                  %n: i32, %group_size: i32) {
    %c1 = arith.constant 1 : i32
    %c2 = arith.constant 2 : i32
    %c1024 = arith.constant 1024 : i32
    %c2048 = arith.constant 2048 : i32
    %low_bits = arith.constant dense<15> : tensor<1024xi8>
    %four = arith.constant dense<4> : tensor<1024xi8>
    %eight = arith.constant dense<8> : tensor<2048xi32>
    %pid = tile.program_id x : i32

    // Bytes [pid * 1024, pid * 1024 + 1024) of the ceil(n / 2) there are.
    %n_plus = arith.addi %n, %c1 : i32
    %n_bytes = arith.divsi %n_plus, %c2 : i32
    %byte_start = arith.muli %pid, %c1024 : i32
    %byte_range = tile.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %byte_start_t = tile.splat %byte_start : i32 -> tensor<1024xi32>
    %byte_offsets = arith.addi %byte_start_t, %byte_range : tensor<1024xi32>
    %n_bytes_t = tile.splat %n_bytes : i32 -> tensor<1024xi32>
    %byte_mask = arith.cmpi slt, %byte_offsets, %n_bytes_t : tensor<1024xi32>
    %q_base = tile.splat %q_ptr : !tile.ptr<i8> -> tensor<1024x!tile.ptr<i8>>
    %q_ptrs = tile.addptr %q_base, %byte_offsets : tensor<1024x!tile.ptr<i8>>, tensor<1024xi32>
    %packed = tile.load %q_ptrs, %byte_mask : tensor<1024x!tile.ptr<i8>>

    %low = arith.andi %packed, %low_bits : tensor<1024xi8>
    %high_shifted = arith.shrui %packed, %four : tensor<1024xi8>
    %high = arith.andi %high_shifted, %low_bits : tensor<1024xi8>
    // (j, 0) is value 2j and (j, 1) is value 2j + 1: row-major order is value order.
    %pairs = tile.join %low, %high : tensor<1024xi8> -> tensor<1024x2xi8>
    %nibbles = tile.reshape %pairs : tensor<1024x2xi8> -> tensor<2048xi8>
    %unsigned = arith.extui %nibbles : tensor<2048xi8> to tensor<2048xi32>
    %signed = arith.subi %unsigned, %eight : tensor<2048xi32>
    %q_f = arith.sitofp %signed : tensor<2048xi32> to tensor<2048xf32>

    %start = arith.muli %pid, %c2048 : i32
    %range = tile.make_range {end = 2048 : i32, start = 0 : i32} : tensor<2048xi32>
    %start_t = tile.splat %start : i32 -> tensor<2048xi32>
    %offsets = arith.addi %start_t, %range : tensor<2048xi32>
    %n_t = tile.splat %n : i32 -> tensor<2048xi32>
    %mask = arith.cmpi slt, %offsets, %n_t : tensor<2048xi32>
    %group_t = tile.splat %group_size : i32 -> tensor<2048xi32>
    %groups = arith.divsi %offsets, %group_t : tensor<2048xi32>
    %scale_base = tile.splat %scale_ptr : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %scale_ptrs = tile.addptr %scale_base, %groups : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    %scale_h = tile.load %scale_ptrs, %mask : tensor<2048x!tile.ptr<f16>>
    %scale = arith.extf %scale_h : tensor<2048xf16> to tensor<2048xf32>

    %value = arith.mulf %q_f, %scale : tensor<2048xf32>
    %y = arith.truncf %value : tensor<2048xf32> to tensor<2048xf16>
    %out_base = tile.splat %out_ptr : !tile.ptr<f16> -> tensor<2048x!tile.ptr<f16>>
    %out_ptrs = tile.addptr %out_base, %offsets : tensor<2048x!tile.ptr<f16>>, tensor<2048xi32>
    tile.store %out_ptrs, %y, %mask : tensor<2048x!tile.ptr<f16>>
    return
  }
}
