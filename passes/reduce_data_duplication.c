/*===- reduce_data_duplication.c - dot operands through shared memory ------===*
 *
 * -tilegpu-reduce-data-duplication rewrites every `tilegpu.convert_layout`
 * from a blocked layout to a `#tilegpu.dot_operand` layout into
 *
 *   %buffer = tilegpu.local_alloc %src : (tensor<..., #blocked>) -> !tilegpu.memdesc<..., #shared, ...>
 *   %operand = tilegpu.local_load %buffer : !tilegpu.memdesc<...> -> tensor<..., #dot_operand>
 *
 * A dot operand layout holds every element several times (each warp along
 * N needs all of A's rows it multiplies, each along M all of B's columns),
 * so the conversion always crosses warps; going through shared memory
 * explicitly lets the store be the blocked layout's vectorized stores and
 * the load be `ldmatrix`, and lets the allocator and barrier passes see the
 * buffer. The buffer keeps the source's dimension order (a batch dimension
 * goes last) and, for an mma operand, the swizzle of
 * reduce_data_duplication.h so that both sides are free of bank conflicts;
 * an FMA operand (blocked parent) is stored unswizzled.
 *
 * Invariant after the pass: no convert_layout produces a dot_operand
 * layout from a blocked one. The pass is Triton's ReduceDataDuplication.
 *
 *===----------------------------------------------------------------------===*/

#include "passes/reduce_data_duplication.h"
#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "passes/op_list.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinTypes.h"


enum { MAX_OPERAND_RANK = 3 };

/* The order of the shared buffer: the source's, with a batch dim (dim 0 of
 * a rank-3 operand) moved to the slowest position so every matrix of the
 * batch is one contiguous tile. */
static void sharedOrderOf(MlirAttribute blocked, intptr_t rank, unsigned *order) {
  intptr_t at = 0;
  for (intptr_t i = 0; i < rank; ++i) {
    unsigned dim = tilegpuBlockedLayoutAttrGetOrder(blocked, i);
    if (rank < 3 || dim != 0)
      order[at++] = dim;
  }
  if (rank == 3)
    order[at] = 0;
}

static MlirAttribute sharedLayoutFor(MlirContext context, MlirAttribute dotOperand,
                                     MlirType tensorType, const unsigned *order,
                                     intptr_t rank) {
  MlirAttribute parent = tilegpuDotOperandLayoutAttrGetParent(dotOperand);
  if (!tilegpuAttributeIsAMmaLayout(parent))
    return tilegpuSwizzledSharedLayoutAttrGet(context, 1, 1, 1, rank, order);
  int64_t shape[MAX_OPERAND_RANK];
  tileShapeOf(tensorType, shape, MAX_OPERAND_RANK);
  TileMmaOperandSwizzle swizzle = tileMmaOperandSwizzleGet(
      (int32_t)tilegpuDotOperandLayoutAttrGetOpIdx(dotOperand),
      (int32_t)tilegpuDotOperandLayoutAttrGetKWidth(dotOperand),
      (int32_t)tileBitWidthOf(tileElementTypeOf(tensorType)), (int32_t)rank,
      (int32_t)order[0], shape[order[0]]);
  return tilegpuSwizzledSharedLayoutAttrGet(context, (unsigned)swizzle.vec,
                                            (unsigned)swizzle.perPhase,
                                            (unsigned)swizzle.maxPhase, rank, order);
}

MlirAttribute tileDotOperandSharedLayoutGet(MlirContext context, MlirAttribute blocked,
                                            MlirAttribute dotOperand, MlirType tensorType) {
  intptr_t rank = tileRankOf(tensorType);
  if (rank < 2 || rank > MAX_OPERAND_RANK)
    return (MlirAttribute){NULL};
  unsigned order[MAX_OPERAND_RANK];
  sharedOrderOf(blocked, rank, order);
  return sharedLayoutFor(context, dotOperand, tensorType, order, rank);
}

static bool isBlockedToDotOperand(MlirOperation op) {
  if (!tileOperationIsNamed(op, "tilegpu.convert_layout"))
    return false;
  MlirAttribute source = tileLayoutOf(mlirOperationGetOperand(op, 0));
  MlirAttribute result = tileLayoutOf(mlirOperationGetResult(op, 0));
  return !mlirAttributeIsNull(source) && !mlirAttributeIsNull(result) &&
         tilegpuAttributeIsABlockedLayout(source) &&
         tilegpuAttributeIsADotOperandLayout(result);
}

static MlirLogicalResult stageThroughSharedMemory(MlirRewriterBase rewriter,
                                                  MlirOperation convert, void *userData) {
  (void)userData;
  MlirContext context = mlirOperationGetContext(convert);
  MlirLocation location = mlirOperationGetLocation(convert);
  MlirValue source = mlirOperationGetOperand(convert, 0);
  MlirValue result = mlirOperationGetResult(convert, 0);
  MlirType sourceType = mlirValueGetType(source);
  intptr_t rank = tileRankOf(sourceType);
  if (rank < 2 || rank > MAX_OPERAND_RANK)
    return tileOpError(convert, "tilegpu-reduce-data-duplication: a dot operand must "
                                "be 2-D or 3-D");
  unsigned order[MAX_OPERAND_RANK];
  sharedOrderOf(tileLayoutOf(source), rank, order);
  MlirAttribute shared =
      sharedLayoutFor(context, tileLayoutOf(result), sourceType, order, rank);
  int64_t shape[MAX_OPERAND_RANK];
  tileShapeOf(sourceType, shape, MAX_OPERAND_RANK);
  MlirType bufferType = tilegpuMemDescTypeGet(
      rank, shape, tileElementTypeOf(sourceType), shared,
      tilegpuSharedMemorySpaceAttrGet(context), false, 0, NULL);
  if (mlirAttributeIsNull(shared) || mlirTypeIsNull(bufferType))
    return tileOpError(convert, "tilegpu-reduce-data-duplication: could not build the "
                                "shared buffer for this operand");
  mlirRewriterBaseSetInsertionPointBefore(rewriter, convert);
  MlirValue buffer =
      tileBuildUnary(rewriter, "tilegpu.local_alloc", location, source, bufferType);
  MlirValue loaded = tileBuildUnary(rewriter, "tilegpu.local_load", location, buffer,
                                    mlirValueGetType(result));
  mlirValueReplaceAllUsesOfWith(result, loaded);
  mlirOperationDestroy(convert);
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult runReduceDataDuplication(MlirOperation module,
                                                  const TilePassOptionValue *options) {
  (void)options;
  return tileRewriteEachMatching(module, isBlockedToDotOperand, stageThroughSharedMemory,
                                 NULL);
}

static MlirDialectHandle (*const reduceDataDuplicationDialects[])(void) = {
    mlirGetDialectHandle__tilegpu__,
    NULL,
};

_Alignas(8) const TilePassInfo tileReduceDataDuplicationPass = {
    .argument = "tilegpu-reduce-data-duplication",
    .name = "TileGPUReduceDataDuplication",
    .description = "Convert blocked tensors to dot operand layouts through a "
                   "swizzled shared-memory buffer (local_alloc + local_load)",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = reduceDataDuplicationDialects,
    .run = runReduceDataDuplication,
};
