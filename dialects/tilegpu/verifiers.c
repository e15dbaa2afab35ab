/*===- verifiers.c - rules of the tilegpu layouts, types and ops ----------===*
 *
 * The rules ODS cannot state declaratively. Layout and memdesc verifiers see
 * the parameters before the attribute or type exists and report through a
 * TileGPUErrorSink; op verifiers report on the op. Each reports the first
 * violation with a message that names the values involved, so a user can
 * fix the IR without reading this file. Declarative constraints (operand
 * kinds, matching types) have already passed when the op verifiers run.
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/tilegpu/TileGPUHooks.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum { kMaxRank = 16, kText = 512 };

/* The warp size of every NVIDIA GPU; layouts spread exactly this many lanes. */
enum { kThreadsPerWarp = 32, kLaneBits = 5 };

static MlirLogicalResult success(void) { return mlirLogicalResultSuccess(); }

static MlirLogicalResult sinkError(TileGPUErrorSink sink, const char *format, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static MlirLogicalResult sinkError(TileGPUErrorSink sink, const char *format, ...) {
  char message[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  sink.emit(sink.userData, message);
  return mlirLogicalResultFailure();
}

static bool isPowerOfTwo(uint64_t value) { return value && !(value & (value - 1)); }

static const char *unsignedsToString(const unsigned *values, intptr_t count,
                                     char *buffer, size_t size) {
  int64_t wide[kMaxRank];
  intptr_t shown = count < kMaxRank ? count : kMaxRank;
  for (intptr_t i = 0; i < shown; ++i)
    wide[i] = values[i];
  return tileIntsToString(wide, shown, buffer, size);
}

static bool isPermutation(const unsigned *values, intptr_t count) {
  bool seen[kMaxRank] = {false};
  if (count > kMaxRank)
    return false;
  for (intptr_t i = 0; i < count; ++i) {
    if (values[i] >= (unsigned)count || seen[values[i]])
      return false;
    seen[values[i]] = true;
  }
  return true;
}

/* Every entry of `values` must be a positive power of two. */
static MlirLogicalResult checkPowersOfTwo(TileGPUErrorSink sink, const char *name,
                                          const unsigned *values, intptr_t count) {
  for (intptr_t i = 0; i < count; ++i)
    if (!isPowerOfTwo(values[i]))
      return sinkError(sink, "%s[%d] = %u must be a positive power of two", name,
                       (int)i, values[i]);
  return success();
}

static MlirLogicalResult checkOrder(TileGPUErrorSink sink, const unsigned *order,
                                    intptr_t count) {
  char text[kText];
  if (count == 0)
    return sinkError(sink, "order must list at least one dimension");
  if (!isPermutation(order, count))
    return sinkError(sink, "order must be a permutation of the dimensions 0..%d, got %s",
                     (int)count - 1, unsignedsToString(order, count, text, sizeof(text)));
  return success();
}

static int64_t productOf(const unsigned *values, intptr_t count) {
  int64_t product = 1;
  for (intptr_t i = 0; i < count; ++i)
    product *= values[i];
  return product;
}

/*===----------------------------------------------------------------------===*
 * Layout attributes
 *===----------------------------------------------------------------------===*/

MlirLogicalResult tilegpuVerifyBlockedLayout(
    TileGPUErrorSink sink, const unsigned *sizePerThread, intptr_t numSizePerThread,
    const unsigned *threadsPerWarp, intptr_t numThreadsPerWarp,
    const unsigned *warpsPerCTA, intptr_t numWarpsPerCTA, const unsigned *order,
    intptr_t numOrder) {
  if (numSizePerThread == 0 || numSizePerThread != numThreadsPerWarp ||
      numSizePerThread != numWarpsPerCTA || numSizePerThread != numOrder)
    return sinkError(sink,
                     "sizePerThread, threadsPerWarp, warpsPerCTA and order must "
                     "have the same nonzero length (the tensor's rank), got %d, "
                     "%d, %d and %d",
                     (int)numSizePerThread, (int)numThreadsPerWarp,
                     (int)numWarpsPerCTA, (int)numOrder);
  if (mlirLogicalResultIsFailure(checkPowersOfTwo(sink, "sizePerThread", sizePerThread, numSizePerThread)) ||
      mlirLogicalResultIsFailure(checkPowersOfTwo(sink, "threadsPerWarp", threadsPerWarp, numThreadsPerWarp)) ||
      mlirLogicalResultIsFailure(checkPowersOfTwo(sink, "warpsPerCTA", warpsPerCTA, numWarpsPerCTA)))
    return mlirLogicalResultFailure();
  int64_t lanes = productOf(threadsPerWarp, numThreadsPerWarp);
  if (lanes != kThreadsPerWarp)
    return sinkError(sink, "threadsPerWarp must multiply to %d (one warp), got %lld",
                     kThreadsPerWarp, (long long)lanes);
  return checkOrder(sink, order, numOrder);
}

MlirLogicalResult tilegpuVerifySliceLayout(TileGPUErrorSink sink, unsigned dim,
                                           MlirAttribute parent) {
  if (mlirAttributeIsNull(parent) || !tilegpuAttributeIsADistributedLayout(parent))
    return sinkError(sink, "parent of a slice layout must be a distributed layout "
                           "(blocked, slice, mma, dot_operand or linear)");
  intptr_t parentRank = tilegpuDistributedLayoutAttrGetRank(parent);
  if ((intptr_t)dim >= parentRank)
    return sinkError(sink, "slice dim %u must be less than the parent's rank %d", dim,
                     (int)parentRank);
  return success();
}

MlirLogicalResult tilegpuVerifyMmaLayout(TileGPUErrorSink sink, unsigned version,
                                         unsigned versionMinor,
                                         const unsigned *warpsPerCTA,
                                         intptr_t numWarpsPerCTA,
                                         const unsigned *instrShape,
                                         intptr_t numInstrShape) {
  char text[kText];
  if (version < 1 || version > 3)
    return sinkError(sink, "mma version must be 1 (Volta), 2 (Ampere) or 3 (Hopper), got %u",
                     version);
  if (numWarpsPerCTA != 2 && numWarpsPerCTA != 3)
    return sinkError(sink, "warpsPerCTA of an mma layout must have 2 entries (or 3 "
                           "when batched), got %d",
                     (int)numWarpsPerCTA);
  if (mlirLogicalResultIsFailure(checkPowersOfTwo(sink, "warpsPerCTA", warpsPerCTA, numWarpsPerCTA)) ||
      mlirLogicalResultIsFailure(checkPowersOfTwo(sink, "instrShape", instrShape, numInstrShape)))
    return mlirLogicalResultFailure();
  intptr_t expectedInstrRank = version == 3 ? 3 : numWarpsPerCTA;
  if (numInstrShape != expectedInstrRank)
    return sinkError(sink, "instrShape of a version %u mma layout must have %d entries, got %d",
                     version, (int)expectedInstrRank, (int)numInstrShape);
  const char *instrText = unsignedsToString(instrShape, numInstrShape, text, sizeof(text));
  if (version == 2) {
    const unsigned *mn = instrShape + numInstrShape - 2;
    if (mn[0] != 16 || mn[1] != 8 || (numInstrShape == 3 && instrShape[0] != 1))
      return sinkError(sink, "instrShape of a version 2 mma layout must be [16, 8] "
                             "(with a leading 1 when batched), got %s",
                       instrText);
  }
  if (version == 3) {
    if (numWarpsPerCTA != 2)
      return sinkError(sink, "a version 3 mma layout must have rank 2, got %d",
                       (int)numWarpsPerCTA);
    if (instrShape[0] != 16 || instrShape[1] % 8 != 0 || instrShape[1] > 256)
      return sinkError(sink, "instrShape of a version 3 mma layout must be [16, N, K] "
                             "with N a multiple of 8 up to 256, got %s",
                       instrText);
    if (warpsPerCTA[0] % 4 != 0)
      return sinkError(sink, "warpsPerCTA[0] of a version 3 mma layout must be a "
                             "multiple of 4 (whole warpgroups), got %u",
                       warpsPerCTA[0]);
  }
  (void)versionMinor;
  return success();
}

MlirLogicalResult tilegpuVerifyDotOperandLayout(TileGPUErrorSink sink, unsigned opIdx,
                                                MlirAttribute parent, unsigned kWidth) {
  if (opIdx > 1)
    return sinkError(sink, "opIdx must be 0 (operand A) or 1 (operand B), got %u", opIdx);
  bool isMma = !mlirAttributeIsNull(parent) && tilegpuAttributeIsAMmaLayout(parent);
  bool isBlocked = !mlirAttributeIsNull(parent) && tilegpuAttributeIsABlockedLayout(parent);
  if (!isMma && !isBlocked)
    return sinkError(sink, "parent of a dot_operand layout must be an mma or a blocked layout");
  if (isBlocked && kWidth != 0)
    return sinkError(sink, "kWidth must be 0 when the parent is a blocked layout, got %u",
                     kWidth);
  if (isMma && (!isPowerOfTwo(kWidth) || kWidth > 16))
    return sinkError(sink, "kWidth must be a power of two from 1 to 16 when the parent "
                           "is an mma layout, got %u",
                     kWidth);
  if (isMma && tilegpuMmaLayoutAttrGetVersion(parent) == 3 && opIdx != 0)
    return sinkError(sink, "a version 3 mma (wgmma) takes only operand A (opIdx = 0) "
                           "from registers");
  return success();
}

MlirLogicalResult tilegpuVerifyLinearLayout(
    TileGPUErrorSink sink, unsigned rank, const int32_t *registerBases,
    intptr_t numRegister, const int32_t *laneBases, intptr_t numLane,
    const int32_t *warpBases, intptr_t numWarp, const int32_t *blockBases,
    intptr_t numBlock) {
  if (rank == 0)
    return sinkError(sink, "a linear layout needs at least one basis vector (it fixes "
                           "the rank)");
  const char *names[4] = {"register", "lane", "warp", "block"};
  const int32_t *bases[4] = {registerBases, laneBases, warpBases, blockBases};
  intptr_t counts[4] = {numRegister, numLane, numWarp, numBlock};
  for (int kind = 0; kind < 4; ++kind) {
    if (counts[kind] % rank != 0)
      return sinkError(sink, "%s bases hold %d entries, not a multiple of the rank %u",
                       names[kind], (int)counts[kind], rank);
    for (intptr_t i = 0; i < counts[kind]; ++i)
      if (bases[kind][i] < 0)
        return sinkError(sink, "basis entries must be non-negative, got %d in the %s bases",
                         bases[kind][i], names[kind]);
  }
  if (numLane / rank != kLaneBits)
    return sinkError(sink, "a linear layout must have %d lane bases (%d lanes per warp), got %d",
                     kLaneBits, kThreadsPerWarp, (int)(numLane / rank));
  return success();
}

MlirLogicalResult tilegpuVerifySwizzledSharedLayout(TileGPUErrorSink sink, unsigned vec,
                                                    unsigned perPhase, unsigned maxPhase,
                                                    const unsigned *order,
                                                    intptr_t numOrder) {
  if (!isPowerOfTwo(vec) || !isPowerOfTwo(perPhase) || !isPowerOfTwo(maxPhase))
    return sinkError(sink, "vec, perPhase and maxPhase must be positive powers of two, "
                           "got %u, %u and %u",
                     vec, perPhase, maxPhase);
  return checkOrder(sink, order, numOrder);
}

MlirLogicalResult tilegpuVerifyNVMMASharedLayout(TileGPUErrorSink sink,
                                                 unsigned swizzlingByteWidth,
                                                 bool transposed,
                                                 unsigned elementBitWidth) {
  if (swizzlingByteWidth != 0 && swizzlingByteWidth != 32 && swizzlingByteWidth != 64 &&
      swizzlingByteWidth != 128)
    return sinkError(sink, "swizzlingByteWidth must be 0, 32, 64 or 128, got %u",
                     swizzlingByteWidth);
  if (elementBitWidth != 8 && elementBitWidth != 16 && elementBitWidth != 32 &&
      elementBitWidth != 64)
    return sinkError(sink, "elementBitWidth must be 8, 16, 32 or 64, got %u",
                     elementBitWidth);
  (void)transposed;
  return success();
}

/*===----------------------------------------------------------------------===*
 * !tilegpu.memdesc
 *===----------------------------------------------------------------------===*/

MlirLogicalResult tilegpuVerifyMemDescType(
    TileGPUErrorSink sink, const int64_t *shape, intptr_t rank, MlirType elementType,
    MlirAttribute encoding, MlirAttribute memorySpace, bool mutableMemory,
    const int64_t *allocShape, intptr_t allocRank) {
  char text[kText], allocText[kText];
  (void)elementType;
  (void)mutableMemory;
  if (rank == 0 || rank > kMaxRank)
    return sinkError(sink, "memdesc must have from 1 to %d dimensions, got %d", kMaxRank,
                     (int)rank);
  for (intptr_t i = 0; i < rank; ++i)
    if (shape[i] <= 0)
      return sinkError(sink, "memdesc dimensions must be positive, got %s",
                       tileIntsToString(shape, rank, text, sizeof(text)));
  if (mlirAttributeIsNull(encoding) || !tilegpuAttributeIsASharedLayout(encoding))
    return sinkError(sink, "memdesc encoding must be a shared layout "
                           "(#tilegpu.swizzled_shared or #tilegpu.nvmma_shared)");
  if (mlirAttributeIsNull(memorySpace) || !tilegpuAttributeIsASharedMemorySpace(memorySpace))
    return sinkError(sink, "memdesc memory space must be #tilegpu.shared_memory");
  if (tilegpuAttributeIsASwizzledSharedLayout(encoding)) {
    intptr_t orderRank = tilegpuSwizzledSharedLayoutAttrGetRank(encoding);
    if (orderRank != rank && orderRank != rank - 1)
      return sinkError(sink, "the swizzled_shared order has %d entries but the memdesc "
                             "has rank %d (the order covers every dimension, or all but "
                             "a leading ring-buffer one)",
                       (int)orderRank, (int)rank);
  }
  bool allocHoldsView = allocRank == rank || allocRank == rank + 1;
  for (intptr_t i = 0; allocHoldsView && i < rank; ++i)
    allocHoldsView = allocShape[allocRank - rank + i] >= shape[i];
  if (!allocHoldsView)
    return sinkError(sink, "alloc shape %s cannot hold a view of shape %s: it needs the "
                           "view's rank (or one more, a leading ring-buffer dimension) "
                           "and trailing dimensions at least the view's",
                     tileIntsToString(allocShape, allocRank, allocText, sizeof(allocText)),
                     tileIntsToString(shape, rank, text, sizeof(text)));
  return success();
}

/*===----------------------------------------------------------------------===*
 * Ops
 *===----------------------------------------------------------------------===*/

static MlirType operandType(MlirOperation op, intptr_t index) {
  return mlirValueGetType(mlirOperationGetOperand(op, index));
}

static MlirType resultType(MlirOperation op, intptr_t index) {
  return mlirValueGetType(mlirOperationGetResult(op, index));
}

/* The shape of a ranked tensor or memdesc; returns the rank. */
static intptr_t shapeOf(MlirType type, int64_t *shape) {
  intptr_t rank = mlirShapedTypeGetRank(type);
  for (intptr_t i = 0; i < rank && i < kMaxRank; ++i)
    shape[i] = mlirShapedTypeGetDimSize(type, i);
  return rank;
}

static bool sameShape(MlirType a, MlirType b) {
  int64_t shapeA[kMaxRank], shapeB[kMaxRank];
  intptr_t rankA = shapeOf(a, shapeA), rankB = shapeOf(b, shapeB);
  return rankA == rankB && memcmp(shapeA, shapeB, sizeof(int64_t) * rankA) == 0;
}

/* Tensor (or tensor of pointers, compared by pointee) `a` and memdesc `b`
 * must agree on shape and element type. */
static MlirLogicalResult checkSameShapeAndElement(MlirOperation op, const char *nameA,
                                                  MlirType a, const char *nameB,
                                                  MlirType b) {
  char textA[kText], textB[kText];
  MlirType elementA = mlirShapedTypeGetElementType(a);
  if (tileTypeIsAPointer(elementA))
    elementA = tilePointerTypeGetPointeeType(elementA);
  if (!sameShape(a, b) || !mlirTypeEqual(elementA, mlirShapedTypeGetElementType(b)))
    return tileOpError(op, "%s %s and %s %s must have the same shape and element type",
                       nameA, tileTypeToString(a, textA, sizeof(textA)), nameB,
                       tileTypeToString(b, textB, sizeof(textB)));
  return success();
}

static MlirLogicalResult requireMutable(MlirOperation op, const char *role, MlirType type) {
  char text[kText];
  if (!tilegpuMemDescTypeIsMutable(type))
    return tileOpError(op, "the %s must be mutable, but %s is not", role,
                       tileTypeToString(type, text, sizeof(text)));
  return success();
}

static bool isWholeAllocation(MlirType memdesc) {
  intptr_t rank = mlirShapedTypeGetRank(memdesc);
  if (tilegpuMemDescTypeGetAllocRank(memdesc) != rank)
    return false;
  for (intptr_t i = 0; i < rank; ++i)
    if (tilegpuMemDescTypeGetAllocDimSize(memdesc, i) != mlirShapedTypeGetDimSize(memdesc, i))
      return false;
  return true;
}

static const char *allocShapeToString(MlirType memdesc, char *buffer, size_t size) {
  int64_t shape[kMaxRank];
  intptr_t rank = tilegpuMemDescTypeGetAllocRank(memdesc);
  for (intptr_t i = 0; i < rank && i < kMaxRank; ++i)
    shape[i] = tilegpuMemDescTypeGetAllocDimSize(memdesc, i);
  return tileIntsToString(shape, rank < kMaxRank ? rank : kMaxRank, buffer, size);
}

MlirLogicalResult tilegpuVerifyLocalAlloc(MlirOperation op) {
  char text[kText];
  MlirType buffer = resultType(op, 0);
  if (!isWholeAllocation(buffer))
    return tileOpError(op, "result must be a whole allocation, but its type names the "
                           "alloc shape %s",
                       allocShapeToString(buffer, text, sizeof(text)));
  if (mlirOperationGetNumOperands(op) == 0)
    return requireMutable(op, "uninitialized buffer", buffer);
  return checkSameShapeAndElement(op, "source", operandType(op, 0), "result", buffer);
}

MlirLogicalResult tilegpuVerifyLocalLoad(MlirOperation op) {
  return checkSameShapeAndElement(op, "result", resultType(op, 0), "buffer",
                                  operandType(op, 0));
}

MlirLogicalResult tilegpuVerifyLocalStore(MlirOperation op) {
  MlirType buffer = operandType(op, 1);
  if (mlirLogicalResultIsFailure(requireMutable(op, "destination", buffer)))
    return mlirLogicalResultFailure();
  return checkSameShapeAndElement(op, "value", operandType(op, 0), "destination", buffer);
}

MlirLogicalResult tilegpuVerifyLocalDealloc(MlirOperation op) {
  char text[kText], allocText[kText];
  MlirType buffer = operandType(op, 0);
  if (!isWholeAllocation(buffer))
    return tileOpError(op, "can only free a whole allocation, but %s is a view into "
                           "the allocation of shape %s",
                       tileTypeToString(buffer, text, sizeof(text)),
                       allocShapeToString(buffer, allocText, sizeof(allocText)));
  return success();
}

/* The result of a view op keeps everything about the buffer but its shape. */
static bool sameBufferProperties(MlirType a, MlirType b) {
  return mlirTypeEqual(mlirShapedTypeGetElementType(a), mlirShapedTypeGetElementType(b)) &&
         mlirAttributeEqual(tilegpuMemDescTypeGetMemorySpace(a),
                            tilegpuMemDescTypeGetMemorySpace(b)) &&
         tilegpuMemDescTypeIsMutable(a) == tilegpuMemDescTypeIsMutable(b);
}

/* A view into one slot or sub-block (memdesc_index, memdesc_subslice) keeps
 * its source's element type, encoding, memory space, mutability and
 * allocation shape. */
static MlirLogicalResult checkSameBufferView(MlirOperation op, MlirType source,
                                             MlirType result) {
  char text[kText], sourceText[kText];
  if (!sameBufferProperties(source, result) ||
      !mlirAttributeEqual(tilegpuMemDescTypeGetEncoding(source),
                          tilegpuMemDescTypeGetEncoding(result)))
    return tileOpError(op, "result must keep the source's element type, encoding, "
                           "memory space and mutability");
  allocShapeToString(source, sourceText, sizeof(sourceText));
  allocShapeToString(result, text, sizeof(text));
  if (strcmp(text, sourceText) != 0)
    return tileOpError(op, "result alloc shape %s must be the source's alloc shape %s",
                       text, sourceText);
  return success();
}

MlirLogicalResult tilegpuVerifyMemDescIndex(MlirOperation op) {
  char text[kText], sourceText[kText];
  MlirType source = operandType(op, 0), result = resultType(op, 0);
  int64_t sourceShape[kMaxRank], resultShape[kMaxRank];
  intptr_t sourceRank = shapeOf(source, sourceShape);
  intptr_t resultRank = shapeOf(result, resultShape);
  if (resultRank != sourceRank - 1 ||
      memcmp(resultShape, sourceShape + 1, sizeof(int64_t) * resultRank) != 0)
    return tileOpError(op, "result shape %s must be the source shape %s without its "
                           "leading dimension",
                       tileIntsToString(resultShape, resultRank, text, sizeof(text)),
                       tileIntsToString(sourceShape, sourceRank, sourceText,
                                        sizeof(sourceText)));
  return checkSameBufferView(op, source, result);
}

/* The rule that keeps a sub-block linear-layout-expressible (TileGPUOps.td):
 * power-of-two result dimensions and offsets that are multiples of them, so
 * that origin + x == origin XOR x for every coordinate x of the view. */
MlirLogicalResult tilegpuVerifyMemDescSubslice(MlirOperation op) {
  char text[kText], sourceText[kText], offsetsText[kText];
  MlirType source = operandType(op, 0), result = resultType(op, 0);
  int64_t sourceShape[kMaxRank], resultShape[kMaxRank], offsets[kMaxRank];
  intptr_t sourceRank = shapeOf(source, sourceShape);
  intptr_t resultRank = shapeOf(result, resultShape);
  intptr_t offsetCount = tileGetI32ArrayAttr(op, "offsets", offsets, kMaxRank);
  if (resultRank != sourceRank || sourceRank > kMaxRank)
    return tileOpError(op, "result rank %d must be the source rank %d", (int)resultRank,
                       (int)sourceRank);
  if (offsetCount != sourceRank)
    return tileOpError(op, "expected %d offsets (one per dimension), got %d",
                       (int)sourceRank, (int)(offsetCount < 0 ? 0 : offsetCount));
  tileIntsToString(offsets, offsetCount, offsetsText, sizeof(offsetsText));
  tileIntsToString(resultShape, resultRank, text, sizeof(text));
  tileIntsToString(sourceShape, sourceRank, sourceText, sizeof(sourceText));
  for (intptr_t d = 0; d < sourceRank; ++d) {
    if (offsets[d] < 0 || resultShape[d] < 1 ||
        offsets[d] + resultShape[d] > sourceShape[d])
      return tileOpError(op, "the sub-block %s at offsets %s does not fit in the source "
                             "shape %s (dimension %d)",
                         text, offsetsText, sourceText, (int)d);
    if ((resultShape[d] & (resultShape[d] - 1)) != 0 || offsets[d] % resultShape[d] != 0)
      return tileOpError(op, "dimension %d of the sub-block %s must be a power of two "
                             "and its offset a multiple of it (offsets %s), so that the "
                             "view stays a linear layout of the buffer",
                         (int)d, text, offsetsText);
  }
  return checkSameBufferView(op, source, result);
}

MlirLogicalResult tilegpuVerifyMemDescTrans(MlirOperation op) {
  char text[kText], sourceText[kText], orderText[kText];
  MlirType source = operandType(op, 0), result = resultType(op, 0);
  int64_t order[kMaxRank], sourceShape[kMaxRank], resultShape[kMaxRank];
  intptr_t sourceRank = shapeOf(source, sourceShape);
  intptr_t resultRank = shapeOf(result, resultShape);
  intptr_t orderSize = tileGetI32ArrayAttr(op, "order", order, kMaxRank);
  if (orderSize != sourceRank || !tileIsPermutation(order, orderSize))
    return tileOpError(op, "order must be a permutation of the source dimensions "
                           "0..%d, got %s",
                       (int)sourceRank - 1,
                       tileIntsToString(order, orderSize < 0 ? 0 : orderSize, orderText,
                                        sizeof(orderText)));
  bool permuted = resultRank == sourceRank;
  for (intptr_t i = 0; permuted && i < resultRank; ++i)
    permuted = resultShape[i] == sourceShape[order[i]];
  if (!permuted)
    return tileOpError(op, "result shape %s must be the source shape %s permuted by "
                           "order %s",
                       tileIntsToString(resultShape, resultRank, text, sizeof(text)),
                       tileIntsToString(sourceShape, sourceRank, sourceText,
                                        sizeof(sourceText)),
                       tileIntsToString(order, orderSize, orderText, sizeof(orderText)));
  if (!sameBufferProperties(source, result))
    return tileOpError(op, "result must keep the source's element type, memory space "
                           "and mutability");
  return success();
}

/* Names of tile's CacheModifier values (TileEnums.td), for messages. */
static const char *cacheModifierName(int64_t value) {
  static const char *const names[] = {"?", "none", "ca", "cg", "wb", "cs", "wt", "cv"};
  return value >= 1 && value <= 7 ? names[value] : "?";
}

MlirLogicalResult tilegpuVerifyAsyncCopyGlobalToLocal(MlirOperation op) {
  MlirType buffer = operandType(op, 1);
  if (mlirLogicalResultIsFailure(requireMutable(op, "destination", buffer)) ||
      mlirLogicalResultIsFailure(checkSameShapeAndElement(op, "pointers", operandType(op, 0),
                                                          "destination", buffer)))
    return mlirLogicalResultFailure();
  MlirAttribute cache = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("cache"));
  int64_t modifier = mlirAttributeIsNull(cache) ? 1 : tileEnumAttrGetValue(cache);
  if (modifier != 1 && modifier != 2 && modifier != 3)
    return tileOpError(op, "cp.async takes only the cache modifiers none, ca and cg, got %s",
                       cacheModifierName(modifier));
  return success();
}

static bool isFp8(MlirType type) {
  return mlirTypeIsAFloat8E4M3FN(type) || mlirTypeIsAFloat8E5M2(type) ||
         mlirTypeIsAFloat8E4M3FNUZ(type) || mlirTypeIsAFloat8E5M2FNUZ(type);
}

static MlirLogicalResult requireNVMMAShared(MlirOperation op, const char *name,
                                            MlirType buffer) {
  char text[kText];
  if (!tilegpuAttributeIsANVMMASharedLayout(tilegpuMemDescTypeGetEncoding(buffer)))
    return tileOpError(op, "operand %s in shared memory must have a "
                           "#tilegpu.nvmma_shared layout, got %s",
                       name, tileTypeToString(buffer, text, sizeof(text)));
  return success();
}

MlirLogicalResult tilegpuVerifyWarpGroupDot(MlirOperation op) {
  char textA[kText], textB[kText], textD[kText];
  MlirType a = operandType(op, 0), b = operandType(op, 1), d = resultType(op, 0);
  MlirAttribute layout = mlirRankedTensorTypeGetEncoding(d);
  if (!tilegpuAttributeIsAMmaLayout(layout) || tilegpuMmaLayoutAttrGetVersion(layout) != 3)
    return tileOpError(op, "result must have a version 3 #tilegpu.mma layout (wgmma), got %s",
                       tileTypeToString(d, textD, sizeof(textD)));
  if (tilegpuTypeIsAMemDesc(a)) {
    if (mlirLogicalResultIsFailure(requireNVMMAShared(op, "A", a)))
      return mlirLogicalResultFailure();
  } else {
    MlirAttribute operandLayout = mlirRankedTensorTypeGetEncoding(a);
    if (!tilegpuAttributeIsADotOperandLayout(operandLayout) ||
        tilegpuDotOperandLayoutAttrGetOpIdx(operandLayout) != 0 ||
        !mlirAttributeEqual(tilegpuDotOperandLayoutAttrGetParent(operandLayout), layout))
      return tileOpError(op, "operand A in registers must have a #tilegpu.dot_operand "
                             "layout with opIdx = 0 whose parent is the result's layout");
  }
  if (mlirLogicalResultIsFailure(requireNVMMAShared(op, "B", b)))
    return mlirLogicalResultFailure();
  int64_t shapeA[kMaxRank], shapeB[kMaxRank], shapeD[kMaxRank];
  intptr_t rankA = shapeOf(a, shapeA), rankB = shapeOf(b, shapeB), rankD = shapeOf(d, shapeD);
  if (rankA != 2 || rankB != 2 || rankD != 2 || shapeA[0] != shapeD[0] ||
      shapeA[1] != shapeB[0] || shapeB[1] != shapeD[1])
    return tileOpError(op, "shapes %s * %s -> %s must be M x K * K x N -> M x N",
                       tileIntsToString(shapeA, rankA, textA, sizeof(textA)),
                       tileIntsToString(shapeB, rankB, textB, sizeof(textB)),
                       tileIntsToString(shapeD, rankD, textD, sizeof(textD)));
  MlirType elementA = mlirShapedTypeGetElementType(a);
  MlirType elementB = mlirShapedTypeGetElementType(b);
  if (!mlirTypeEqual(elementA, elementB) && !(isFp8(elementA) && isFp8(elementB)))
    return tileOpError(op, "operands A (%s) and B (%s) must have the same element type "
                           "(or both be fp8)",
                       tileTypeToString(elementA, textA, sizeof(textA)),
                       tileTypeToString(elementB, textB, sizeof(textB)));
  return success();
}

static MlirLogicalResult checkBarrier(MlirOperation op, MlirType barrier) {
  char text[kText];
  if (mlirShapedTypeGetRank(barrier) != 1 || mlirShapedTypeGetDimSize(barrier, 0) != 1 ||
      !mlirTypeIsAInteger(mlirShapedTypeGetElementType(barrier)) ||
      mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(barrier)) != 64)
    return tileOpError(op, "the barrier must be a 1xi64 buffer, got %s",
                       tileTypeToString(barrier, text, sizeof(text)));
  return requireMutable(op, "barrier", barrier);
}

