/*===- verifiers.c - shape and type rules of the tile ops ------------------===*
 *
 * The rules ODS cannot state declaratively. Each verifier reports the first
 * violation with a message that names the values involved, so a user can
 * fix the IR without reading this file. Declarative constraints (operand
 * kinds, matching types) have already passed when these run.
 *
 *===----------------------------------------------------------------------===*/

#include "dialects/tile/TileHooks.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinTypes.h"

#include <stdio.h>
#include <string.h>

enum { kMaxRank = 16, kTypeText = 256 };

static MlirLogicalResult success(void) { return mlirLogicalResultSuccess(); }

static MlirType resultType(MlirOperation op, intptr_t index) {
  return mlirValueGetType(mlirOperationGetResult(op, index));
}

static MlirType operandType(MlirOperation op, intptr_t index) {
  return mlirValueGetType(mlirOperationGetOperand(op, index));
}

static bool sameShape(const int64_t *a, intptr_t rankA, const int64_t *b,
                      intptr_t rankB) {
  if (rankA != rankB)
    return false;
  for (intptr_t i = 0; i < rankA; ++i)
    if (a[i] != b[i])
      return false;
  return true;
}

MlirLogicalResult tileVerifyMakeRange(MlirOperation op) {
  int64_t start = 0, end = 0;
  tileGetIntAttr(op, "start", &start);
  tileGetIntAttr(op, "end", &end);
  MlirType type = resultType(op, 0);
  if (tileRankOf(type) != 1)
    return tileOpError(op, "result must be a 1-D tensor");
  if (end <= start)
    return tileOpError(op, "end (%lld) must be greater than start (%lld)",
                       (long long)end, (long long)start);
  int64_t length = mlirShapedTypeGetDimSize(type, 0);
  if (length != end - start)
    return tileOpError(op,
                       "result has %lld elements but the range [%lld, %lld) "
                       "has %lld",
                       (long long)length, (long long)start, (long long)end,
                       (long long)(end - start));
  if (!tileIsPowerOfTwo(length))
    return tileOpError(op, "number of elements (%lld) must be a power of two",
                       (long long)length);
  return success();
}

/* Reads the shapes of operand 0 and result 0 (capacity kMaxRank each) and
 * their common rank; fails when the ranks differ. */
static MlirLogicalResult readSameRankShapes(MlirOperation op, int64_t *src,
                                            int64_t *dst, intptr_t *rank) {
  *rank = tileShapeOf(operandType(op, 0), src, kMaxRank);
  intptr_t dstRank = tileShapeOf(resultType(op, 0), dst, kMaxRank);
  if (*rank != dstRank)
    return tileOpError(op, "operand rank (%ld) differs from result rank (%ld)",
                       (long)*rank, (long)dstRank);
  return success();
}

MlirLogicalResult tileVerifyBroadcast(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank];
  intptr_t srcRank;
  if (mlirLogicalResultIsFailure(readSameRankShapes(op, src, dst, &srcRank)))
    return mlirLogicalResultFailure();
  for (intptr_t i = 0; i < srcRank; ++i)
    if (src[i] != dst[i] && src[i] != 1)
      return tileOpError(op,
                         "operand dimension %ld is %lld; it must be 1 or the "
                         "result's %lld",
                         (long)i, (long long)src[i], (long long)dst[i]);
  return success();
}

MlirLogicalResult tileVerifyExpandDims(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank], expected[kMaxRank];
  int64_t axis = 0;
  tileGetIntAttr(op, "axis", &axis);
  intptr_t srcRank = tileShapeOf(operandType(op, 0), src, kMaxRank);
  intptr_t dstRank = tileShapeOf(resultType(op, 0), dst, kMaxRank);
  if (axis < 0 || axis > srcRank)
    return tileOpError(op, "axis %lld is out of range for an operand of rank %ld",
                       (long long)axis, (long)srcRank);
  for (intptr_t i = 0, j = 0; i <= srcRank; ++i)
    expected[i] = i == axis ? 1 : src[j++];
  if (!sameShape(expected, srcRank + 1, dst, dstRank)) {
    char text[kTypeText], shape[kTypeText];
    return tileOpError(op, "result type %s must have shape %s (a 1 inserted at axis %lld)",
                       tileTypeToString(resultType(op, 0), text, sizeof(text)),
                       tileIntsToString(expected, srcRank + 1, shape, sizeof(shape)),
                       (long long)axis);
  }
  return success();
}

