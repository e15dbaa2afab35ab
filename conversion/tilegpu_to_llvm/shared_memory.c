/*===- shared_memory.c - shared-memory addresses, barriers, shuffles -------===*
 *
 * The kernel's shared memory is one dynamic allocation: `@global_smem`, an
 * `external` `[0 x i8]` addrspace(3) global, whose size the launch supplies
 * (the module's `tilegpu.shared`). Every buffer and scratch area is a byte
 * offset from its address, chosen by tilegpu-allocate-shared-memory and
 * read back here from `allocation.offset`. The other helpers emit the small
 * pieces the cross-thread lowerings repeat: barriers, predicated regions,
 * comparisons, bit packing of lane and warp indices, and warp shuffles of
 * any scalar type (the hardware shuffles 32 bits).
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

const char tileAllocationOffsetAttr[] = "allocation.offset";
static const char sharedGlobalName[] = "global_smem";
enum { SHARED_ADDRESS_SPACE = 3, SHARED_BASE_ALIGNMENT = 16 };

int64_t tileSharedElementBytes(MlirType elementType) {
  unsigned bits = tileBitWidthOf(elementType);
  if (mlirTypeIsALLVMPointerType(elementType))
    bits = 64;
  return bits <= 8 ? 1 : (int64_t)(bits / 8);
}

int64_t tileSharedAllocationBytes(MlirType memdesc) {
  int64_t elements = 1;
  intptr_t allocRank = tilegpuMemDescTypeGetAllocRank(memdesc);
  if (allocRank > 0) {
    for (intptr_t d = 0; d < allocRank; ++d)
      elements *= tilegpuMemDescTypeGetAllocDimSize(memdesc, d);
  } else {
    for (intptr_t d = 0; d < mlirShapedTypeGetRank(memdesc); ++d)
      elements *= mlirShapedTypeGetDimSize(memdesc, d);
  }
  return elements * tileSharedElementBytes(mlirShapedTypeGetElementType(memdesc));
}

int64_t tileSharedScratchBytes(TileLowering *lowering, MlirOperation op) {
  if (tileOpIs(op, "tile.reduce")) {
    TileReducePlan plan;
    return tileReducePlanGet(lowering, op, &plan) ? plan.scratchBytes : -1;
  }
  if (tileOpIs(op, "tile.scan")) {
    TileScanPlan plan;
    return tileScanPlanGet(lowering, op, &plan) ? plan.scratchBytes : -1;
  }
  if (tileOpIs(op, "tilegpu.convert_layout"))
    return tileConvertLayoutScratchBytes(lowering, op);
  if (tileOpIs(op, "tile.atomic_rmw") || tileOpIs(op, "tile.atomic_cas"))
    return tileAtomicScratchBytes(lowering, op);
  return 0;
}

bool tileSharedOffsetOf(MlirOperation op, int64_t *offset) {
  if (tileGetIntAttr(op, tileAllocationOffsetAttr, offset))
    return true;
  tileLoweringError(op, "this op needs shared memory but has no '%s'; run "
                        "-tilegpu-allocate-shared-memory (and "
                        "-tilegpu-insert-barriers) before this pass",
                    tileAllocationOffsetAttr);
  return false;
}

/* ---- Addresses ---------------------------------------------------------- */

static bool hasSymbol(MlirBlock body, const char *name) {
  MlirStringRef wanted = mlirStringRefCreateFromCString(name);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute symbol =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
    if (!mlirAttributeIsNull(symbol) && mlirAttributeIsAString(symbol) &&
        mlirStringRefEqual(mlirStringAttrGetValue(symbol), wanted))
      return true;
  }
  return false;
}