MlirLogicalResult tilegpuVerifyBarrierOperand(MlirOperation op) {
  return checkBarrier(op, operandType(op, 0));
}

MlirLogicalResult tilegpuVerifyAsyncTMACopyGlobalToLocal(MlirOperation op) {
  char text[kText];
  intptr_t numOperands = mlirOperationGetNumOperands(op);
  /* Operands: desc, coords..., dst, barrier, pred. */
  MlirType descriptor = operandType(op, 0);
  MlirType buffer = operandType(op, numOperands - 3);
  MlirType barrier = operandType(op, numOperands - 2);
  intptr_t numCoords = numOperands - 4;
  intptr_t rank = mlirShapedTypeGetRank(buffer);
  if (numCoords != rank)
    return tileOpError(op, "expects %d coordinates (one per dimension of the "
                           "destination), got %d",
                       (int)rank, (int)numCoords);
  MlirType pointee = tilePointerTypeGetPointeeType(descriptor);
  if (mlirTypeIsARankedTensor(pointee)) {
    if (mlirLogicalResultIsFailure(
            checkSameShapeAndElement(op, "block", pointee, "destination", buffer)))
      return mlirLogicalResultFailure();
  } else if (!mlirTypeIsAInteger(pointee) || mlirIntegerTypeGetWidth(pointee) != 8) {
    return tileOpError(op, "a TMA descriptor must be passed as !tile.ptr<i8> (or a block "
                           "pointer), got %s",
                       tileTypeToString(descriptor, text, sizeof(text)));
  }
  if (mlirLogicalResultIsFailure(requireMutable(op, "destination", buffer)))
    return mlirLogicalResultFailure();
  return checkBarrier(op, barrier);
}

