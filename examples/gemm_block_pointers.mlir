// GEMM C = A * B through block pointers (tile.make_tensor_ptr, tile.advance
// and boundary-checked loads and stores), as Triton's block-pointer matmul
// writes it: fp16 inputs, fp32 accumulation, fp16 output, a 64x64 tile of C
// per program instance and K in steps of 32. The boundary checks pad A and
// B with zeros past M, N and K and keep the store inside C, so any M, N, K
// and strides work (tile-rewrite-block-pointers turns them into masks).
//
// Arguments: a_ptr (M x K), b_ptr (K x N), c_ptr (M x N), then M, N, K and the
// strides in elements (stride_am, stride_ak, stride_bk, stride_bn,
// stride_cm, stride_cn), as examples/gemm_f16.mlir takes them.
//
// Launch: grid = (ceil(M / 64) * ceil(N / 64), 1, 1), 4 warps.
module {
  func.func @gemm_block_ptr_f16(%a_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                %b_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                %c_ptr: !tile.ptr<f16> {tile.divisibility = 16 : i32},
                                %M: i32, %N: i32, %K: i32,
                                %stride_am: i32, %stride_ak: i32,
                                %stride_bk: i32, %stride_bn: i32,
                                %stride_cm: i32, %stride_cn: i32) {
    %c0 = arith.constant 0 : i32
    %c1 = arith.constant 1 : i32
    %c32 = arith.constant 32 : i32
    %c64 = arith.constant 64 : i32
    %c63 = arith.constant 63 : i32
    %c31 = arith.constant 31 : i32
    %pid = tile.program_id x : i32
    %n_plus = arith.addi %N, %c63 : i32
    %tiles_n = arith.divsi %n_plus, %c64 : i32
    %pid_m = arith.divsi %pid, %tiles_n : i32
    %pid_n = arith.remsi %pid, %tiles_n : i32
    %m0 = arith.muli %pid_m, %c64 : i32
    %n0 = arith.muli %pid_n, %c64 : i32

    %M64 = arith.extsi %M : i32 to i64
    %N64 = arith.extsi %N : i32 to i64
    %K64 = arith.extsi %K : i32 to i64
    %sam = arith.extsi %stride_am : i32 to i64
    %sak = arith.extsi %stride_ak : i32 to i64
    %sbk = arith.extsi %stride_bk : i32 to i64
    %sbn = arith.extsi %stride_bn : i32 to i64
    %scm = arith.extsi %stride_cm : i32 to i64
    %scn = arith.extsi %stride_cn : i32 to i64
    %a_block = tile.make_tensor_ptr %a_ptr, [%M64, %K64], [%sam, %sak], [%m0, %c0]
        {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x32xf16>>
    %b_block = tile.make_tensor_ptr %b_ptr, [%K64, %N64], [%sbk, %sbn], [%c0, %n0]
        {order = array<i32: 1, 0>} : !tile.ptr<tensor<32x64xf16>>

    %k_up = arith.addi %K, %c31 : i32
    %k_tiles = arith.divsi %k_up, %c32 : i32
    %acc0 = arith.constant dense<0.0> : tensor<64x64xf32>
    %acc, %a_end, %b_end = scf.for %k = %c0 to %k_tiles step %c1
        iter_args(%acc_i = %acc0, %a_i = %a_block, %b_i = %b_block)
        -> (tensor<64x64xf32>, !tile.ptr<tensor<64x32xf16>>, !tile.ptr<tensor<32x64xf16>>) : i32 {
      %a = tile.load %a_i padding = zero {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<64x32xf16>>
      %b = tile.load %b_i padding = zero {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<32x64xf16>>
      %acc_next = tile.dot %a, %b, %acc_i : tensor<64x32xf16> * tensor<32x64xf16> -> tensor<64x64xf32>
      %a_next = tile.advance %a_i, [%c0, %c32] : !tile.ptr<tensor<64x32xf16>>
      %b_next = tile.advance %b_i, [%c32, %c0] : !tile.ptr<tensor<32x64xf16>>
      scf.yield %acc_next, %a_next, %b_next
          : tensor<64x64xf32>, !tile.ptr<tensor<64x32xf16>>, !tile.ptr<tensor<32x64xf16>>
    }

    %c = arith.truncf %acc : tensor<64x64xf32> to tensor<64x64xf16>
    %c_block = tile.make_tensor_ptr %c_ptr, [%M64, %N64], [%scm, %scn], [%m0, %n0]
        {order = array<i32: 1, 0>} : !tile.ptr<tensor<64x64xf16>>
    tile.store %c_block, %c {boundaryCheck = array<i32: 0, 1>} : !tile.ptr<tensor<64x64xf16>>
    return
  }
}