static void declareSharedGlobal(TileLowering *lowering) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(lowering->module, 0));
  if (hasSymbol(body, sharedGlobalName))
    return;
  MlirContext context = lowering->context;
  MlirType i8 = mlirIntegerTypeGet(context, 8);
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "sym_name",
                    mlirStringAttrGet(context, mlirStringRefCreateFromCString(sharedGlobalName))),
      tileNamedAttr(context, "global_type", mlirTypeAttrGet(mlirLLVMArrayTypeGet(i8, 0))),
      tileNamedAttr(context, "linkage",
                    mlirAttributeParseGet(context, mlirStringRefCreateFromCString(
                                                       "#llvm.linkage<external>"))),
      tileNamedAttr(context, "addr_space",
                    mlirIntegerAttrGet(mlirIntegerTypeGet(context, 32), SHARED_ADDRESS_SPACE)),
      tileNamedAttr(context, "alignment",
                    mlirIntegerAttrGet(mlirIntegerTypeGet(context, 64), SHARED_BASE_ALIGNMENT)),
  };
  MlirOperationState state = mlirOperationStateGet(
      mlirStringRefCreateFromCString("llvm.mlir.global"),
      mlirOperationGetLocation(lowering->module));
  mlirOperationStateAddAttributes(&state, sizeof(attributes) / sizeof(attributes[0]),
                                  attributes);
  MlirRegion initializer = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &initializer);
  mlirBlockInsertOwnedOperation(body, 0, mlirOperationCreate(&state));
}

MlirValue tileEmitSharedBase(TileLowering *lowering, MlirLocation location) {
  declareSharedGlobal(lowering);
  MlirContext context = lowering->context;
  MlirNamedAttribute name = tileNamedAttr(
      context, "global_name",
      mlirFlatSymbolRefAttrGet(context, mlirStringRefCreateFromCString(sharedGlobalName)));
  return tileEmit(lowering, "llvm.mlir.addressof", location, 0, NULL,
                  mlirLLVMPointerTypeGet(context, SHARED_ADDRESS_SPACE), 1, &name);
}

MlirValue tileEmitSharedAddress(TileLowering *lowering, MlirLocation location,
                                MlirValue base, MlirValue byteOffset) {
  MlirContext context = lowering->context;
  int32_t dynamicIndex = INT32_MIN;
  MlirNamedAttribute attributes[] = {
      tileNamedAttr(context, "elem_type", mlirTypeAttrGet(mlirIntegerTypeGet(context, 8))),
      tileNamedAttr(context, "rawConstantIndices",
                    mlirDenseI32ArrayGet(context, 1, &dynamicIndex)),
  };
  MlirValue operands[2] = {base, byteOffset};
  return tileEmit(lowering, "llvm.getelementptr", location, 2, operands,
                  mlirValueGetType(base), 2, attributes);
}

static MlirNamedAttribute alignmentAttr(TileLowering *lowering, int64_t alignment) {
  return tileNamedAttr(lowering->context, "alignment",
                       mlirIntegerAttrGet(mlirIntegerTypeGet(lowering->context, 64),
                                          alignment));
}

static bool isI1(MlirType type) {
  return mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) == 1;
}

void tileEmitSharedStore(TileLowering *lowering, MlirLocation location,
                         MlirValue address, MlirValue value, int64_t alignment) {
  if (isI1(mlirValueGetType(value)))
    value = tileEmit(lowering, "llvm.zext", location, 1, &value,
                     mlirIntegerTypeGet(lowering->context, 8), 0, NULL);
  MlirValue operands[2] = {value, address};
  MlirNamedAttribute align = alignmentAttr(lowering, alignment);
  tileEmit(lowering, "llvm.store", location, 2, operands, (MlirType){NULL}, 1, &align);
}

MlirValue tileEmitSharedLoad(TileLowering *lowering, MlirLocation location,
                             MlirValue address, MlirType type, int64_t alignment) {
  bool widen = isI1(type);
  MlirType memoryType = widen ? mlirIntegerTypeGet(lowering->context, 8) : type;
  MlirNamedAttribute align = alignmentAttr(lowering, alignment);
  MlirValue loaded =
      tileEmit(lowering, "llvm.load", location, 1, &address, memoryType, 1, &align);
  return widen ? tileEmit(lowering, "llvm.trunc", location, 1, &loaded, type, 0, NULL)
               : loaded;
}