/*===----------------------------------------------------------------------===*
 * Module attributes
 *===----------------------------------------------------------------------===*/

/* The number of warps a distributed layout spreads over; 0 if unknown. */
static int64_t warpsOfLayout(MlirAttribute layout) {
  if (mlirAttributeIsNull(layout))
    return 0;
  if (tilegpuAttributeIsABlockedLayout(layout)) {
    int64_t warps = 1;
    for (intptr_t i = 0, rank = tilegpuBlockedLayoutAttrGetRank(layout); i < rank; ++i)
      warps *= tilegpuBlockedLayoutAttrGetWarpsPerCTA(layout, i);
    return warps;
  }
  if (tilegpuAttributeIsAMmaLayout(layout)) {
    int64_t warps = 1;
    for (intptr_t i = 0, rank = tilegpuMmaLayoutAttrGetRank(layout); i < rank; ++i)
      warps *= tilegpuMmaLayoutAttrGetWarpsPerCTA(layout, i);
    return warps;
  }
  if (tilegpuAttributeIsALinearLayout(layout))
    return (int64_t)1 << tilegpuLinearLayoutAttrGetNumBases(layout, TileGPULinearInDimWarp);
  if (tilegpuAttributeIsASliceLayout(layout))
    return warpsOfLayout(tilegpuSliceLayoutAttrGetParent(layout));
  if (tilegpuAttributeIsADotOperandLayout(layout))
    return warpsOfLayout(tilegpuDotOperandLayoutAttrGetParent(layout));
  return 0;
}