MlirLogicalResult tileVerifyReshape(MlirOperation op) {
  int64_t srcCount = tileNumElementsOf(operandType(op, 0));
  int64_t dstCount = tileNumElementsOf(resultType(op, 0));
  if (srcCount != dstCount)
    return tileOpError(op, "operand has %lld elements but the result has %lld",
                       (long long)srcCount, (long long)dstCount);
  return success();
}

MlirLogicalResult tileVerifyTrans(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank], order[kMaxRank], expected[kMaxRank];
  intptr_t rank = tileShapeOf(operandType(op, 0), src, kMaxRank);
  intptr_t dstRank = tileShapeOf(resultType(op, 0), dst, kMaxRank);
  intptr_t count = tileGetI32ArrayAttr(op, "order", order, kMaxRank);
  char text[kTypeText];
  if (count != rank || !tileIsPermutation(order, count))
    return tileOpError(op, "order %s must be a permutation of 0..%ld",
                       tileIntsToString(order, count, text, sizeof(text)),
                       (long)rank - 1);
  for (intptr_t i = 0; i < rank; ++i)
    expected[i] = src[order[i]];
  if (!sameShape(expected, rank, dst, dstRank))
    return tileOpError(op, "result shape must be %s (the operand shape permuted by order)",
                       tileIntsToString(expected, rank, text, sizeof(text)));
  return success();
}

MlirLogicalResult tileVerifyJoin(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank];
  intptr_t rank = tileShapeOf(operandType(op, 0), src, kMaxRank);
  intptr_t dstRank = tileShapeOf(resultType(op, 0), dst, kMaxRank);
  src[rank] = 2;
  if (!sameShape(src, rank + 1, dst, dstRank)) {
    char text[kTypeText];
    return tileOpError(op, "result shape must be %s (the operand shape with a minor dimension of 2)",
                       tileIntsToString(src, rank + 1, text, sizeof(text)));
  }
  return success();
}

MlirLogicalResult tileVerifySplit(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank];
  intptr_t rank = tileShapeOf(operandType(op, 0), src, kMaxRank);
  intptr_t dstRank = tileShapeOf(resultType(op, 0), dst, kMaxRank);
  if (rank == 0 || src[rank - 1] != 2)
    return tileOpError(op, "operand's minor dimension must be 2");
  if (!sameShape(src, rank - 1, dst, dstRank)) {
    char text[kTypeText];
    return tileOpError(op, "results must have shape %s (the operand shape without its minor dimension)",
                       tileIntsToString(src, rank - 1, text, sizeof(text)));
  }
  return success();
}

MlirLogicalResult tileVerifyCat(MlirOperation op) {
  int64_t src[kMaxRank], dst[kMaxRank];
  intptr_t rank;
  if (mlirLogicalResultIsFailure(readSameRankShapes(op, src, dst, &rank)))
    return mlirLogicalResultFailure();
  if (dst[0] != 2 * src[0])
    return tileOpError(op, "result dimension 0 must be %lld (the sum of the operands')",
                       (long long)(2 * src[0]));
  for (intptr_t i = 1; i < rank; ++i)
    if (src[i] != dst[i])
      return tileOpError(op, "result dimension %ld must equal the operands' (%lld)",
                         (long)i, (long long)src[i]);
  return success();
}

