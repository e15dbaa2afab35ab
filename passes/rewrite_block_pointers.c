/*===- rewrite_block_pointers.c - block pointers into tensors of pointers --===*
 *
 * -tile-rewrite-block-pointers is Triton's RewriteTensorPointer: a block
 * pointer (`tile.make_tensor_ptr`, moved by `tile.advance`) becomes what it
 * stands for, so the rest of the compiler only sees tensors of pointers.
 * A block pointer is its base, the shape and strides of the whole tensor and
 * the window's offsets; a load or store through it becomes
 *
 *   idx_d  = offset_d + make_range(0, block_d)          (one per dim d)
 *   ptrs   = base + sum_d broadcast(idx_d) * stride_d
 *   mask   = and over d in boundaryCheck of 0 <= idx_d < shape_d
 *   other  = 0 (padding = zero) or NaN (padding = nan), when masked
 *
 * and `tile.advance` adds to the offsets. A block pointer that an scf.for
 * carries becomes its offsets carried instead (its base, shape and strides
 * must stay those of the loop's initial value, as `advance` keeps them).
 *
 * Indices and strides are computed in i32, like the rest of tile's address
 * arithmetic: a tensor must have fewer than 2^31 elements within reach.
 * Block pointers through scf.if, scf.while or function boundaries are
 * reported as errors at the op.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/Tile.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_RANK = 4, MAX_CARRIED = 128 };

/* What a block pointer value stands for; every value is an i32 scalar but
 * `base`, a !tile.ptr. */
typedef struct BlockPointer {
  MlirValue base;
  int32_t rank;
  MlirValue shape[MAX_RANK], strides[MAX_RANK], offsets[MAX_RANK];
} BlockPointer;

typedef struct Known {
  MlirValue value;
  BlockPointer pointer;
} Known;

typedef struct Rewrite {
  MlirRewriterBase rewriter;
  MlirContext context;
  Known *known;
  int32_t numKnown, knownCapacity;
  MlirOperation *dead; /* erased at the end, last first */
  int32_t numDead, deadCapacity;
  /* Loop-body arguments that stood for block pointers: erased after the
   * dead ops, which still use them (in the order recorded: each block's
   * highest index first). */
  MlirBlock *argumentBlocks;
  unsigned *argumentIndices;
  int32_t numArguments, argumentCapacity;
  bool failed;
} Rewrite;

static bool isBlockPointer(MlirType type) {
  return tileTypeIsAPointer(type) &&
         mlirTypeIsARankedTensor(tilePointerTypeGetPointeeType(type));
}

static void fail(Rewrite *rewrite, MlirOperation op, const char *message) {
  if (!rewrite->failed)
    tileOpError(op, "tile-rewrite-block-pointers: %s", message);
  rewrite->failed = true;
}

static bool grow(void **items, int32_t *capacity, int32_t count, size_t size) {
  if (count < *capacity)
    return true;
  int32_t grown = *capacity ? 2 * *capacity : 16;
  void *resized = realloc(*items, size * (size_t)grown);
  if (!resized)
    return false;
  *items = resized;
  *capacity = grown;
  return true;
}

static void remember(Rewrite *rewrite, MlirValue value, const BlockPointer *pointer) {
  if (!grow((void **)&rewrite->known, &rewrite->knownCapacity, rewrite->numKnown,
            sizeof(Known))) {
    rewrite->failed = true;
    return;
  }
  rewrite->known[rewrite->numKnown++] = (Known){value, *pointer};
}

static const BlockPointer *lookUp(const Rewrite *rewrite, MlirValue value) {
  for (int32_t i = rewrite->numKnown - 1; i >= 0; --i)
    if (mlirValueEqual(rewrite->known[i].value, value))
      return &rewrite->known[i].pointer;
  return NULL;
}

