//===- TileGPUDialect.td - the tilegpu dialect ---------------*- tablegen -*-===//
//
// The tile program after layout assignment: every tensor carries a layout
// (how its elements spread over registers, lanes and warps), shared-memory
// buffers are explicit, and the ops name the GPU mechanisms that move data
// (cp.async, TMA, mbarriers) and multiply it (wgmma). Mirrors Triton's
// TritonGPU (`ttg`) and TritonNvidiaGPU (`ttng`) dialects where they overlap.
//
//===----------------------------------------------------------------------===//

#ifndef TILEGPU_DIALECT_TD
#define TILEGPU_DIALECT_TD

include "mlir/IR/OpBase.td"

def TileGPU_Dialect : Dialect {
  let name = "tilegpu";
  let cppNamespace = "::mlir::tilegpu";
  let summary = "Tile programs mapped onto GPU threads, warps and shared memory";
  let description = [{
    Every ranked tensor has a layout encoding (`#tilegpu.blocked`,
    `#tilegpu.mma`, ...), shared memory is reached through
    `!tilegpu.memdesc` values, and asynchronous copies, tensor-core
    products and barriers are ops of their own. The module carries the launch
    shape in attributes the dialect verifies:

    ```mlir
    module attributes {"tilegpu.num-warps" = 4 : i32, "tilegpu.threads-per-warp" = 32 : i32,
                       "tilegpu.target" = "cuda:90a"} {
      ...
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["tile::TileDialect", "arith::ArithDialect", "scf::SCFDialect"];
}

#endif // TILEGPU_DIALECT_TD