/* Rules shared by loads and stores of block pointers. */
static MlirLogicalResult verifyBoundaryCheck(MlirOperation op, MlirType ptrType,
                                             bool hasMask) {
  int64_t dims[kMaxRank];
  intptr_t count = tileGetI32ArrayAttr(op, "boundaryCheck", dims, kMaxRank);
  bool isBlock = tileTypeIsAPointer(ptrType) &&
                 tileIsTensor(tilePointerTypeGetPointeeType(ptrType));
  if (!isBlock) {
    if (count > 0)
      return tileOpError(op, "boundaryCheck applies only to block pointers; mask the access instead");
    return success();
  }
  if (hasMask)
    return tileOpError(op, "a block-pointer access takes no mask or other; use boundaryCheck");
  intptr_t rank = tileRankOf(tilePointerTypeGetPointeeType(ptrType));
  bool seen[kMaxRank] = {false};
  for (intptr_t i = 0; i < count; ++i) {
    if (dims[i] < 0 || dims[i] >= rank)
      return tileOpError(op, "boundaryCheck dimension %lld is out of range for a rank-%ld block",
                         (long long)dims[i], (long)rank);
    if (seen[dims[i]])
      return tileOpError(op, "boundaryCheck lists dimension %lld twice", (long long)dims[i]);
    seen[dims[i]] = true;
  }
  return success();
}

MlirLogicalResult tileVerifyLoad(MlirOperation op) {
  intptr_t start, maskCount = 0, otherCount = 0;
  if (tileOperandSegment(op, 1, &start, &maskCount))
    tileOperandSegment(op, 2, &start, &otherCount);
  MlirType ptrType = operandType(op, 0);
  if (mlirLogicalResultIsFailure(verifyBoundaryCheck(op, ptrType, maskCount + otherCount > 0)))
    return mlirLogicalResultFailure();
  MlirAttribute padding = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString("padding"));
  int64_t dims[kMaxRank];
  if (!mlirAttributeIsNull(padding) &&
      tileGetI32ArrayAttr(op, "boundaryCheck", dims, kMaxRank) <= 0)
    return tileOpError(op, "padding needs a block pointer with boundaryCheck");
  return success();
}

MlirLogicalResult tileVerifyStore(MlirOperation op) {
  bool hasMask = mlirOperationGetNumOperands(op) > 2;
  return verifyBoundaryCheck(op, operandType(op, 0), hasMask);
}

static bool isAtomicWidth(unsigned width, bool allowHalf) {
  return width == 32 || width == 64 || (allowHalf && width == 16);
}

static int64_t enumAttr(MlirOperation op, const char *name) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString(name));
  return mlirAttributeIsNull(attr) ? -1 : tileEnumAttrGetValue(attr);
}

static const char *rmwKindName(int64_t kind) {
  static const char *const names[] = {"?",   "and", "or",   "xor",  "add", "fadd",
                                      "max", "min", "umax", "umin", "xchg"};
  return kind >= 1 && kind <= 10 ? names[kind] : "?";
}

MlirLogicalResult tileVerifyAtomicRMW(MlirOperation op) {
  MlirType element = tileElementTypeOf(operandType(op, 1));
  int64_t kind = enumAttr(op, "kind");
  unsigned width = tileBitWidthOf(element);
  char text[kTypeText];
  tileTypeToString(element, text, sizeof(text));
  bool isFloat = tileIsFloat(element), isInteger = tileIsInteger(element);
  switch (kind) {
  case TileAtomicRMWFAdd:
    if (!isFloat || !isAtomicWidth(width, true))
      return tileOpError(op, "fadd needs f16, bf16, f32 or f64 values, got %s", text);
    break;
  case TileAtomicRMWMax:
  case TileAtomicRMWMin:
    if (!(isInteger || isFloat) || !isAtomicWidth(width, false))
      return tileOpError(op, "%s needs 32- or 64-bit integer or float values, got %s",
                         rmwKindName(kind), text);
    break;
  case TileAtomicRMWXchg:
    if (!isAtomicWidth(width, false))
      return tileOpError(op, "xchg needs 32- or 64-bit values, got %s", text);
    break;
  default:
    if (!isInteger || !isAtomicWidth(width, false))
      return tileOpError(op, "%s needs 32- or 64-bit integer values, got %s",
                         rmwKindName(kind), text);
  }
  return success();
}

MlirLogicalResult tileVerifyAtomicCAS(MlirOperation op) {
  MlirType element = tileElementTypeOf(operandType(op, 2));
  if (!isAtomicWidth(tileBitWidthOf(element), true)) {
    char text[kTypeText];
    return tileOpError(op, "compare-and-swap needs 16-, 32- or 64-bit values, got %s",
                       tileTypeToString(element, text, sizeof(text)));
  }
  return success();
}