typedef struct WarpCheck {
  int64_t numWarps;
  bool failed;
} WarpCheck;

static bool checkValueWarps(MlirOperation op, MlirValue value, WarpCheck *check) {
  char text[kText];
  MlirType type = mlirValueGetType(value);
  if (!mlirTypeIsARankedTensor(type))
    return true;
  int64_t warps = warpsOfLayout(mlirRankedTensorTypeGetEncoding(type));
  if (warps == 0 || warps == check->numWarps)
    return true;
  tileOpError(op, "%s is laid out over %lld warps but the module has "
                  "tilegpu.num-warps = %lld",
              tileTypeToString(type, text, sizeof(text)), (long long)warps,
              (long long)check->numWarps);
  check->failed = true;
  return false;
}

static MlirWalkResult checkOpWarps(MlirOperation op, void *userData) {
  WarpCheck *check = (WarpCheck *)userData;
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i)
    if (!checkValueWarps(op, mlirOperationGetResult(op, i), check))
      return MlirWalkResultInterrupt;
  for (intptr_t r = 0, regions = mlirOperationGetNumRegions(op); r < regions; ++r) {
    MlirRegion region = mlirOperationGetRegion(op, r);
    for (MlirBlock block = mlirRegionGetFirstBlock(region); !mlirBlockIsNull(block);
         block = mlirBlockGetNextInRegion(block))
      for (intptr_t a = 0, args = mlirBlockGetNumArguments(block); a < args; ++a)
        if (!checkValueWarps(op, mlirBlockGetArgument(block, a), check))
          return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

/* Reads an i32 module attribute; reports and returns false otherwise. */
static bool readI32(MlirOperation op, MlirStringRef name, MlirAttribute value,
                    const char *rule, int64_t *result) {
  if (mlirAttributeIsAInteger(value) && mlirTypeIsAInteger(mlirAttributeGetType(value)) &&
      mlirIntegerTypeGetWidth(mlirAttributeGetType(value)) == 32) {
    *result = mlirIntegerAttrGetValueInt(value);
    return true;
  }
  tileOpError(op, "'%.*s' must be an i32 %s, got a non-i32 attribute", (int)name.length,
              name.data, rule);
  return false;
}

static bool nameIs(MlirStringRef name, const char *expected) {
  return name.length == strlen(expected) && memcmp(name.data, expected, name.length) == 0;
}

MlirLogicalResult tilegpuVerifyOperationAttribute(MlirOperation op,
                                                  MlirNamedAttribute attribute) {
  MlirStringRef name = mlirIdentifierStr(attribute.name);
  MlirAttribute value = attribute.attribute;
  bool known = nameIs(name, "tilegpu.num-warps") || nameIs(name, "tilegpu.threads-per-warp") ||
               nameIs(name, "tilegpu.target") || nameIs(name, "tilegpu.shared") ||
               nameIs(name, "tilegpu.min-ptx-version");
  if (!known)
    return tileOpError(op, "unknown tilegpu attribute '%.*s' (expected tilegpu.num-warps, "
                           "tilegpu.threads-per-warp, tilegpu.target, tilegpu.shared or "
                           "tilegpu.min-ptx-version)",
                       (int)name.length, name.data);
  if (!nameIs(mlirIdentifierStr(mlirOperationGetName(op)), "builtin.module"))
    return tileOpError(op, "'%.*s' is a module attribute; put it on the builtin.module",
                       (int)name.length, name.data);
  int64_t number = 0;
  if (nameIs(name, "tilegpu.target")) {
    if (!mlirAttributeIsAString(value) || tileTargetParseCapability(mlirStringAttrGetValue(value)) < 0)
      return tileOpError(op, "'tilegpu.target' must be a string \"cuda:<compute "
                             "capability>\" such as \"cuda:80\" or \"cuda:90a\"");
    return success();
  }
  if (nameIs(name, "tilegpu.shared")) {
    if (!readI32(op, name, value, "byte count", &number))
      return mlirLogicalResultFailure();
    if (number < 0)
      return tileOpError(op, "'tilegpu.shared' must not be negative, got %lld",
                         (long long)number);
    return success();
  }
  /* Set by convert-tilegpu-to-llvm where its inline PTX needs a newer PTX
   * ISA than the back end's default (fp8 mma.sync: 84). */
  if (nameIs(name, "tilegpu.min-ptx-version")) {
    if (!readI32(op, name, value, "PTX version times ten", &number))
      return mlirLogicalResultFailure();
    if (number < 60)
      return tileOpError(op, "'tilegpu.min-ptx-version' is a PTX ISA version times ten "
                             "(84 for PTX 8.4), got %lld",
                         (long long)number);
    return success();
  }
  if (nameIs(name, "tilegpu.threads-per-warp")) {
    if (!readI32(op, name, value, "thread count", &number))
      return mlirLogicalResultFailure();
    if (number != kThreadsPerWarp)
      return tileOpError(op, "'tilegpu.threads-per-warp' must be %d on NVIDIA GPUs, got %lld",
                         kThreadsPerWarp, (long long)number);
    return success();
  }
  if (!readI32(op, name, value, "warp count", &number))
    return mlirLogicalResultFailure();
  if (!isPowerOfTwo((uint64_t)number) || number > 32)
    return tileOpError(op, "'tilegpu.num-warps' must be a power of two from 1 to 32, got %lld",
                       (long long)number);
  WarpCheck check = {number, false};
  mlirOperationWalk(op, checkOpWarps, &check, MlirWalkPreOrder);
  return check.failed ? mlirLogicalResultFailure() : success();
}