static void argumentErasedLater(Rewrite *rewrite, MlirBlock block, unsigned index) {
  int32_t capacity = rewrite->argumentCapacity;
  if (!grow((void **)&rewrite->argumentBlocks, &capacity, rewrite->numArguments,
            sizeof(MlirBlock)) ||
      !grow((void **)&rewrite->argumentIndices, &rewrite->argumentCapacity,
            rewrite->numArguments, sizeof(unsigned))) {
    rewrite->failed = true;
    return;
  }
  rewrite->argumentBlocks[rewrite->numArguments] = block;
  rewrite->argumentIndices[rewrite->numArguments++] = index;
}

static void erasedLater(Rewrite *rewrite, MlirOperation op) {
  if (!grow((void **)&rewrite->dead, &rewrite->deadCapacity, rewrite->numDead,
            sizeof(MlirOperation))) {
    rewrite->failed = true;
    return;
  }
  rewrite->dead[rewrite->numDead++] = op;
}

/* ---- Building ------------------------------------------------------------ */

static MlirType i32Type(Rewrite *rewrite) { return mlirIntegerTypeGet(rewrite->context, 32); }

static MlirValue toI32(Rewrite *rewrite, MlirLocation location, MlirValue value) {
  if (mlirTypeEqual(mlirValueGetType(value), i32Type(rewrite)))
    return value;
  return tileBuildUnary(rewrite->rewriter, "arith.trunci", location, value, i32Type(rewrite));
}

static MlirType i32Tensor(Rewrite *rewrite, intptr_t rank, const int64_t *shape) {
  return mlirRankedTensorTypeGet(rank, shape, i32Type(rewrite), mlirAttributeGetNull());
}

static MlirValue splat(Rewrite *rewrite, MlirLocation location, MlirValue scalar,
                       intptr_t rank, const int64_t *shape) {
  MlirType type = mlirRankedTensorTypeGet(rank, shape, mlirValueGetType(scalar),
                                          mlirAttributeGetNull());
  return tileBuildUnary(rewrite->rewriter, "tile.splat", location, scalar, type);
}

/* `value` (a tensor of `shape` but for its last dims) with `axis` inserted. */
static MlirValue expandDims(Rewrite *rewrite, MlirLocation location, MlirValue value,
                            int32_t axis) {
  MlirType type = mlirValueGetType(value);
  int64_t shape[MAX_RANK], expanded[MAX_RANK];
  intptr_t rank = tileShapeOf(type, shape, MAX_RANK);
  for (intptr_t d = 0, from = 0; d <= rank; ++d)
    expanded[d] = d == axis ? 1 : shape[from++];
  MlirType result = mlirRankedTensorTypeGet(rank + 1, expanded, tileElementTypeOf(type),
                                            mlirAttributeGetNull());
  MlirNamedAttribute attribute =
      tileNamedAttr(rewrite->context, "axis", mlirIntegerAttrGet(i32Type(rewrite), axis));
  return mlirOperationGetResult(tileBuildOp(rewrite->rewriter, "tile.expand_dims", location,
                                            1, &value, 1, &result, 1, &attribute),
                                0);
}

static MlirValue broadcastTo(Rewrite *rewrite, MlirLocation location, MlirValue value,
                             intptr_t rank, const int64_t *shape) {
  MlirType type = mlirRankedTensorTypeGet(rank, shape, tileElementTypeOf(mlirValueGetType(value)),
                                          mlirAttributeGetNull());
  if (mlirTypeEqual(type, mlirValueGetType(value)))
    return value;
  return tileBuildUnary(rewrite->rewriter, "tile.broadcast", location, value, type);
}