MlirLogicalResult tileVerifyMakeTensorPtr(MlirOperation op) {
  MlirType block = tilePointerTypeGetPointeeType(resultType(op, 0));
  intptr_t rank = tileRankOf(block);
  intptr_t start, shapes = 0, strides = 0, offsets = 0;
  tileOperandSegment(op, 1, &start, &shapes);
  tileOperandSegment(op, 2, &start, &strides);
  tileOperandSegment(op, 3, &start, &offsets);
  if (shapes != rank || strides != rank || offsets != rank)
    return tileOpError(op,
                       "a rank-%ld block needs %ld shape values, strides and "
                       "offsets; got %ld, %ld and %ld",
                       (long)rank, (long)rank, (long)shapes, (long)strides,
                       (long)offsets);
  int64_t order[kMaxRank];
  intptr_t count = tileGetI32ArrayAttr(op, "order", order, kMaxRank);
  if (count != rank || !tileIsPermutation(order, count)) {
    char text[kTypeText];
    return tileOpError(op, "order %s must be a permutation of 0..%ld",
                       tileIntsToString(order, count, text, sizeof(text)),
                       (long)rank - 1);
  }
  return success();
}

MlirLogicalResult tileVerifyAdvance(MlirOperation op) {
  intptr_t rank = tileRankOf(tilePointerTypeGetPointeeType(operandType(op, 0)));
  intptr_t offsets = mlirOperationGetNumOperands(op) - 1;
  if (offsets != rank)
    return tileOpError(op, "a rank-%ld block pointer needs %ld offsets, got %ld",
                       (long)rank, (long)rank, (long)offsets);
  return success();
}

/* The (a, b) -> accumulator element types a dot accepts; see TileOps.td. */
static bool isFp8(MlirType type) {
  return mlirTypeIsAFloat8E4M3FN(type) || mlirTypeIsAFloat8E5M2(type) ||
         mlirTypeIsAFloat8E4M3FNUZ(type) || mlirTypeIsAFloat8E5M2FNUZ(type);
}

static bool isSupportedDot(MlirType a, MlirType b, MlirType acc) {
  if (isFp8(a) && isFp8(b))
    return mlirTypeIsAF32(acc) || mlirTypeIsAF16(acc);
  if (!mlirTypeEqual(a, b))
    return false;
  if (mlirTypeIsAF16(a))
    return mlirTypeIsAF16(acc) || mlirTypeIsAF32(acc);
  if (mlirTypeIsABF16(a) || mlirTypeIsAF32(a))
    return mlirTypeIsAF32(acc);
  if (mlirTypeIsAF64(a))
    return mlirTypeIsAF64(acc);
  if (mlirTypeIsAInteger(a) && mlirIntegerTypeGetWidth(a) == 8)
    return mlirTypeIsAInteger(acc) && mlirIntegerTypeGetWidth(acc) == 32;
  return false;
}

MlirLogicalResult tileVerifyDot(MlirOperation op) {
  int64_t a[kMaxRank], b[kMaxRank], c[kMaxRank];
  intptr_t rankA = tileShapeOf(operandType(op, 0), a, kMaxRank);
  intptr_t rankB = tileShapeOf(operandType(op, 1), b, kMaxRank);
  intptr_t rankC = tileShapeOf(operandType(op, 2), c, kMaxRank);
  if (rankA < 2 || rankA > 3 || rankB != rankA || rankC != rankA)
    return tileOpError(op, "operands must all be 2-D, or all 3-D (batched); got ranks %ld, %ld and %ld",
                       (long)rankA, (long)rankB, (long)rankC);
  intptr_t m = rankA - 2, k = rankA - 1;
  if (rankA == 3 && (a[0] != b[0] || a[0] != c[0]))
    return tileOpError(op, "batch sizes differ: a %lld, b %lld, accumulator %lld",
                       (long long)a[0], (long long)b[0], (long long)c[0]);
  if (a[k] != b[m])
    return tileOpError(op, "a has K = %lld but b has K = %lld", (long long)a[k],
                       (long long)b[m]);
  if (c[m] != a[m] || c[k] != b[k])
    return tileOpError(op, "accumulator must be %lldx%lld (M of a by N of b), got %lldx%lld",
                       (long long)a[m], (long long)b[k], (long long)c[m], (long long)c[k]);
  MlirType ea = tileElementTypeOf(operandType(op, 0));
  MlirType eb = tileElementTypeOf(operandType(op, 1));
  MlirType ec = tileElementTypeOf(operandType(op, 2));
  if (!isSupportedDot(ea, eb, ec)) {
    char ta[64], tb[64], tc[64];
    return tileOpError(op, "unsupported element types %s x %s -> %s",
                       tileTypeToString(ea, ta, sizeof(ta)),
                       tileTypeToString(eb, tb, sizeof(tb)),
                       tileTypeToString(ec, tc, sizeof(tc)));
  }
  return success();
}

