//===- TileGPUTypes.td - types of the tilegpu dialect --------*- tablegen -*-===//

#ifndef TILEGPU_TYPES_TD
#define TILEGPU_TYPES_TD

include "TileGPUDialect.td"
include "TileGPUAttrs.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

class TileGPU_TypeDef<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<TileGPU_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def TileGPU_AsyncTokenType : TileGPU_TypeDef<"AsyncToken", "async.token"> {
  let summary = "the completion of asynchronous copies";
  let description = [{
    Returned by asynchronous ops and taken by the ops that group or wait for
    them, so that the order between them is a use-def chain.

    ```mlir
    %tok = tilegpu.async_commit_group tokens %copy
    %done = tilegpu.async_wait %tok {num = 0 : i32}
    ```
  }];
}

def TileGPU_MemDescType : TileGPU_TypeDef<"MemDesc", "memdesc", [ShapedTypeInterface]> {
  let summary = "a descriptor of a buffer (or a view of one) in shared memory";
  let description = [{
    Shape and element type of the buffer, its shared layout, its memory space
    and whether it may be written after it was created (`mutable`). A view
    (a ring-buffer slot from `tilegpu.memdesc_index`, a transpose) keeps the
    shape of the allocation it points into, printed after the flags when it
    differs from the view's shape.

    ```mlir
    !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory>
    !tilegpu.memdesc<3x64x32xf16, #shared, #tilegpu.shared_memory, mutable>
    !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory, mutable, 3x64x32>
    ```
  }];
  let parameters = (ins
    ArrayRefParameter<"int64_t">:$shape,
    "::mlir::Type":$elementType,
    "::mlir::Attribute":$encoding,
    "::mlir::Attribute":$memorySpace,
    "bool":$mutableMemory,
    ArrayRefParameter<"int64_t">:$allocShape);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::llvm::ArrayRef<int64_t>":$shape,
        "::mlir::Type":$elementType, "::mlir::Attribute":$encoding,
        "::mlir::Attribute":$memorySpace, CArg<"bool", "false">:$mutableMemory), [{
      return $_get(elementType.getContext(), shape, elementType, encoding,
                   memorySpace, mutableMemory, shape);
    }]>
  ];
  let extraClassDeclaration = [{
    /// A memdesc is always ranked.
    bool hasRank() const { return true; }
    /// The same buffer descriptor with another shape or element type.
    MemDescType cloneWith(std::optional<::llvm::ArrayRef<int64_t>> shape,
                          ::mlir::Type elementType) const {
      return MemDescType::get(getContext(), shape.value_or(getShape()), elementType,
                              getEncoding(), getMemorySpace(), getMutableMemory(),
                              getAllocShape());
    }
  }];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
}

def TileGPU_MemDesc : DialectType<TileGPU_Dialect,
    CPred<"::llvm::isa<::mlir::tilegpu::MemDescType>($_self)">, "shared-memory descriptor",
    "::mlir::tilegpu::MemDescType">;
def TileGPU_AsyncToken : DialectType<TileGPU_Dialect,
    CPred<"::llvm::isa<::mlir::tilegpu::AsyncTokenType>($_self)">, "async token",
    "::mlir::tilegpu::AsyncTokenType">,
    BuildableType<"$_builder.getType<::mlir::tilegpu::AsyncTokenType>()">;

#endif // TILEGPU_TYPES_TD
