/*===- dot_fma.c - tile.dot on CUDA cores: one multiply-add per product ----===*
 *
 * A dot whose result keeps a blocked layout (tilegpu-accelerate-matmul's FMA
 * choice) is computed by every thread for the elements it owns: for each
 * result register at (batch, m, n), acc = fmuladd(a[m, k], b[k, n], acc)
 * over k = 0 .. K-1, with `llvm.intr.fmuladd` for floats and `llvm.mul` +
 * `llvm.add` for integers. Narrower inputs are widened to the accumulator
 * type first (f16/bf16 -> f32 with fpext, i8 -> i32 with sext).
 *
 * Which register of a and b holds a[m, k] and b[k, n] comes from the linear
 * layouts: the operands must hold, in every thread, the rows and columns of
 * that thread's results, i.e. their lane and warp bases agree with the
 * result's along M (for a), N (for b) and the batch, and are zero along K.
 * The `#tilegpu.dot_operand` layouts whose parent is the result layout are
 * exactly that; anything else is an error at the op. Then the register
 * parts of the coordinates decide, and tables indexed by coordinates find
 * the register. A dot with an mma result layout goes to dot_mma.c.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "dialects/support.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdlib.h>

enum { MAX_DOT_RANK = 3 };

/* The dims of a dot's tensors: the batch (or -1), M, N and K positions
 * within each operand's coordinates. */
typedef struct DotDims {
  int32_t rank;
  int32_t batch; /* 0 for rank 3, -1 otherwise */
  int64_t m, n, k, batches;
} DotDims;

/* True when input dim `inName` of `operand` moves along `operandDim` exactly
 * as it moves `result` along `resultDim`, for every bit; `zeroDim` (K) must
 * not move at all. */
static bool threadBasesAgree(const TileLinearLayout *operand, const TileLinearLayout *result,
                             TileLayoutDimName inName, int32_t rank,
                             const int32_t *operandDims, const int32_t *resultDims,
                             int32_t numDims, int32_t zeroDim) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(result, inName))
    ++bits;
  if (tileLayoutGetInDimSize(operand, inName) != tileLayoutGetInDimSize(result, inName))
    return false;
  for (int32_t bit = 0; bit < bits; ++bit) {
    int32_t operandBasis[TILE_LAYOUT_MAX_RANK], resultBasis[TILE_LAYOUT_MAX_RANK];
    tileLayoutBasis(operand, inName, bit, rank, operandBasis);
    tileLayoutBasis(result, inName, bit, rank, resultBasis);
    if (operandBasis[zeroDim] != 0)
      return false;
    for (int32_t i = 0; i < numDims; ++i)
      if (operandBasis[operandDims[i]] != resultBasis[resultDims[i]])
        return false;
  }
  return true;
}

/* Checks that `operand` (a when isA, else b) holds every thread's rows or
 * columns of the result; see the file comment. */
static bool operandFollowsResult(const TileLinearLayout *operand,
                                 const TileLinearLayout *result, const DotDims *dims,
                                 bool isA) {
  int32_t rank = dims->rank, mDim = rank - 2, nDim = rank - 1;
  int32_t operandDims[2], resultDims[2], numDims = 0;
  if (dims->batch >= 0)
    operandDims[numDims] = 0, resultDims[numDims++] = 0;
  operandDims[numDims] = isA ? mDim : nDim;
  resultDims[numDims++] = isA ? mDim : nDim;
  int32_t kDim = isA ? nDim : mDim;
  return threadBasesAgree(operand, result, TILE_LAYOUT_LANE, rank, operandDims,
                          resultDims, numDims, kDim) &&
         threadBasesAgree(operand, result, TILE_LAYOUT_WARP, rank, operandDims,
                          resultDims, numDims, kDim);
}

/* Fills `table` (batches * rows * cols entries) with the register holding
 * each register-part coordinate, -1 where none. */
