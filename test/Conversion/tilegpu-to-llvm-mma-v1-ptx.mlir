// REQUIRES: ptxas
// RUN: tile-compile %examples/matmul.mlir -o %t.mm70.ptx --num-warps 8 --target cuda:70
// RUN: FileCheck %s < %t.mm70.ptx
// RUN: sed -e 's/^\.target sm_70$/.target sm_75/' %t.mm70.ptx > %t.mm75.ptx
// RUN: %ptxas -arch=sm_75 %t.mm75.ptx -o %t.mm75.cubin

// examples/matmul.mlir on Volta tensor cores. CUDA 13's ptxas no longer
// assembles sm_70 (the driver JIT-compiles this PTX on the GPU), so the
// same PTX is assembled for sm_75 instead, which takes every instruction
// here. tilegpu-accelerate-matmul puts the 8 warps along M
// (warpsPerCTA [8, 1]): per K step of 32 each warp holds 8 warp tiles of
// 16x16, times 8 K steps of 4 = 64 mma.m8n8k4; no ldmatrix or cp.async
// (both need sm_75/sm_80).
// CHECK: .target sm_70
// CHECK-LABEL: .entry matmul_kernel
// CHECK-NOT: ldmatrix
// CHECK-NOT: cp.async
// CHECK-COUNT-64: mma.sync.aligned.m8n8k4.row.col.f32.f16.f16.f32
// CHECK-NOT: mma.sync
// CHECK-NOT: ldmatrix