void tileEmitSharedStoreRun(TileLowering *lowering, MlirLocation location,
                            MlirValue address, MlirType element, int64_t elementBytes,
                            int32_t width, const MlirValue *values) {
  MlirValue value = values[0];
  if (width > 1) {
    MlirType vectorType = mlirVectorTypeGet(1, (int64_t[]){width}, element);
    value = tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, vectorType, 0, NULL);
    for (int32_t i = 0; i < width; ++i) {
      MlirValue operands[3] = {value, values[i], tileEmitI32(lowering, location, i)};
      value = tileEmit(lowering, "llvm.insertelement", location, 3, operands, vectorType, 0,
                       NULL);
    }
  }
  tileEmitSharedStore(lowering, location, address, value, width * elementBytes);
}

void tileEmitSharedLoadRun(TileLowering *lowering, MlirLocation location,
                           MlirValue address, MlirType element, int64_t elementBytes,
                           int32_t width, MlirValue *values) {
  if (width == 1) {
    values[0] = tileEmitSharedLoad(lowering, location, address, element, elementBytes);
    return;
  }
  MlirType vectorType = mlirVectorTypeGet(1, (int64_t[]){width}, element);
  MlirValue vector =
      tileEmitSharedLoad(lowering, location, address, vectorType, width * elementBytes);
  for (int32_t i = 0; i < width; ++i) {
    MlirValue operands[2] = {vector, tileEmitI32(lowering, location, i)};
    values[i] = tileEmit(lowering, "llvm.extractelement", location, 2, operands, element, 0,
                         NULL);
  }
}

void tileEmitBarrier(TileLowering *lowering, MlirLocation location) {
  tileEmit(lowering, "nvvm.barrier0", location, 0, NULL, (MlirType){NULL}, 0, NULL);
}

MlirLogicalResult tileLowerBarrier(TileLowering *lowering, MlirOperation op) {
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  tileEmitBarrier(lowering, mlirOperationGetLocation(op));
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}

MlirOperation tileEmitBeginIf(TileLowering *lowering, MlirLocation location,
                              MlirValue condition) {
  MlirOperationState state =
      mlirOperationStateGet(mlirStringRefCreateFromCString("scf.if"), location);
  mlirOperationStateAddOperands(&state, 1, &condition);
  MlirRegion regions[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock body = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(regions[0], body);
  mlirOperationStateAddOwnedRegions(&state, 2, regions);
  MlirOperation ifOp = mlirOperationCreate(&state);
  mlirRewriterBaseInsert(lowering->rewriter, ifOp);
  mlirRewriterBaseSetInsertionPointToEnd(lowering->rewriter, body);
  MlirOperation yield =
      tileBuildOp(lowering->rewriter, "scf.yield", location, 0, NULL, 0, NULL, 0, NULL);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, yield);
  return ifOp;
}

void tileEmitEndIf(TileLowering *lowering, MlirOperation ifOp) {
  mlirRewriterBaseSetInsertionPointAfter(lowering->rewriter, ifOp);
}

/* ---- Integer helpers ---------------------------------------------------- */

MlirValue tileEmitCompare(TileLowering *lowering, MlirLocation location,
                          const char *predicate, MlirValue lhs, MlirValue rhs) {
  static const char *const predicates[] = {"eq",  "ne",  "slt", "sle", "sgt",
                                           "sge", "ult", "ule", "ugt", "uge"};
  int64_t code = 0;
  for (size_t i = 0; i < sizeof(predicates) / sizeof(predicates[0]); ++i)
    if (strcmp(predicates[i], predicate) == 0)
      code = (int64_t)i;
  MlirContext context = lowering->context;
  MlirNamedAttribute attribute = tileNamedAttr(
      context, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(context, 64), code));
  MlirValue operands[2] = {lhs, rhs};
  return tileEmit(lowering, "llvm.icmp", location, 2, operands,
                  mlirIntegerTypeGet(context, 1), 1, &attribute);
}