/* offset_d + make_range(0, shape[d]), shaped 1 x .. x shape[d] x .. x 1. */
static MlirValue indicesAlong(Rewrite *rewrite, MlirLocation location, MlirValue offset,
                              int32_t d, intptr_t rank, const int64_t *shape) {
  MlirType rangeType = i32Tensor(rewrite, 1, &shape[d]);
  MlirNamedAttribute bounds[2] = {
      tileNamedAttr(rewrite->context, "start", mlirIntegerAttrGet(i32Type(rewrite), 0)),
      tileNamedAttr(rewrite->context, "end",
                    mlirIntegerAttrGet(i32Type(rewrite), shape[d])),
  };
  MlirValue range = mlirOperationGetResult(
      tileBuildOp(rewrite->rewriter, "tile.make_range", location, 0, NULL, 1, &rangeType, 2,
                  bounds),
      0);
  MlirValue indices = tileBuildBinary(rewrite->rewriter, "arith.addi", location,
                                      splat(rewrite, location, offset, 1, &shape[d]), range);
  for (int32_t axis = 0; axis < rank; ++axis)
    if (axis != d)
      indices = expandDims(rewrite, location, indices, axis);
  return indices;
}

/* The pointers, and the mask of the dims in `boundaryCheck` (null when
 * none), of a block of `shape` at `pointer`. */
static void buildAccess(Rewrite *rewrite, MlirLocation location, const BlockPointer *pointer,
                        intptr_t rank, const int64_t *shape, MlirAttribute boundaryCheck,
                        MlirValue *pointers, MlirValue *mask) {
  MlirValue sum = (MlirValue){NULL};
  *mask = (MlirValue){NULL};
  for (int32_t d = 0; d < rank; ++d) {
    MlirValue indices = indicesAlong(rewrite, location, pointer->offsets[d], d, rank, shape);
    int64_t thin[MAX_RANK];
    tileShapeOf(mlirValueGetType(indices), thin, MAX_RANK);
    MlirValue term = tileBuildBinary(rewrite->rewriter, "arith.muli", location,
                                     broadcastTo(rewrite, location, indices, rank, shape),
                                     splat(rewrite, location, pointer->strides[d], rank, shape));
    sum = mlirValueIsNull(sum)
              ? term
              : tileBuildBinary(rewrite->rewriter, "arith.addi", location, sum, term);
    bool checked = false;
    for (intptr_t i = 0; !mlirAttributeIsNull(boundaryCheck) &&
                         i < mlirDenseArrayGetNumElements(boundaryCheck);
         ++i)
      checked |= mlirDenseI32ArrayGetElement(boundaryCheck, i) == d;
    if (!checked)
      continue;
    enum { SLT = 2, SGE = 5 };
    MlirValue zero = tileBuildIntConstant(rewrite->rewriter, location, i32Type(rewrite), 0);
    MlirValue inside = tileBuildBinary(
        rewrite->rewriter, "arith.andi", location,
        tileBuildCompare(rewrite->rewriter, location, SGE, indices,
                         splat(rewrite, location, zero, rank, thin)),
        tileBuildCompare(rewrite->rewriter, location, SLT, indices,
                         splat(rewrite, location, pointer->shape[d], rank, thin)));
    inside = broadcastTo(rewrite, location, inside, rank, shape);
    *mask = mlirValueIsNull(*mask)
                ? inside
                : tileBuildBinary(rewrite->rewriter, "arith.andi", location, *mask, inside);
  }
  MlirValue base = splat(rewrite, location, pointer->base, rank, shape);
  MlirValue operands[2] = {base, sum};
  MlirType type = mlirValueGetType(base);
  *pointers = mlirOperationGetResult(
      tileBuildOp(rewrite->rewriter, "tile.addptr", location, 2, operands, 1, &type, 0, NULL),
      0);
}

/* A constant tensor of `type` holding 0, or NaN. */
static MlirValue paddingValue(Rewrite *rewrite, MlirLocation location, MlirType type,
                              bool nan) {
  MlirType element = tileElementTypeOf(type);
  MlirAttribute scalar = mlirTypeIsAFloat(element)
                             ? mlirFloatAttrDoubleGet(rewrite->context, element, nan ? NAN : 0.0)
                             : mlirIntegerAttrGet(element, 0);
  MlirNamedAttribute value = tileNamedAttr(
      rewrite->context, "value", mlirDenseElementsAttrSplatGet(type, scalar));
  return mlirOperationGetResult(
      tileBuildOp(rewrite->rewriter, "arith.constant", location, 0, NULL, 1, &type, 1, &value),
      0);
}