static void tabulateRegisters(const TileLinearLayout *layout, const DotDims *dims,
                              int64_t rows, int64_t cols, int32_t *table) {
  int32_t rank = dims->rank;
  for (int64_t i = 0; i < dims->batches * rows * cols; ++i)
    table[i] = -1;
  int32_t registers = tileLayoutGetNumRegisters(layout);
  for (int32_t reg = registers - 1; reg >= 0; --reg) {
    int32_t at[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(layout, rank, reg, at);
    int64_t batch = dims->batch >= 0 ? at[0] : 0;
    table[(batch * rows + at[rank - 2]) * cols + at[rank - 1]] = reg;
  }
}

/* Widens `value` to the accumulator's element type. */
static MlirValue widen(TileLowering *lowering, MlirLocation location, MlirValue value,
                       MlirType accumulator) {
  MlirType type = mlirValueGetType(value);
  if (mlirTypeEqual(type, accumulator))
    return value;
  const char *name = mlirTypeIsAInteger(type) ? "llvm.sext" : "llvm.fpext";
  return tileEmit(lowering, name, location, 1, &value, accumulator, 0, NULL);
}

static MlirValue multiplyAdd(TileLowering *lowering, MlirLocation location, MlirValue a,
                             MlirValue b, MlirValue accumulator) {
  MlirType type = mlirValueGetType(accumulator);
  if (mlirTypeIsAInteger(type)) {
    MlirValue product = tileEmitBinary(lowering, location, "llvm.mul", a, b);
    return tileEmitBinary(lowering, location, "llvm.add", product, accumulator);
  }
  MlirValue operands[3] = {a, b, accumulator};
  return tileEmit(lowering, "llvm.intr.fmuladd", location, 3, operands, type, 0, NULL);
}

/* Unpacks an operand's struct and widens every register. */
static void loadOperand(TileLowering *lowering, MlirLocation location, MlirValue operand,
                        int32_t registers, MlirType accumulator, MlirValue *values) {
  tileEmitUnpack(lowering, location, tileLoweredValue(operand), registers, values);
  for (int32_t r = 0; r < registers; ++r)
    values[r] = widen(lowering, location, values[r], accumulator);
}

static MlirLogicalResult lowerFmaDot(TileLowering *lowering, MlirOperation op,
                                     const TileLinearLayout *layouts, const DotDims *dims) {
  MlirType accumulator = tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  MlirType inputs = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)));
  if (!mlirTypeIsAF16(inputs) && !mlirTypeIsABF16(inputs) && !mlirTypeIsAF32(inputs) &&
      !mlirTypeIsAF64(inputs) && !mlirTypeIsAInteger(inputs))
    return tileLoweringError(op, "an FMA tile.dot of this element type (fp8) is not "
                                 "lowered yet; use cuda:89 or newer for fp8 tensor cores");
  int32_t counts[3];
  for (int32_t i = 0; i < 3; ++i)
    counts[i] = tileLayoutGetNumRegisters(&layouts[i]);
  int32_t *tableA = malloc(sizeof(int32_t) * (size_t)(dims->batches * dims->m * dims->k));
  int32_t *tableB = malloc(sizeof(int32_t) * (size_t)(dims->batches * dims->k * dims->n));
  MlirValue *values = malloc(sizeof(MlirValue) * (size_t)(counts[0] + counts[1] + counts[2]));
  if (!tableA || !tableB || !values) {
    free(tableA), free(tableB), free(values);
    return tileLoweringError(op, "out of memory while lowering tile.dot");
  }
  tabulateRegisters(&layouts[0], dims, dims->m, dims->k, tableA);
  tabulateRegisters(&layouts[1], dims, dims->k, dims->n, tableB);
  MlirValue *a = values, *b = values + counts[0], *c = b + counts[1];
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirLocation location = mlirOperationGetLocation(op);
  loadOperand(lowering, location, mlirOperationGetOperand(op, 0), counts[0], accumulator, a);
  loadOperand(lowering, location, mlirOperationGetOperand(op, 1), counts[1], accumulator, b);
  tileEmitUnpack(lowering, location, tileLoweredValue(mlirOperationGetOperand(op, 2)),
                 counts[2], c);
  MlirLogicalResult result = mlirLogicalResultSuccess();
  int32_t rank = dims->rank;
  for (int32_t reg = 0; reg < counts[2] && mlirLogicalResultIsSuccess(result); ++reg) {
    int32_t at[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(&layouts[2], rank, reg, at);
    int64_t batch = dims->batch >= 0 ? at[0] : 0, m = at[rank - 2], n = at[rank - 1];
    for (int64_t k = 0; k < dims->k; ++k) {
      int32_t ra = tableA[(batch * dims->m + m) * dims->k + k];
      int32_t rb = tableB[(batch * dims->k + k) * dims->n + n];
      if (ra < 0 || rb < 0) {
        result = tileLoweringError(op, "the operands do not hold a[%lld, %lld] and "
                                       "b[%lld, %lld] in the thread that owns "
                                       "result[%lld, %lld]",
                                   (long long)m, (long long)k, (long long)k,
                                   (long long)n, (long long)m, (long long)n);
        break;
      }
      c[reg] = multiplyAdd(lowering, location, a[ra], b[rb], c[reg]);
    }
  }
  if (mlirLogicalResultIsSuccess(result)) {
    MlirType structType = tileLoweredType(lowering, op, mlirValueGetType(mlirOperationGetResult(op, 0)));
    MlirValue packed = tileEmitPack(lowering, location, structType, counts[2], c);
    tileReplaceOp(lowering, op, &packed);
  }
  free(tableA), free(tableB), free(values);
  return result;
}

MlirLogicalResult tileLowerDot(TileLowering *lowering, MlirOperation op) {
  MlirAttribute resultLayout = tileEncodingOf(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (!mlirAttributeIsNull(resultLayout) && tilegpuAttributeIsAMmaLayout(resultLayout))
    return tileLowerMmaDot(lowering, op);
  TileLinearLayout layouts[3];
  if (!tileLayoutsOfOperands(lowering, op, 3, layouts))
    return mlirLogicalResultFailure();
  int64_t shapeA[MAX_DOT_RANK], shapeB[MAX_DOT_RANK];
  DotDims dims;
  dims.rank = (int32_t)tileShapeOf(mlirValueGetType(mlirOperationGetOperand(op, 0)), shapeA,
                                   MAX_DOT_RANK);
  tileShapeOf(mlirValueGetType(mlirOperationGetOperand(op, 1)), shapeB, MAX_DOT_RANK);
  dims.batch = dims.rank == 3 ? 0 : -1;
  dims.batches = dims.rank == 3 ? shapeA[0] : 1;
  dims.m = shapeA[dims.rank - 2];
  dims.k = shapeA[dims.rank - 1];
  dims.n = shapeB[dims.rank - 1];
  if (!operandFollowsResult(&layouts[0], &layouts[2], &dims, true) ||
      !operandFollowsResult(&layouts[1], &layouts[2], &dims, false))
    return tileLoweringError(op, "the operands of an FMA tile.dot must have "
                                 "#tilegpu.dot_operand layouts whose parent is the "
                                 "result's layout; run -tilegpu-accelerate-matmul");
  return lowerFmaDot(lowering, op, layouts, &dims);
}