MlirValue tileEmitSelect(TileLowering *lowering, MlirLocation location,
                         MlirValue condition, MlirValue yes, MlirValue no) {
  MlirValue operands[3] = {condition, yes, no};
  return tileEmit(lowering, "llvm.select", location, 3, operands,
                  mlirValueGetType(yes), 0, NULL);
}

MlirOperation tileEmitBeginOwnerIf(TileLowering *lowering, MlirLocation location,
                                   const TileLinearLayout *layout, MlirValue lane,
                                   MlirValue warp) {
  uint32_t freeLanes = tileLayoutGetFreeVariableMask(layout, TILE_LAYOUT_LANE);
  uint32_t freeWarps = tileLayoutGetFreeVariableMask(layout, TILE_LAYOUT_WARP);
  if (!(freeLanes | freeWarps))
    return (MlirOperation){NULL};
  return tileEmitBeginIf(
      lowering, location,
      tileEmitBinary(lowering, location, "llvm.and",
                     tileEmitBitsClear(lowering, location, lane, (int32_t)freeLanes),
                     tileEmitBitsClear(lowering, location, warp, (int32_t)freeWarps)));
}

MlirValue tileEmitBitsClear(TileLowering *lowering, MlirLocation location,
                            MlirValue index, int32_t mask) {
  if (mask == 0)
    return tileEmitConstant(lowering, location, mlirIntegerTypeGet(lowering->context, 1),
                            mlirIntegerAttrGet(mlirIntegerTypeGet(lowering->context, 1), 1));
  MlirValue masked = tileEmitBinary(lowering, location, "llvm.and", index,
                                    tileEmitI32(lowering, location, mask));
  return tileEmitCompare(lowering, location, "eq", masked,
                         tileEmitI32(lowering, location, 0));
}

MlirValue tileEmitBitOf(TileLowering *lowering, MlirLocation location, MlirValue index,
                        int32_t bit) {
  return tileEmitBinary(lowering, location, "llvm.and",
                        tileEmitBinary(lowering, location, "llvm.lshr", index,
                                       tileEmitI32(lowering, location, bit)),
                        tileEmitI32(lowering, location, 1));
}

MlirValue tileEmitCompressBits(TileLowering *lowering, MlirLocation location,
                               MlirValue index, int32_t mask) {
  MlirValue packed = tileEmitI32(lowering, location, 0);
  int32_t position = 0;
  for (int32_t bit = 0; bit < 31; ++bit) {
    if (!((mask >> bit) & 1))
      continue;
    MlirValue one = tileEmitBitOf(lowering, location, index, bit);
    packed = tileEmitBinary(lowering, location, "llvm.or", packed,
                            tileEmitBinary(lowering, location, "llvm.shl", one,
                                           tileEmitI32(lowering, location, position)));
    ++position;
  }
  return packed;
}

MlirValue tileEmitLinearIndex(TileLowering *lowering, MlirLocation location,
                              int32_t rank, const int64_t *shape,
                              const MlirValue *coordinates, int32_t skip) {
  MlirValue index = tileEmitI32(lowering, location, 0);
  for (int32_t d = 0; d < rank; ++d) {
    if (d == skip)
      continue;
    index = tileEmitBinary(lowering, location, "llvm.mul", index,
                           tileEmitI32(lowering, location, shape[d]));
    index = tileEmitBinary(lowering, location, "llvm.add", index, coordinates[d]);
  }
  return index;
}

/* ---- Warp shuffles ------------------------------------------------------ */