/* The attributes of `op` named in `names`, where present. */
static intptr_t copyAttributes(MlirOperation op, const char *const *names, intptr_t count,
                               MlirNamedAttribute *out) {
  intptr_t copied = 0;
  for (intptr_t i = 0; i < count; ++i) {
    MlirAttribute attribute =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(names[i]));
    if (!mlirAttributeIsNull(attribute))
      out[copied++] = tileNamedAttr(mlirOperationGetContext(op), names[i], attribute);
  }
  return copied;
}

/* ---- The ops --------------------------------------------------------------- */

static void rewriteMake(Rewrite *rewrite, MlirOperation op) {
  MlirLocation location = mlirOperationGetLocation(op);
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  BlockPointer pointer = {.base = mlirOperationGetOperand(op, 0),
                          .rank = (int32_t)tileRankOf(tilePointerTypeGetPointeeType(type))};
  if (pointer.rank > MAX_RANK) {
    fail(rewrite, op, "block pointers of more than 4 dimensions are not rewritten");
    return;
  }
  intptr_t start[3], size[3];
  for (intptr_t group = 0; group < 3; ++group)
    tileOperandSegment(op, group + 1, &start[group], &size[group]);
  mlirRewriterBaseSetInsertionPointBefore(rewrite->rewriter, op);
  for (int32_t d = 0; d < pointer.rank; ++d) {
    pointer.shape[d] = toI32(rewrite, location, mlirOperationGetOperand(op, start[0] + d));
    pointer.strides[d] = toI32(rewrite, location, mlirOperationGetOperand(op, start[1] + d));
    pointer.offsets[d] = mlirOperationGetOperand(op, start[2] + d);
  }
  remember(rewrite, mlirOperationGetResult(op, 0), &pointer);
  erasedLater(rewrite, op);
}

/* What operand 0 of `op` (a block pointer) stands for; null after an
 * error saying what `op` does with it (`verb`). */
static const BlockPointer *operandPointer(Rewrite *rewrite, MlirOperation op, const char *verb) {
  const BlockPointer *pointer = lookUp(rewrite, mlirOperationGetOperand(op, 0));
  if (!pointer) {
    char message[192];
    snprintf(message, sizeof(message),
             "the block pointer it %s does not come from a make_tensor_ptr or an scf.for "
             "that carries one", verb);
    fail(rewrite, op, message);
  }
  return pointer;
}

static void rewriteAdvance(Rewrite *rewrite, MlirOperation op) {
  const BlockPointer *from = operandPointer(rewrite, op, "advances");
  if (!from)
    return;
  BlockPointer pointer = *from;
  mlirRewriterBaseSetInsertionPointBefore(rewrite->rewriter, op);
  for (int32_t d = 0; d < pointer.rank; ++d)
    pointer.offsets[d] =
        tileBuildBinary(rewrite->rewriter, "arith.addi", mlirOperationGetLocation(op),
                        pointer.offsets[d], mlirOperationGetOperand(op, 1 + d));
  remember(rewrite, mlirOperationGetResult(op, 0), &pointer);
  erasedLater(rewrite, op);
}