/* Checks the combiner of a reduce or scan: 2N scalar arguments of the
 * operands' element types (accumulated values first), and a terminator
 * yielding N values of those types. */
static MlirLogicalResult verifyCombiner(MlirOperation op) {
  intptr_t count = mlirOperationGetNumOperands(op);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  if (mlirBlockIsNull(body))
    return tileOpError(op, "combiner region must have a block");
  intptr_t arguments = mlirBlockGetNumArguments(body);
  if (arguments != 2 * count)
    return tileOpError(op, "combiner takes %ld arguments; it needs %ld (two per operand)",
                       (long)arguments, (long)(2 * count));
  char want[kTypeText], got[kTypeText];
  for (intptr_t i = 0; i < arguments; ++i) {
    MlirType expected = tileElementTypeOf(operandType(op, i % count));
    MlirType actual = mlirValueGetType(mlirBlockGetArgument(body, i));
    if (!mlirTypeEqual(expected, actual))
      return tileOpError(op, "combiner argument %ld has type %s; it needs %s, the element type of operand %ld",
                         (long)i, tileTypeToString(actual, got, sizeof(got)),
                         tileTypeToString(expected, want, sizeof(want)),
                         (long)(i % count));
  }
  MlirOperation terminator = mlirBlockGetTerminator(body);
  if (mlirOperationIsNull(terminator) ||
      mlirOperationGetNumOperands(terminator) != count)
    return tileOpError(op, "combiner must yield %ld values", (long)count);
  for (intptr_t i = 0; i < count; ++i) {
    MlirType expected = tileElementTypeOf(operandType(op, i));
    MlirType actual = operandType(terminator, i);
    if (!mlirTypeEqual(expected, actual))
      return tileOpError(op, "combiner yields %s as value %ld; it needs %s",
                         tileTypeToString(actual, got, sizeof(got)), (long)i,
                         tileTypeToString(expected, want, sizeof(want)));
  }
  return success();
}

static MlirLogicalResult verifyAxis(MlirOperation op, int64_t *axisOut) {
  intptr_t rank = tileRankOf(operandType(op, 0));
  int64_t axis = 0;
  tileGetIntAttr(op, "axis", &axis);
  if (axis < 0 || axis >= rank)
    return tileOpError(op, "axis %lld is out of range for operands of rank %ld",
                       (long long)axis, (long)rank);
  *axisOut = axis;
  return success();
}

/* The checks reduce and scan share: axis, combiner, one result per operand. */
static MlirLogicalResult verifyCombiningOp(MlirOperation op, int64_t *axis) {
  if (mlirLogicalResultIsFailure(verifyAxis(op, axis)) ||
      mlirLogicalResultIsFailure(verifyCombiner(op)))
    return mlirLogicalResultFailure();
  intptr_t count = mlirOperationGetNumOperands(op);
  if (mlirOperationGetNumResults(op) != count)
    return tileOpError(op, "has %ld results for %ld operands",
                       (long)mlirOperationGetNumResults(op), (long)count);
  return success();
}

