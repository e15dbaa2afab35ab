/*===- types.c - LLVM types of tilegpu values ------------------------------===*
 *
 * A distributed tensor lowers to `!llvm.struct<(T, T, ...)>` with one field
 * per register of its linear layout (so elements a thread holds twice, as in
 * a broadcast layout, appear twice); `!tile.ptr<T, as>` lowers to
 * `!llvm.ptr<as>`; a `!tilegpu.memdesc` lowers to the `!llvm.ptr<3>` of its
 * element 0 (local_memory.h) and an `!tilegpu.async.token` to an unused
 * i32 (async_copy.c); other scalars stay as they are (the LLVM dialect accepts
 * builtin integers and floats). An 8-bit float element (f8E4M3FN, f8E5M2,
 * ...) is held as its i8 bits: LLVM has no fp8 type to load, store or keep
 * in a register, and every fp8 operation (tile.fp_to_fp, mma.sync) takes
 * the bits. The linear layout is built from the
 * `#tilegpu.*` encoding through passes/layout, so every index and width
 * question downstream has one answer.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <string.h>

/* Encodings nest (slice of dot_operand of mma): a fixed pool holds the
 * parents while one layout is built. */
enum { MAX_ENCODING_DEPTH = 8 };

typedef struct EncodingPool {
  TileLayoutEncoding entries[MAX_ENCODING_DEPTH];
  int32_t used;
} EncodingPool;

bool tileTypeNeedsLowering(MlirType type) {
  return tileIsTensor(type) || tileTypeIsAPointer(type) || tilegpuTypeIsAMemDesc(type) ||
         tilegpuTypeIsAAsyncToken(type);
}

bool tileTypeIsFp8(MlirType type) {
  return mlirTypeIsAFloat(type) && mlirFloatTypeGetWidth(type) == 8;
}

MlirType tileLoweredElementType(MlirType type) {
  MlirType element = tileElementTypeOf(type);
  if (tileTypeIsAPointer(element))
    return mlirLLVMPointerTypeGet(mlirTypeGetContext(element),
                                  (unsigned)tilePointerTypeGetAddressSpace(element));
  if (tileTypeIsFp8(element))
    return mlirIntegerTypeGet(mlirTypeGetContext(element), 8);
  return element;
}

static void copyUnsigned(int32_t *into, MlirAttribute attr, intptr_t rank,
                         unsigned (*get)(MlirAttribute, intptr_t)) {
  for (intptr_t i = 0; i < rank; ++i)
    into[i] = (int32_t)get(attr, i);
}

/* Fills `pool` with `attr` and its parents; returns the entry for `attr`,
 * or NULL for an encoding passes/layout cannot describe. */