static void rewriteLoad(Rewrite *rewrite, MlirOperation op) {
  const BlockPointer *pointer = operandPointer(rewrite, op, "loads through");
  if (!pointer)
    return;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  int64_t shape[MAX_RANK];
  intptr_t rank = tileShapeOf(type, shape, MAX_RANK);
  mlirRewriterBaseSetInsertionPointBefore(rewrite->rewriter, op);
  MlirValue operands[3];
  MlirValue mask;
  buildAccess(rewrite, location, pointer, rank, shape,
              mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("boundaryCheck")),
              &operands[0], &mask);
  intptr_t count = 1;
  if (!mlirValueIsNull(mask)) {
    operands[count++] = mask;
    MlirAttribute padding =
        mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("padding"));
    if (!mlirAttributeIsNull(padding)) {
      enum { PADDING_NAN = 2 };
      bool nan = tileEnumAttrGetValue(padding) == PADDING_NAN;
      if (nan && !mlirTypeIsAFloat(tileElementTypeOf(type))) {
        fail(rewrite, op, "padding = nan needs a floating-point block");
        return;
      }
      operands[count++] = paddingValue(rewrite, location, type, nan);
    }
  }
  static const char *const kept[] = {"cache", "evict", "isVolatile"};
  MlirNamedAttribute attributes[4];
  intptr_t numAttributes = copyAttributes(op, kept, 3, attributes);
  int32_t segments[3] = {1, count > 1, count > 2};
  attributes[numAttributes++] = tileNamedAttr(rewrite->context, "operandSegmentSizes",
                                              mlirDenseI32ArrayGet(rewrite->context, 3, segments));
  MlirValue loaded = mlirOperationGetResult(
      tileBuildOp(rewrite->rewriter, "tile.load", location, count, operands, 1, &type,
                  numAttributes, attributes),
      0);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), loaded);
  erasedLater(rewrite, op);
}

static void rewriteStore(Rewrite *rewrite, MlirOperation op) {
  const BlockPointer *pointer = operandPointer(rewrite, op, "stores through");
  if (!pointer)
    return;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue value = mlirOperationGetOperand(op, 1);
  int64_t shape[MAX_RANK];
  intptr_t rank = tileShapeOf(mlirValueGetType(value), shape, MAX_RANK);
  mlirRewriterBaseSetInsertionPointBefore(rewrite->rewriter, op);
  MlirValue operands[3] = {{NULL}, value, {NULL}};
  buildAccess(rewrite, location, pointer, rank, shape,
              mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("boundaryCheck")),
              &operands[0], &operands[2]);
  static const char *const kept[] = {"cache", "evict"};
  MlirNamedAttribute attributes[2];
  intptr_t numAttributes = copyAttributes(op, kept, 2, attributes);
  tileBuildOp(rewrite->rewriter, "tile.store", location, mlirValueIsNull(operands[2]) ? 2 : 3,
              operands, 0, NULL, numAttributes, attributes);
  erasedLater(rewrite, op);
}

static void rewriteBlock(Rewrite *rewrite, MlirBlock block);

static bool samePointer(const BlockPointer *a, const BlockPointer *b) {
  if (!mlirValueEqual(a->base, b->base) || a->rank != b->rank)
    return false;
  for (int32_t d = 0; d < a->rank; ++d)
    if (!mlirValueEqual(a->shape[d], b->shape[d]) ||
        !mlirValueEqual(a->strides[d], b->strides[d]))
      return false;
  return true;
}