/* A null `laneValue` means the constant `laneOrDelta`. */
static MlirValue shuffleI32(TileLowering *lowering, MlirLocation location,
                            const char *kind, MlirValue value, MlirValue laneValue,
                            int32_t laneOrDelta) {
  char text[64];
  snprintf(text, sizeof(text), "#nvvm<shfl_kind %s>", kind);
  MlirNamedAttribute kindAttr = tileNamedAttr(
      lowering->context, "kind",
      mlirAttributeParseGet(lowering->context, mlirStringRefCreateFromCString(text)));
  /* c packs the segment mask (bits 8-12, 0: one 32-lane segment) and the
   * clamp lane: 0 for up (no lane below 0), 31 for the others. */
  int32_t clamp = strcmp(kind, "up") == 0 ? 0 : 0x1f;
  MlirValue mask = tileEmitI32(lowering, location, -1);
  MlirValue lane = mlirValueIsNull(laneValue) ? tileEmitI32(lowering, location, laneOrDelta)
                                              : laneValue;
  MlirValue operands[4] = {mask, value, lane, tileEmitI32(lowering, location, clamp)};
  return tileEmit(lowering, "nvvm.shfl.sync", location, 4, operands,
                  mlirValueGetType(value), 1, &kindAttr);
}

static MlirValue cast(TileLowering *lowering, MlirLocation location,
                      const char *name, MlirValue value, MlirType type) {
  return tileEmit(lowering, name, location, 1, &value, type, 0, NULL);
}

/* Shuffles any scalar up to 64 bits as one or two 32-bit words. */
static MlirValue shuffleScalar(TileLowering *lowering, MlirLocation location,
                               const char *kind, MlirValue value, MlirValue laneValue,
                               int32_t laneOrDelta) {
  MlirContext context = lowering->context;
  MlirType type = mlirValueGetType(value);
  MlirType i32 = mlirIntegerTypeGet(context, 32);
  if (mlirTypeIsAF32(type) || (mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) == 32))
    return shuffleI32(lowering, location, kind, value, laneValue, laneOrDelta);
  bool isPointer = mlirTypeIsALLVMPointerType(type);
  unsigned bits = isPointer ? 64 : tileBitWidthOf(type);
  MlirType bitsType = mlirIntegerTypeGet(context, bits);
  MlirValue asInteger =
      isPointer ? cast(lowering, location, "llvm.ptrtoint", value, bitsType)
      : mlirTypeIsAInteger(type) ? value
                                 : cast(lowering, location, "llvm.bitcast", value, bitsType);
  MlirValue shuffled;
  if (bits < 32) {
    MlirValue wide = cast(lowering, location, "llvm.zext", asInteger, i32);
    shuffled = cast(lowering, location, "llvm.trunc",
                    shuffleI32(lowering, location, kind, wide, laneValue, laneOrDelta), bitsType);
  } else {
    MlirType i64 = mlirIntegerTypeGet(context, 64);
    MlirValue shift = tileEmitConstant(lowering, location, i64, mlirIntegerAttrGet(i64, 32));
    MlirValue low = cast(lowering, location, "llvm.trunc", asInteger, i32);
    MlirValue high = cast(lowering, location, "llvm.trunc",
                          tileEmitBinary(lowering, location, "llvm.lshr", asInteger, shift),
                          i32);
    low = cast(lowering, location, "llvm.zext",
               shuffleI32(lowering, location, kind, low, laneValue, laneOrDelta), i64);
    high = cast(lowering, location, "llvm.zext",
                shuffleI32(lowering, location, kind, high, laneValue, laneOrDelta), i64);
    shuffled = tileEmitBinary(lowering, location, "llvm.or", low,
                              tileEmitBinary(lowering, location, "llvm.shl", high, shift));
  }
  if (isPointer)
    return cast(lowering, location, "llvm.inttoptr", shuffled, type);
  return mlirTypeIsAInteger(type) ? shuffled
                                  : cast(lowering, location, "llvm.bitcast", shuffled, type);
}

MlirValue tileEmitShuffle(TileLowering *lowering, MlirLocation location,
                          const char *kind, MlirValue value, int32_t laneOrDelta) {
  return shuffleScalar(lowering, location, kind, value, (MlirValue){NULL}, laneOrDelta);
}

MlirValue tileEmitShuffleFromLane(TileLowering *lowering, MlirLocation location,
                                  MlirValue value, MlirValue lane) {
  return shuffleScalar(lowering, location, "idx", value, lane, 0);
}