static const TileLayoutEncoding *encodingOf(MlirAttribute attr,
                                            EncodingPool *pool) {
  if (pool->used == MAX_ENCODING_DEPTH)
    return NULL;
  TileLayoutEncoding *encoding = &pool->entries[pool->used++];
  memset(encoding, 0, sizeof(*encoding));
  if (tilegpuAttributeIsABlockedLayout(attr)) {
    intptr_t rank = tilegpuBlockedLayoutAttrGetRank(attr);
    if (rank > TILE_LAYOUT_MAX_RANK)
      return NULL;
    encoding->kind = TILE_LAYOUT_ENCODING_BLOCKED;
    TileBlockedEncoding *blocked = &encoding->u.blocked;
    copyUnsigned(blocked->sizePerThread, attr, rank,
                 tilegpuBlockedLayoutAttrGetSizePerThread);
    copyUnsigned(blocked->threadsPerWarp, attr, rank,
                 tilegpuBlockedLayoutAttrGetThreadsPerWarp);
    copyUnsigned(blocked->warpsPerCTA, attr, rank,
                 tilegpuBlockedLayoutAttrGetWarpsPerCTA);
    copyUnsigned(blocked->order, attr, rank, tilegpuBlockedLayoutAttrGetOrder);
    return encoding;
  }
  if (tilegpuAttributeIsASliceLayout(attr)) {
    encoding->kind = TILE_LAYOUT_ENCODING_SLICE;
    encoding->u.slice.dim = (int32_t)tilegpuSliceLayoutAttrGetDim(attr);
    encoding->u.slice.parent =
        encodingOf(tilegpuSliceLayoutAttrGetParent(attr), pool);
    return encoding->u.slice.parent ? encoding : NULL;
  }
  if (tilegpuAttributeIsAMmaLayout(attr)) {
    intptr_t rank = tilegpuMmaLayoutAttrGetRank(attr);
    intptr_t instrRank = tilegpuMmaLayoutAttrGetInstrShapeRank(attr);
    if (rank > TILE_LAYOUT_MAX_RANK || instrRank > 3)
      return NULL;
    encoding->kind = TILE_LAYOUT_ENCODING_MMA;
    encoding->u.mma.versionMajor = (int32_t)tilegpuMmaLayoutAttrGetVersion(attr);
    copyUnsigned(encoding->u.mma.warpsPerCTA, attr, rank,
                 tilegpuMmaLayoutAttrGetWarpsPerCTA);
    copyUnsigned(encoding->u.mma.instrShape, attr, instrRank,
                 tilegpuMmaLayoutAttrGetInstrShape);
    return encoding;
  }
  if (tilegpuAttributeIsADotOperandLayout(attr)) {
    encoding->kind = TILE_LAYOUT_ENCODING_DOT_OPERAND;
    encoding->u.dotOperand.opIdx = (int32_t)tilegpuDotOperandLayoutAttrGetOpIdx(attr);
    encoding->u.dotOperand.kWidth = (int32_t)tilegpuDotOperandLayoutAttrGetKWidth(attr);
    encoding->u.dotOperand.parent =
        encodingOf(tilegpuDotOperandLayoutAttrGetParent(attr), pool);
    return encoding->u.dotOperand.parent ? encoding : NULL;
  }
  return NULL;
}

/* #tilegpu.linear spells its bases out; copy them into a layout whose
 * outputs are the tensor dims. */
static TileLayoutStatus layoutFromLinearAttr(TileLinearLayout *layout,
                                             MlirAttribute attr, int32_t rank,
                                             const int64_t *shape) {
  TileLayoutDimName outNames[TILE_LAYOUT_MAX_RANK];
  int32_t outSizes[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d) {
    outNames[d] = tileLayoutTensorDim(d);
    outSizes[d] = (int32_t)shape[d];
  }
  TileLayoutStatus status = tileLayoutInit(layout, rank, outNames, outSizes);
  static const struct {
    TileGPULinearInDim attrDim;
    TileLayoutDimName name;
  } inDims[] = {{TileGPULinearInDimRegister, TILE_LAYOUT_REGISTER},
                {TileGPULinearInDimLane, TILE_LAYOUT_LANE},
                {TileGPULinearInDimWarp, TILE_LAYOUT_WARP},
                {TileGPULinearInDimBlock, TILE_LAYOUT_BLOCK}};
  for (size_t i = 0; i < sizeof(inDims) / sizeof(inDims[0]) && !status; ++i) {
    status = tileLayoutAddInDim(layout, inDims[i].name);
    intptr_t count = tilegpuLinearLayoutAttrGetNumBases(attr, inDims[i].attrDim);
    for (intptr_t bit = 0; bit < count && !status; ++bit) {
      int32_t values[TILE_LAYOUT_MAX_RANK];
      for (int32_t d = 0; d < rank; ++d)
        values[d] = tilegpuLinearLayoutAttrGetBasis(attr, inDims[i].attrDim, bit, d);
      status = tileLayoutAppendBasis(layout, inDims[i].name, values);
    }
  }
  return status;
}

