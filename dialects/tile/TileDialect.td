//===- TileDialect.td - the tile dialect ---------------------*- tablegen -*-===//
//
// The target-independent tile language: one program instance over whole
// tensors of values and of pointers. Mirrors Triton's `tt` dialect so that a
// Triton program maps onto it one op for one op.
//
//===----------------------------------------------------------------------===//

#ifndef TILE_DIALECT_TD
#define TILE_DIALECT_TD

include "mlir/IR/OpBase.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::mlir::tile";
  let summary = "Tile programs: one program instance over tensors of values and pointers";
  let description = [{
    A kernel in the `tile` dialect is a `func.func` executed once per program
    instance of a launch grid. Values are builtin ranked tensors with static
    power-of-two shapes (or scalars); pointers are `!tile.ptr<T>` and tensors
    of them. Elementwise math uses `arith` and `math` on tensors,
    control flow uses `scf`.

    ```mlir
    func.func @add(%x: !tile.ptr<f32>, %y: !tile.ptr<f32>, %n: i32) {
      %pid = tile.program_id x : i32
      %offs = tile.make_range {end = 128 : i32, start = 0 : i32} : tensor<128xi32>
      ...
    }
    ```
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 0;
  let dependentDialects = ["arith::ArithDialect", "math::MathDialect", "scf::SCFDialect"];
  let hasConstantMaterializer = 1;
}

#endif // TILE_DIALECT_TD
