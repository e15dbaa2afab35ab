// Metadata JSON, the C launcher header, the pipeline text and stage times.
// RUN: tile-compile %examples/vector_add.mlir --metadata - | FileCheck %s --check-prefix=JSON
// RUN: tile-compile %examples/vector_add.mlir --header - | FileCheck %s --check-prefix=HEADER
// RUN: tile-compile %examples/vector_add.mlir --header %t.h
// RUN: tile-compile --print-pipeline --num-warps 8 --target cuda:90a | FileCheck %s --check-prefix=PIPELINE
// RUN: tile-compile %examples/vector_add.mlir -o /dev/null --print-timings 2>&1 | FileCheck %s --check-prefix=TIMINGS
// RUN: cc -std=c11 -Wall -Werror -fsyntax-only -I %S/../../capi/include -include %t.h -x c /dev/null

// JSON: "arch": "sm_80"
// JSON: "name": "add_kernel", "threads_per_block": 128, "block_dims": [128, 1, 1], "shared_bytes": 0
// JSON-SAME: {"type": "ptr", "size": 8, "align": 8, "address_space": 1, "divisibility": 16}
// JSON-SAME: {"type": "i32", "size": 4, "align": 4}

// HEADER: #include "tile-c/Runtime.h"
// HEADER: static const unsigned char vector_add_image[
// HEADER: static inline TileRuntimeStatus vector_add_load_module(TileRuntime runtime,
// HEADER: tileModuleLoadPTX
// HEADER: #define ADD_KERNEL_THREADS_PER_BLOCK 128
// HEADER: static inline TileRuntimeStatus add_kernel_launch(
// HEADER-NEXT: TileRuntime runtime, TileKernel kernel, TileStream stream, TileDim3 grid,
// HEADER-NEXT: TileDevicePtr arg0,
// HEADER-NEXT: TileDevicePtr arg1,
// HEADER-NEXT: TileDevicePtr arg2,
// HEADER-NEXT: int32_t arg3) {
// The pointers' tile.divisibility = 16 is checked before anything else.
// HEADER: status = tileKernelCheckDivisibility(runtime, "add_kernel", 0, (int64_t)arg0, 16, 1);
// HEADER: status = tileKernelCheckDivisibility(runtime, "add_kernel", 2, (int64_t)arg2, 16, 1);
// HEADER-NOT: tileKernelCheckDivisibility
// HEADER: tileKernelArgsAddI32(runtime, args, arg3)
// HEADER: TileDim3 block = {128, 1, 1};

// PIPELINE: builtin.module(inline,symbol-dce,tile-rewrite-block-pointers,tile-combine,canonicalize,cse,convert-tile-to-tilegpu{num-warps=8 threads-per-warp=32 target=cuda:90a},
// PIPELINE-SAME: convert-tilegpu-to-llvm,convert-scf-to-cf,convert-arith-to-llvm,convert-math-to-llvm,convert-cf-to-llvm,reconcile-unrealized-casts)

// TIMINGS: tile-compile: parse + inline {{[0-9.]+}} ms
// TIMINGS: tile-compile: convert-tilegpu-to-llvm {{[0-9.]+}} ms
// TIMINGS: tile-compile: back end {{[0-9.]+}} ms
// TIMINGS: tile-compile: back end: translate {{[0-9.]+}} ms, libdevice {{[0-9.]+}} ms, optimize {{[0-9.]+}} ms, PTX {{[0-9.]+}} ms, ptxas {{[0-9.]+}} ms