bool tileLayoutOfTensor(TileLowering *lowering, MlirOperation op,
                        MlirType tensorType, TileLinearLayout *layout) {
  char typeText[256];
  MlirAttribute encoding = tileEncodingOf(tensorType);
  if (mlirAttributeIsNull(encoding)) {
    tileLoweringError(op, "%s has no layout; run convert-tile-to-tilegpu first",
                      tileTypeToString(tensorType, typeText, sizeof(typeText)));
    return false;
  }
  int64_t shape[TILE_LAYOUT_MAX_RANK];
  intptr_t rank = tileRankOf(tensorType);
  if (rank > TILE_LAYOUT_MAX_RANK) {
    tileLoweringError(op, "%s has more than %d dimensions",
                      tileTypeToString(tensorType, typeText, sizeof(typeText)),
                      TILE_LAYOUT_MAX_RANK);
    return false;
  }
  tileShapeOf(tensorType, shape, TILE_LAYOUT_MAX_RANK);
  TileLayoutStatus status;
  if (tilegpuAttributeIsALinearLayout(encoding)) {
    status = layoutFromLinearAttr(layout, encoding, (int32_t)rank, shape);
  } else {
    EncodingPool pool = {.used = 0};
    const TileLayoutEncoding *described = encodingOf(encoding, &pool);
    if (!described) {
      tileLoweringError(op, "the layout of %s is not a distributed layout this "
                            "lowering knows",
                        tileTypeToString(tensorType, typeText, sizeof(typeText)));
      return false;
    }
    status = tileLayoutFromEncoding(layout, described, (int32_t)rank, shape);
  }
  if (status != TILE_LAYOUT_OK) {
    tileLoweringError(op, "cannot build the linear layout of %s: %s",
                      tileTypeToString(tensorType, typeText, sizeof(typeText)),
                      tileLayoutStatusString(status));
    return false;
  }
  int32_t lanes = tileLayoutGetInDimSize(layout, TILE_LAYOUT_LANE);
  int32_t warps = tileLayoutGetInDimSize(layout, TILE_LAYOUT_WARP);
  if (lanes != lowering->threadsPerWarp || warps != lowering->numWarps) {
    tileLoweringError(op, "the layout of %s spans %d lanes x %d warps, but the "
                          "module has tilegpu.threads-per-warp = %d and "
                          "tilegpu.num-warps = %d",
                      tileTypeToString(tensorType, typeText, sizeof(typeText)),
                      lanes, warps, lowering->threadsPerWarp, lowering->numWarps);
    return false;
  }
  return true;
}

bool tileLayoutsOfOperands(TileLowering *lowering, MlirOperation op, intptr_t count,
                           TileLinearLayout *layouts) {
  for (intptr_t i = 0; i < count; ++i)
    if (!tileLayoutOfTensor(lowering, op, mlirValueGetType(mlirOperationGetOperand(op, i)),
                            &layouts[i]))
      return false;
  return true;
}

MlirType tileLoweredType(TileLowering *lowering, MlirOperation op,
                         MlirType type) {
  if (tileTypeIsAPointer(type))
    return tileLoweredElementType(type);
  if (tilegpuTypeIsAMemDesc(type))
    return mlirLLVMPointerTypeGet(lowering->context, 3);
  if (tilegpuTypeIsAAsyncToken(type))
    return mlirIntegerTypeGet(lowering->context, 32);
  if (!tileIsTensor(type))
    return type;
  TileLinearLayout layout;
  if (!tileLayoutOfTensor(lowering, op, type, &layout))
    return (MlirType){NULL};
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  if (registers > TILE_LOWERING_MAX_REGISTERS) {
    char typeText[256];
    tileLoweringError(op, "%s needs %d registers per thread, more than the %d "
                          "this lowering allows; use more warps or a smaller tile",
                      tileTypeToString(type, typeText, sizeof(typeText)),
                      registers, TILE_LOWERING_MAX_REGISTERS);
    return (MlirType){NULL};
  }
  MlirType element = tileLoweredElementType(type);
  MlirType fields[TILE_LOWERING_MAX_REGISTERS];
  for (int32_t i = 0; i < registers; ++i)
    fields[i] = element;
  return mlirLLVMStructTypeLiteralGet(lowering->context, registers, fields, false);
}