/* An scf.for that carries block pointers carries their offsets instead. */
static void rewriteLoop(Rewrite *rewrite, MlirOperation loop) {
  enum { BOUNDS = 3 };
  intptr_t count = mlirOperationGetNumResults(loop);
  bool carries = false;
  for (intptr_t j = 0; j < count; ++j)
    carries |= isBlockPointer(mlirValueGetType(mlirOperationGetResult(loop, j)));
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  if (!carries) {
    rewriteBlock(rewrite, body);
    return;
  }
  if (count > MAX_CARRIED) {
    fail(rewrite, loop, "a loop that carries block pointers may carry at most 128 values");
    return;
  }
  /* New inits: the plain values in order, then each pointer's offsets. */
  MlirValue inits[MAX_CARRIED];
  BlockPointer initial[MAX_CARRIED];
  intptr_t numInits = 0;
  for (intptr_t j = 0; j < count; ++j) {
    MlirValue init = mlirOperationGetOperand(loop, BOUNDS + j);
    if (!isBlockPointer(mlirValueGetType(init))) {
      inits[numInits++] = init;
      continue;
    }
    const BlockPointer *pointer = lookUp(rewrite, init);
    if (!pointer) {
      fail(rewrite, loop, "a block pointer the loop carries does not come from a "
                          "make_tensor_ptr or an enclosing scf.for");
      return;
    }
    initial[j] = *pointer;
  }
  for (intptr_t j = 0; j < count; ++j)
    if (isBlockPointer(mlirValueGetType(mlirOperationGetResult(loop, j))))
      for (int32_t d = 0; d < initial[j].rank; ++d) {
        if (numInits == MAX_CARRIED) {
          fail(rewrite, loop, "the loop would carry more than 128 values");
          return;
        }
        inits[numInits++] = initial[j].offsets[d];
      }
  mlirRewriterBaseSetInsertionPointBefore(rewrite->rewriter, loop);
  MlirOperation rebuilt = tileLoopWithInits(rewrite->rewriter, loop, numInits, inits);
  /* The body's pointer arguments stand for the base, shape and strides of
   * the initial value with offsets from new arguments. */
  MlirLocation location = mlirOperationGetLocation(loop);
  for (intptr_t j = 0; j < count; ++j) {
    if (!isBlockPointer(mlirValueGetType(mlirOperationGetResult(loop, j))))
      continue;
    BlockPointer carried = initial[j];
    for (int32_t d = 0; d < carried.rank; ++d)
      carried.offsets[d] = mlirBlockAddArgument(body, i32Type(rewrite), location);
    remember(rewrite, mlirBlockGetArgument(body, 1 + j), &carried);
  }
  rewriteBlock(rewrite, body);
  if (rewrite->failed)
    return;
  /* The yield: plain values, then the yielded pointers' offsets. */
  MlirOperation yield = mlirBlockGetTerminator(body);
  MlirValue yielded[MAX_CARRIED];
  intptr_t numYielded = 0;
  for (intptr_t j = 0; j < count; ++j)
    if (!isBlockPointer(mlirValueGetType(mlirOperationGetOperand(yield, j))))
      yielded[numYielded++] = mlirOperationGetOperand(yield, j);
  for (intptr_t j = 0; j < count; ++j) {
    MlirValue value = mlirOperationGetOperand(yield, j);
    if (!isBlockPointer(mlirValueGetType(value)))
      continue;
    const BlockPointer *next = lookUp(rewrite, value);
    if (!next || !samePointer(next, &initial[j])) {
      fail(rewrite, yield, "a block pointer a loop carries must keep the base, shape and "
                           "strides of its initial value (tile.advance keeps them)");
      return;
    }
    for (int32_t d = 0; d < next->rank; ++d)
      yielded[numYielded++] = next->offsets[d];
  }
  mlirOperationSetOperands(yield, numYielded, yielded);
  /* The results: plain ones move; pointer ones become known pointers. */
  intptr_t plain = 0, offsetResult = 0;
  for (intptr_t j = 0; j < count; ++j)
    if (!isBlockPointer(mlirValueGetType(mlirOperationGetResult(loop, j))))
      ++offsetResult;
  for (intptr_t j = 0; j < count; ++j) {
    MlirValue result = mlirOperationGetResult(loop, j);
    if (!isBlockPointer(mlirValueGetType(result))) {
      mlirValueReplaceAllUsesOfWith(result, mlirOperationGetResult(rebuilt, plain++));
      continue;
    }
    BlockPointer after = initial[j];
    for (int32_t d = 0; d < after.rank; ++d)
      after.offsets[d] = mlirOperationGetResult(rebuilt, offsetResult++);
    remember(rewrite, result, &after);
  }
  /* The pointer arguments go (their users are rewritten by now); a plain
   * argument keeps its place among the plain ones. */
  for (intptr_t j = count - 1; j >= 0; --j)
    if (isBlockPointer(mlirValueGetType(mlirBlockGetArgument(body, 1 + j))))
      argumentErasedLater(rewrite, body, (unsigned)(1 + j));
  erasedLater(rewrite, loop);
}

