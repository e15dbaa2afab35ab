// Metadata JSON and the C launcher header.
// RUN: tile-compile %examples/vector_add.mlir --metadata - | FileCheck %s --check-prefix=JSON
// RUN: tile-compile %examples/vector_add.mlir --header - | FileCheck %s --check-prefix=HEADER
// RUN: tile-compile %examples/vector_add.mlir --header %t.h
// RUN: cc -std=c11 -Wall -Werror -fsyntax-only -I %S/../../capi/include -include %t.h -x c /dev/null

// JSON: "arch": "sm_80"
// JSON: "name": "add_kernel", "threads_per_block": 128, "block_dims": [128, 1, 1], "shared_bytes": 0
// JSON-SAME: {"type": "ptr", "size": 8, "align": 8, "address_space": 1}
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
// HEADER: tileKernelArgsAddI32(runtime, args, arg3)
// HEADER: TileDim3 block = {128, 1, 1};