MlirLogicalResult tileVerifyReduce(MlirOperation op) {
  int64_t axis = 0;
  if (mlirLogicalResultIsFailure(verifyCombiningOp(op, &axis)))
    return mlirLogicalResultFailure();
  intptr_t count = mlirOperationGetNumOperands(op);
  for (intptr_t i = 0; i < count; ++i) {
    int64_t src[kMaxRank], expected[kMaxRank], dst[kMaxRank];
    intptr_t rank = tileShapeOf(operandType(op, i), src, kMaxRank);
    for (intptr_t d = 0, j = 0; d < rank; ++d)
      if (d != axis)
        expected[j++] = src[d];
    MlirType result = resultType(op, i);
    intptr_t dstRank = tileShapeOf(result, dst, kMaxRank);
    bool shapeOk = rank == 1 ? !tileIsTensor(result)
                             : sameShape(expected, rank - 1, dst, dstRank);
    MlirType element = tileElementTypeOf(operandType(op, i));
    if (!shapeOk || !mlirTypeEqual(element, tileElementTypeOf(result))) {
      char text[kTypeText], shape[kTypeText];
      if (rank == 1)
        return tileOpError(op, "result %ld must be a scalar of the element type (reducing a 1-D tensor), got %s",
                           (long)i, tileTypeToString(result, text, sizeof(text)));
      return tileOpError(op, "result %ld must have shape %s (axis %lld removed) and the operand's element type, got %s",
                         (long)i, tileIntsToString(expected, rank - 1, shape, sizeof(shape)),
                         (long long)axis, tileTypeToString(result, text, sizeof(text)));
    }
  }
  return success();
}

MlirLogicalResult tileVerifyScan(MlirOperation op) {
  int64_t axis = 0;
  if (mlirLogicalResultIsFailure(verifyCombiningOp(op, &axis)))
    return mlirLogicalResultFailure();
  intptr_t count = mlirOperationGetNumOperands(op);
  for (intptr_t i = 0; i < count; ++i)
    if (!mlirTypeEqual(operandType(op, i), resultType(op, i)))
      return tileOpError(op, "result %ld must have the type of operand %ld", (long)i, (long)i);
  return success();
}

MlirLogicalResult tileVerifyFpToFp(MlirOperation op) {
  MlirType src = tileElementTypeOf(operandType(op, 0));
  MlirType dst = tileElementTypeOf(resultType(op, 0));
  bool hasRounding = !mlirAttributeIsNull(mlirOperationGetAttributeByName(
      op, mlirStringRefCreateFromCString("rounding")));
  unsigned srcWidth = tileBitWidthOf(src), dstWidth = tileBitWidthOf(dst);
  char from[64], to[64];
  tileTypeToString(src, from, sizeof(from));
  tileTypeToString(dst, to, sizeof(to));
  if (mlirTypeEqual(src, dst))
    return tileOpError(op, "converts %s to itself", from);
  /* f16 <-> bf16 narrows range or precision either way, so it rounds. */
  bool narrowing = dstWidth < srcWidth || (srcWidth == dstWidth);
  if (narrowing && !hasRounding)
    return tileOpError(op, "the narrowing conversion %s -> %s needs a rounding mode (rtne or rtz)",
                       from, to);
  if (!narrowing && hasRounding)
    return tileOpError(op, "the widening conversion %s -> %s is exact and takes no rounding mode",
                       from, to);
  return success();
}

MlirLogicalResult tileVerifyBitcast(MlirOperation op) {
  MlirType src = tileElementTypeOf(operandType(op, 0));
  MlirType dst = tileElementTypeOf(resultType(op, 0));
  unsigned srcWidth = tileBitWidthOf(src), dstWidth = tileBitWidthOf(dst);
  if (srcWidth != dstWidth) {
    char from[64], to[64];
    return tileOpError(op, "bit widths differ: %s has %u bits, %s has %u",
                       tileTypeToString(src, from, sizeof(from)), srcWidth,
                       tileTypeToString(dst, to, sizeof(to)), dstWidth);
  }
  return success();
}

MlirLogicalResult tileVerifyPrint(MlirOperation op) {
  int64_t flags[64];
  intptr_t count = tileGetI32ArrayAttr(op, "isSigned", flags, 64);
  intptr_t args = mlirOperationGetNumOperands(op);
  if (count != args)
    return tileOpError(op, "isSigned has %ld entries for %ld arguments; give one per argument",
                       (long)count, (long)args);
  return success();
}