static void rewriteBlock(Rewrite *rewrite, MlirBlock block) {
  MlirOperation op = mlirBlockGetFirstOperation(block);
  while (!mlirOperationIsNull(op) && !rewrite->failed) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    MlirValue pointer = mlirOperationGetNumOperands(op) > 0 ? mlirOperationGetOperand(op, 0)
                                                            : (MlirValue){NULL};
    bool throughPointer = !mlirValueIsNull(pointer) && isBlockPointer(mlirValueGetType(pointer));
    if (tileOperationIsNamed(op, "tile.make_tensor_ptr"))
      rewriteMake(rewrite, op);
    else if (tileOperationIsNamed(op, "tile.advance"))
      rewriteAdvance(rewrite, op);
    else if (tileOperationIsNamed(op, "tile.load") && throughPointer)
      rewriteLoad(rewrite, op);
    else if (tileOperationIsNamed(op, "tile.store") && throughPointer)
      rewriteStore(rewrite, op);
    else if (tileOperationIsNamed(op, "scf.for"))
      rewriteLoop(rewrite, op);
    else if (tileOperationIsNamed(op, "scf.yield"))
      ; /* the enclosing loop rewrites it */
    else {
      for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
        if (isBlockPointer(mlirValueGetType(mlirOperationGetOperand(op, i)))) {
          fail(rewrite, op, "block pointers are rewritten through make_tensor_ptr, advance, "
                            "load, store and scf.for only");
          return;
        }
      for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
        for (MlirBlock inner = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
             !mlirBlockIsNull(inner); inner = mlirBlockGetNextInRegion(inner))
          rewriteBlock(rewrite, inner);
    }
    op = next;
  }
}

static MlirLogicalResult runRewriteBlockPointers(MlirOperation module,
                                                 const TilePassOptionValue *options) {
  (void)options;
  MlirContext context = mlirOperationGetContext(module);
  Rewrite rewrite = {.rewriter = mlirIRRewriterCreate(context), .context = context};
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op) && !rewrite.failed; op = mlirOperationGetNextInBlock(op)) {
    if (!tileOperationIsNamed(op, "func.func"))
      continue;
    MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
    for (intptr_t i = 0; !mlirBlockIsNull(entry) && i < mlirBlockGetNumArguments(entry); ++i)
      if (isBlockPointer(mlirValueGetType(mlirBlockGetArgument(entry, i))))
        fail(&rewrite, op, "a function takes a block pointer; make it with "
                           "tile.make_tensor_ptr inside the kernel instead");
    for (MlirBlock block = entry; !mlirBlockIsNull(block) && !rewrite.failed;
         block = mlirBlockGetNextInRegion(block))
      rewriteBlock(&rewrite, block);
  }
  if (!rewrite.failed) {
    for (int32_t i = rewrite.numDead - 1; i >= 0; --i)
      mlirOperationDestroy(rewrite.dead[i]);
    for (int32_t i = 0; i < rewrite.numArguments; ++i)
      mlirBlockEraseArgument(rewrite.argumentBlocks[i], rewrite.argumentIndices[i]);
  }
  mlirIRRewriterDestroy(rewrite.rewriter);
  free(rewrite.known);
  free(rewrite.dead);
  free(rewrite.argumentBlocks);
  free(rewrite.argumentIndices);
  return rewrite.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileRewriteBlockPointersPass = {
    .argument = "tile-rewrite-block-pointers",
    .name = "TileRewriteBlockPointers",
    .description = "Rewrite block pointers (make_tensor_ptr, advance and the loads and "
                   "stores through them) into tensors of pointers with boundary masks",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runRewriteBlockPointers,
};
