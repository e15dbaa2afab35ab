//===- TileDialect.cpp - ODS glue of the tile dialect -------------------===//
//
// Glue only. Verifiers, folders and canonicalization patterns are written in
// C (TileHooks.h); this file forwards to them and instantiates what ODS
// generated.
//
//===----------------------------------------------------------------------===//

#include "dialects/tile/TileDialect.h"
#include "dialects/tile/TileHooks.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Rewrite.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tile;

#include "dialects/tile/TileDialect.cpp.inc"
#include "dialects/tile/TileEnums.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "dialects/tile/TileAttrs.cpp.inc"
#define GET_TYPEDEF_CLASSES
#include "dialects/tile/TileTypes.cpp.inc"

namespace {
// Tile ops carry no state that ties them to their function, so helper
// functions can be inlined into kernels (the pipeline inlines everything).
struct TileInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Operation *, bool) const final { return true; }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final { return true; }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final { return true; }
};
} // namespace

void TileDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/tile/TileTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/tile/TileAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/tile/TileOps.cpp.inc"
      >();
  addInterfaces<TileInlinerInterface>();
}

Operation *TileDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

//===----------------------------------------------------------------------===//
// Type helpers named by the ODS constraints.
//===----------------------------------------------------------------------===//

bool mlir::tile::isScalarPointer(Type type) {
  auto ptr = dyn_cast<PointerType>(type);
  return ptr && !isa<RankedTensorType>(ptr.getPointeeType());
}

bool mlir::tile::isBlockPointer(Type type) {
  auto ptr = dyn_cast<PointerType>(type);
  return ptr && isa<RankedTensorType>(ptr.getPointeeType());
}

Type mlir::tile::getPointeeTypeOf(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(getPointeeTypeOf(tensor.getElementType()));
  if (auto ptr = dyn_cast<PointerType>(type))
    return ptr.getPointeeType();
  return type;
}

Type mlir::tile::getI1TypeLike(Type type) {
  auto i1 = IntegerType::get(type.getContext(), 1);
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(i1);
  return i1;
}

Type mlir::tile::getBlockBasePointerType(Type type) {
  auto ptr = cast<PointerType>(type);
  auto block = cast<RankedTensorType>(ptr.getPointeeType());
  return PointerType::get(block.getElementType(), ptr.getAddressSpace());
}

Type mlir::tile::getPointerTypeLike(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type))
    return tensor.clone(PointerType::get(tensor.getElementType()));
  return PointerType::get(type);
}

//===----------------------------------------------------------------------===//
// Forwarding to the C hooks.
//===----------------------------------------------------------------------===//

static OpFoldResult foldInC(Operation *op, ArrayRef<Attribute> constants,
                            TileFoldHook hook) {
  SmallVector<MlirAttribute> wrapped;
  for (Attribute constant : constants)
    wrapped.push_back(wrap(constant));
  TileFoldResult result = hook(wrap(op), wrapped.data());
  if (!mlirAttributeIsNull(result.attribute))
    return unwrap(result.attribute);
  if (!mlirValueIsNull(result.value))
    return unwrap(result.value);
  return {};
}

#define TILE_VERIFY_IN_C(OpClass, hook)                                       \
  LogicalResult OpClass::verify() { return unwrap(hook(wrap(getOperation()))); }
#define TILE_FOLD_IN_C(OpClass, hook)                                         \
  OpFoldResult OpClass::fold(FoldAdaptor adaptor) {                           \
    return foldInC(getOperation(), adaptor.getOperands(), hook);              \
  }
#define TILE_CANONICALIZE_IN_C(OpClass, hook)                                 \
  void OpClass::getCanonicalizationPatterns(RewritePatternSet &patterns,      \
                                            MLIRContext *context) {           \
    hook(wrap(&patterns), wrap(context));                                     \
  }

TILE_VERIFY_IN_C(MakeRangeOp, tileVerifyMakeRange)
TILE_VERIFY_IN_C(BroadcastOp, tileVerifyBroadcast)
TILE_VERIFY_IN_C(ExpandDimsOp, tileVerifyExpandDims)
TILE_VERIFY_IN_C(ReshapeOp, tileVerifyReshape)
TILE_VERIFY_IN_C(TransOp, tileVerifyTrans)
TILE_VERIFY_IN_C(JoinOp, tileVerifyJoin)
TILE_VERIFY_IN_C(SplitOp, tileVerifySplit)
TILE_VERIFY_IN_C(CatOp, tileVerifyCat)
TILE_VERIFY_IN_C(LoadOp, tileVerifyLoad)
TILE_VERIFY_IN_C(StoreOp, tileVerifyStore)
TILE_VERIFY_IN_C(AtomicRMWOp, tileVerifyAtomicRMW)
TILE_VERIFY_IN_C(AtomicCASOp, tileVerifyAtomicCAS)
TILE_VERIFY_IN_C(MakeTensorPtrOp, tileVerifyMakeTensorPtr)
TILE_VERIFY_IN_C(AdvanceOp, tileVerifyAdvance)
TILE_VERIFY_IN_C(DotOp, tileVerifyDot)
TILE_VERIFY_IN_C(ReduceOp, tileVerifyReduce)
TILE_VERIFY_IN_C(ScanOp, tileVerifyScan)
TILE_VERIFY_IN_C(FpToFpOp, tileVerifyFpToFp)
TILE_VERIFY_IN_C(BitcastOp, tileVerifyBitcast)
TILE_VERIFY_IN_C(PrintOp, tileVerifyPrint)

TILE_FOLD_IN_C(SplatOp, tileFoldSplat)
TILE_FOLD_IN_C(BroadcastOp, tileFoldBroadcast)
TILE_FOLD_IN_C(ReshapeOp, tileFoldReshape)
TILE_FOLD_IN_C(TransOp, tileFoldTrans)
TILE_FOLD_IN_C(AddPtrOp, tileFoldAddPtr)
TILE_FOLD_IN_C(AdvanceOp, tileFoldAdvance)

TILE_CANONICALIZE_IN_C(BroadcastOp, tilePopulateBroadcastPatterns)
TILE_CANONICALIZE_IN_C(ExpandDimsOp, tilePopulateExpandDimsPatterns)
TILE_CANONICALIZE_IN_C(ReshapeOp, tilePopulateReshapePatterns)
TILE_CANONICALIZE_IN_C(TransOp, tilePopulateTransPatterns)

// A volatile load may not be removed or merged, so it also writes.
void LoadOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  effects.emplace_back(MemoryEffects::Read::get(), &getPtrMutable(),
                       GlobalMemory::get());
  if (getIsVolatile())
    effects.emplace_back(MemoryEffects::Write::get(), GlobalMemory::get());
}

// An impure external function may touch any memory.
void ExternElementwiseOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (getPure())
    return;
  effects.emplace_back(MemoryEffects::Read::get(), GlobalMemory::get());
  effects.emplace_back(MemoryEffects::Write::get(), GlobalMemory::get());
}

#define GET_OP_CLASSES
#include "dialects/tile/TileOps.cpp.inc"
