/*===- convert_tile_to_tilegpu.c - give every tensor a layout --------------===*
 *
 * -convert-tile-to-tilegpu{num-warps=4 threads-per-warp=32 target=cuda:80}
 * turns a tile program into a tilegpu program: it records the launch shape
 * in the module attributes `tilegpu.num-warps`, `tilegpu.threads-per-warp`
 * and `tilegpu.target`, and retypes every ranked tensor value in place
 * (op results and block arguments, with mlirValueSetType) with a layout:
 *
 *   - the default `#tilegpu.blocked` layout of its shape (one element per
 *     thread, lanes and warps spread from the last dimension), except
 *   - a `tile.reduce` tensor result: the slice of its operand's layout along
 *     the reduced axis, a `tile.scan` result: its operand's layout, a
 *     `tile.trans` result of a blocked operand: that layout transposed, and
 *     a `tile.join`, `tile.split` or `tile.reshape` result: its operand's
 *     layout seen through the op (view_layouts.h: join adds the new minor
 *     dim in registers, split drops it, reshape re-splits the row-major
 *     index), so none of them moves data.
 *
 * Invariants after the pass: every operand has the layout its op needs (the
 * default layout of its shape, except that a `tile.expand_dims` operand is
 * the slice of the result's layout along the new axis, a `tile.broadcast`
 * operand has the result's layout, a join/split/reshape operand has the
 * layout whose view is the result's, and the operands of one reduce or
 * scan share one layout); where a value's layout differs from that, a
 * `tilegpu.convert_layout` sits in between. Dense constants are rebuilt
 * with their new type. Kernels take pointers and scalars only, so a function
 * with a tensor in its signature is an error. Values that already carry an
 * encoding keep it, so running the pass twice changes nothing.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "conversion/tile_to_tilegpu/view_layouts.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
  OPTION_NUM_WARPS = 0,
  OPTION_THREADS_PER_WARP = 1,
  OPTION_TARGET = 2,
};

/* What every step of the conversion needs. */
typedef struct Conversion {
  MlirContext context;
  MlirRewriterBase rewriter;
  unsigned numWarps;
  unsigned threadsPerWarp;
} Conversion;

/* A growable list of ops, so the walk that collects them never sees the
 * ops the conversion inserts. */
typedef struct OpList {
  MlirOperation *ops;
  intptr_t size;
  intptr_t capacity;
} OpList;

static MlirWalkResult appendToOpList(MlirOperation op, void *userData) {
  OpList *list = (OpList *)userData;
  if (list->size == list->capacity) {
    intptr_t capacity = list->capacity ? 2 * list->capacity : 256;
    MlirOperation *grown = realloc(list->ops, (size_t)capacity * sizeof(MlirOperation));
    if (!grown)
      return MlirWalkResultInterrupt;
    list->ops = grown;
    list->capacity = capacity;
  }
  list->ops[list->size++] = op;
  return MlirWalkResultAdvance;
}

/*===----------------------------------------------------------------------===*
 * Options and module attributes
 *===----------------------------------------------------------------------===*/

/* "cuda:" followed by at least two digits and an optional 'a'. */
static bool isCudaTarget(MlirStringRef target) {
  static const char prefix[] = "cuda:";
  size_t at = sizeof(prefix) - 1;
  if (target.length <= at || memcmp(target.data, prefix, at) != 0)
    return false;
  size_t digits = 0;
  while (at < target.length && target.data[at] >= '0' && target.data[at] <= '9')
    ++at, ++digits;
  if (at < target.length && target.data[at] == 'a')
    ++at;
  return digits >= 2 && at == target.length;
}

static MlirLogicalResult optionError(MlirOperation module, const char *message) {
  mlirEmitError(mlirOperationGetLocation(module), message);
  return mlirLogicalResultFailure();
}

static MlirLogicalResult checkOptions(MlirOperation module,
                                      const TilePassOptionValue *options) {
  char message[256];
  int64_t numWarps = options[OPTION_NUM_WARPS].intValue;
  if (!tileIsPowerOfTwo(numWarps) || numWarps > 32) {
    snprintf(message, sizeof(message),
             "convert-tile-to-tilegpu: num-warps must be a power of two from 1 to 32, "
             "got %lld",
             (long long)numWarps);
    return optionError(module, message);
  }
  int64_t threadsPerWarp = options[OPTION_THREADS_PER_WARP].intValue;
  if (threadsPerWarp != 32) {
    snprintf(message, sizeof(message),
             "convert-tile-to-tilegpu: threads-per-warp must be 32 on NVIDIA GPUs, "
             "got %lld",
             (long long)threadsPerWarp);
    return optionError(module, message);
  }
  MlirStringRef target = options[OPTION_TARGET].stringValue;
  if (!isCudaTarget(target)) {
    snprintf(message, sizeof(message),
             "convert-tile-to-tilegpu: target must be cuda:<compute capability> such "
             "as cuda:80 or cuda:90a, got '%.*s'",
             (int)(target.length > 64 ? 64 : target.length), target.data);
    return optionError(module, message);
  }
  return mlirLogicalResultSuccess();
}

static void setModuleAttribute(MlirOperation module, const char *name,
                               MlirAttribute value) {
  mlirOperationSetAttributeByName(module, mlirStringRefCreateFromCString(name), value);
}

static void setLaunchShapeAttributes(MlirOperation module, MlirContext context,
                                     const TilePassOptionValue *options) {
  MlirType i32 = mlirIntegerTypeGet(context, 32);
  setModuleAttribute(module, "tilegpu.num-warps",
                     mlirIntegerAttrGet(i32, options[OPTION_NUM_WARPS].intValue));
  setModuleAttribute(module, "tilegpu.threads-per-warp",
                     mlirIntegerAttrGet(i32, options[OPTION_THREADS_PER_WARP].intValue));
  setModuleAttribute(module, "tilegpu.target",
                     mlirStringAttrGet(context, options[OPTION_TARGET].stringValue));
}

/*===----------------------------------------------------------------------===*
 * Which layout each value gets
 *===----------------------------------------------------------------------===*/

static bool isTensorWithoutLayout(MlirType type) {
  return mlirTypeIsARankedTensor(type) &&
         mlirAttributeIsNull(mlirRankedTensorTypeGetEncoding(type));
}

static MlirAttribute defaultLayoutOf(const Conversion *conversion, MlirType type) {
  int64_t shape[TILE_BLOCKED_MAX_RANK];
  intptr_t rank = tileShapeOf(type, shape, TILE_BLOCKED_MAX_RANK);
  return tileDefaultBlockedLayout(conversion->context, rank, shape,
                                  conversion->numWarps, conversion->threadsPerWarp);
}

static int64_t axisOf(MlirOperation op) {
  int64_t axis = 0;
  tileGetIntAttr(op, "axis", &axis);
  return axis;
}

/* The blocked layout of `trans(x, order)` when x has `layout`: dimension d
 * of the result is dimension order[d] of x, so the lists permute and the
 * dimension numbers in `order` are renamed. */
static MlirAttribute transposedBlockedLayout(const Conversion *conversion,
                                             MlirOperation trans,
                                             MlirAttribute layout) {
  intptr_t rank = tilegpuBlockedLayoutAttrGetRank(layout);
  int64_t permutation[TILE_BLOCKED_MAX_RANK];
  if (rank > TILE_BLOCKED_MAX_RANK ||
      tileGetI32ArrayAttr(trans, "order", permutation, TILE_BLOCKED_MAX_RANK) != rank)
    return (MlirAttribute){NULL};
  unsigned sizePerThread[TILE_BLOCKED_MAX_RANK], lanes[TILE_BLOCKED_MAX_RANK],
      warps[TILE_BLOCKED_MAX_RANK], order[TILE_BLOCKED_MAX_RANK];
  unsigned newPosition[TILE_BLOCKED_MAX_RANK];
  for (intptr_t d = 0; d < rank; ++d) {
    sizePerThread[d] = tilegpuBlockedLayoutAttrGetSizePerThread(layout, permutation[d]);
    lanes[d] = tilegpuBlockedLayoutAttrGetThreadsPerWarp(layout, permutation[d]);
    warps[d] = tilegpuBlockedLayoutAttrGetWarpsPerCTA(layout, permutation[d]);
    newPosition[permutation[d]] = (unsigned)d;
  }
  for (intptr_t d = 0; d < rank; ++d)
    order[d] = newPosition[tilegpuBlockedLayoutAttrGetOrder(layout, d)];
  return tilegpuBlockedLayoutAttrGet(conversion->context, rank, sizePerThread, lanes,
                                     warps, order);
}

/* The layouts of join, split and reshape (view_layouts.h) from the layout
 * `layout` of `from`, a value of the op's operand or result type, to a
 * value of type `to`; null where the op would move data between threads. */
static MlirAttribute viewLayout(const Conversion *conversion, MlirOperation op,
                                MlirAttribute layout, MlirType from, MlirType to) {
  int64_t fromShape[TILE_BLOCKED_MAX_RANK], toShape[TILE_BLOCKED_MAX_RANK];
  intptr_t fromRank = tileShapeOf(from, fromShape, TILE_BLOCKED_MAX_RANK);
  intptr_t toRank = tileShapeOf(to, toShape, TILE_BLOCKED_MAX_RANK);
  if (fromRank < 1 || toRank < 1 || fromRank > TILE_BLOCKED_MAX_RANK ||
      toRank > TILE_BLOCKED_MAX_RANK)
    return (MlirAttribute){NULL};
  MlirAttribute preferred = defaultLayoutOf(conversion, to);
  if (tileOperationIsNamed(op, "tile.reshape"))
    return tileReshapedLayout(conversion->context, layout, fromRank, fromShape, toRank,
                              toShape, preferred);
  if (toRank == fromRank + 1)
    return tileJoinedLayout(conversion->context, layout, fromRank, fromShape, preferred);
  if (toRank + 1 == fromRank)
    return tileSplitLayout(conversion->context, layout, fromRank, fromShape, preferred);
  return (MlirAttribute){NULL};
}

static bool isViewOp(MlirOperation op) {
  return tileOperationIsNamed(op, "tile.join") || tileOperationIsNamed(op, "tile.split") ||
         tileOperationIsNamed(op, "tile.reshape");
}

/* The result layout of a join, split or reshape: the view of its operand's
 * layout, or else the default layout of the result (whose view of the
 * operand shape the operand is then converted to; join with a default
 * operand layout still keeps the pair in registers). */
static MlirAttribute viewResultLayout(const Conversion *conversion, MlirOperation op,
                                      MlirType resultType) {
  MlirValue operand = mlirOperationGetOperand(op, 0);
  MlirType operandType = mlirValueGetType(operand);
  MlirAttribute layout =
      viewLayout(conversion, op, tileLayoutOf(operand), operandType, resultType);
  if (!mlirAttributeIsNull(layout))
    return layout;
  if (tileOperationIsNamed(op, "tile.join")) {
    layout = viewLayout(conversion, op, defaultLayoutOf(conversion, operandType),
                        operandType, resultType);
    if (!mlirAttributeIsNull(layout))
      return layout;
  }
  return defaultLayoutOf(conversion, resultType);
}

/* The layout a join, split or reshape needs its operand in: the one it has
 * when the result's layout is its view, else the view of the result's
 * layout back on the operand's shape (or the default layout). Both join
 * operands get the same one, as the op's types must agree. */
static MlirAttribute viewOperandLayout(const Conversion *conversion, MlirOperation op) {
  MlirValue operand = mlirOperationGetOperand(op, 0);
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType operandType = mlirValueGetType(operand);
  MlirType resultType = mlirValueGetType(result);
  MlirAttribute resultLayout = tileLayoutOf(result);
  MlirAttribute operandLayout = tileLayoutOf(operand);
  MlirAttribute view = viewLayout(conversion, op, operandLayout, operandType, resultType);
  if (!mlirAttributeIsNull(view) && mlirAttributeEqual(view, resultLayout))
    return operandLayout;
  MlirAttribute back = viewLayout(conversion, op, resultLayout, resultType, operandType);
  return mlirAttributeIsNull(back) ? defaultLayoutOf(conversion, operandType) : back;
}

/* The layout of result `index` of `op`; operands already have theirs. */
static MlirAttribute resultLayoutOf(const Conversion *conversion, MlirOperation op,
                                    intptr_t index) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, index));
  MlirAttribute sourceLayout = mlirOperationGetNumOperands(op) > 0
                                   ? tileLayoutOf(mlirOperationGetOperand(op, 0))
                                   : (MlirAttribute){NULL};
  if (!mlirAttributeIsNull(sourceLayout) && isViewOp(op))
    return viewResultLayout(conversion, op, type);
  if (!mlirAttributeIsNull(sourceLayout)) {
    if (tileOperationIsNamed(op, "tile.reduce"))
      return tilegpuSliceLayoutAttrGet(conversion->context, (unsigned)axisOf(op),
                                       sourceLayout);
    if (tileOperationIsNamed(op, "tile.scan"))
      return sourceLayout;
    if (tileOperationIsNamed(op, "tile.trans") &&
        tilegpuAttributeIsABlockedLayout(sourceLayout)) {
      MlirAttribute transposed = transposedBlockedLayout(conversion, op, sourceLayout);
      if (!mlirAttributeIsNull(transposed))
        return transposed;
    }
  }
  return defaultLayoutOf(conversion, type);
}

/* The layout operand `index` of `op` must have, or a null attribute if the
 * op takes the operand in whatever layout it has. */
static MlirAttribute requiredOperandLayout(const Conversion *conversion,
                                           MlirOperation op, intptr_t index) {
  MlirValue operand = mlirOperationGetOperand(op, index);
  MlirStringRef dialect = mlirIdentifierStr(mlirOperationGetName(op));
  if (dialect.length > 8 && memcmp(dialect.data, "tilegpu.", 8) == 0)
    return (MlirAttribute){NULL};
  if (tileOperationIsNamed(op, "tile.trans"))
    return (MlirAttribute){NULL};
  if (isViewOp(op))
    return viewOperandLayout(conversion, op);
  if (tileOperationIsNamed(op, "tile.reduce") || tileOperationIsNamed(op, "tile.scan"))
    return index == 0 ? (MlirAttribute){NULL} : tileLayoutOf(mlirOperationGetOperand(op, 0));
  MlirAttribute resultLayout = mlirOperationGetNumResults(op) > 0
                                   ? tileLayoutOf(mlirOperationGetResult(op, 0))
                                   : (MlirAttribute){NULL};
  if (tileOperationIsNamed(op, "tile.expand_dims") && !mlirAttributeIsNull(resultLayout))
    return tilegpuSliceLayoutAttrGet(conversion->context, (unsigned)axisOf(op),
                                     resultLayout);
  if (tileOperationIsNamed(op, "tile.broadcast") && !mlirAttributeIsNull(resultLayout))
    return resultLayout;
  return defaultLayoutOf(conversion, mlirValueGetType(operand));
}

/*===----------------------------------------------------------------------===*
 * Retyping
 *===----------------------------------------------------------------------===*/

static void retypeBlockArguments(const Conversion *conversion, MlirOperation op) {
  for (intptr_t r = 0, regions = mlirOperationGetNumRegions(op); r < regions; ++r) {
    MlirRegion region = mlirOperationGetRegion(op, r);
    for (MlirBlock block = mlirRegionGetFirstBlock(region); !mlirBlockIsNull(block);
         block = mlirBlockGetNextInRegion(block)) {
      for (intptr_t a = 0, args = mlirBlockGetNumArguments(block); a < args; ++a) {
        MlirValue argument = mlirBlockGetArgument(block, a);
        MlirType type = mlirValueGetType(argument);
        if (isTensorWithoutLayout(type))
          mlirValueSetType(argument, tileTensorTypeWithLayout(
                                         type, defaultLayoutOf(conversion, type)));
      }
    }
  }
}

/* An arith.constant keeps its value attribute's type equal to its result
 * type, so a dense value is rebuilt with the encoded type. */
static MlirLogicalResult retypeDenseConstant(MlirOperation op, MlirType type) {
  MlirStringRef valueName = mlirStringRefCreateFromCString("value");
  MlirAttribute value = mlirOperationGetAttributeByName(op, valueName);
  if (mlirAttributeIsNull(value) || !mlirAttributeIsADenseElements(value))
    return tileOpError(op, "has a tensor value that is not a dense elements attribute; "
                           "convert-tile-to-tilegpu can only lay out dense constants");
  mlirOperationSetAttributeByName(op, valueName,
                                  mlirDenseElementsAttrReshapeGet(value, type));
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult retypeResults(const Conversion *conversion, MlirOperation op) {
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    MlirType type = mlirValueGetType(result);
    if (!isTensorWithoutLayout(type))
      continue;
    MlirAttribute layout = resultLayoutOf(conversion, op, i);
    if (mlirAttributeIsNull(layout))
      return tileOpError(op, "result #%ld has rank %ld, but convert-tile-to-tilegpu lays "
                             "out ranks 1 to %d; use a scalar for rank 0, reshape a "
                             "higher rank",
                         (long)i, (long)tileRankOf(type), TILE_BLOCKED_MAX_RANK);
    MlirType laidOut = tileTensorTypeWithLayout(type, layout);
    mlirValueSetType(result, laidOut);
    if (tileOperationIsNamed(op, "arith.constant") &&
        mlirLogicalResultIsFailure(retypeDenseConstant(op, laidOut)))
      return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

static void convertOperandsWhereLayoutsMeet(const Conversion *conversion,
                                            MlirOperation op) {
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(op); i < n; ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirAttribute layout = tileLayoutOf(operand);
    if (mlirAttributeIsNull(layout))
      continue;
    MlirAttribute required = requiredOperandLayout(conversion, op, i);
    if (mlirAttributeIsNull(required) || mlirAttributeEqual(required, layout))
      continue;
    mlirRewriterBaseSetInsertionPointBefore(conversion->rewriter, op);
    mlirOperationSetOperand(op, i,
                            tileBuildConvertLayout(conversion->rewriter,
                                                   mlirOperationGetLocation(op),
                                                   operand, required));
  }
}

/* Kernels receive pointers and scalars; a tensor argument or result would
 * need a layout chosen by the caller, which a launch cannot give. */
static MlirLogicalResult checkSignatureHasNoTensors(MlirOperation func) {
  MlirAttribute typeAttr = mlirOperationGetAttributeByName(
      func, mlirStringRefCreateFromCString("function_type"));
  if (mlirAttributeIsNull(typeAttr) || !mlirAttributeIsAType(typeAttr))
    return mlirLogicalResultSuccess();
  MlirType functionType = mlirTypeAttrGetValue(typeAttr);
  char text[128];
  for (intptr_t i = 0, n = mlirFunctionTypeGetNumInputs(functionType); i < n; ++i) {
    MlirType type = mlirFunctionTypeGetInput(functionType, i);
    if (tileIsTensor(type))
      return tileOpError(func, "argument #%ld has tensor type %s; a kernel takes "
                               "pointers and scalars, so pass a pointer and tile.load "
                               "the tensor inside the kernel",
                         (long)i, tileTypeToString(type, text, sizeof(text)));
  }
  for (intptr_t i = 0, n = mlirFunctionTypeGetNumResults(functionType); i < n; ++i) {
    MlirType type = mlirFunctionTypeGetResult(functionType, i);
    if (tileIsTensor(type))
      return tileOpError(func, "result #%ld has tensor type %s; a kernel returns "
                               "nothing, so tile.store the tensor through a pointer "
                               "argument instead",
                         (long)i, tileTypeToString(type, text, sizeof(text)));
  }
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult convertOp(const Conversion *conversion, MlirOperation op) {
  if (tileOperationIsNamed(op, "func.func"))
    return checkSignatureHasNoTensors(op);
  if (mlirLogicalResultIsFailure(retypeResults(conversion, op)))
    return mlirLogicalResultFailure();
  retypeBlockArguments(conversion, op);
  convertOperandsWhereLayoutsMeet(conversion, op);
  return mlirLogicalResultSuccess();
}

static MlirLogicalResult runConvertTileToTileGPU(MlirOperation module,
                                                 const TilePassOptionValue *options) {
  if (mlirLogicalResultIsFailure(checkOptions(module, options)))
    return mlirLogicalResultFailure();
  MlirContext context = mlirOperationGetContext(module);
  setLaunchShapeAttributes(module, context, options);
  Conversion conversion = {
      .context = context,
      .rewriter = mlirIRRewriterCreateFromOp(module),
      .numWarps = (unsigned)options[OPTION_NUM_WARPS].intValue,
      .threadsPerWarp = (unsigned)options[OPTION_THREADS_PER_WARP].intValue,
  };
  /* Pre-order: an op's operands, and the block arguments of the regions
   * around it, have their layouts before the op is converted. */
  OpList list = {NULL, 0, 0};
  mlirOperationWalk(module, appendToOpList, &list, MlirWalkPreOrder);
  MlirLogicalResult result = mlirLogicalResultSuccess();
  for (intptr_t i = 1; i < list.size; ++i) { /* ops[0] is the module */
    result = convertOp(&conversion, list.ops[i]);
    if (mlirLogicalResultIsFailure(result))
      break;
  }
  free(list.ops);
  mlirIRRewriterDestroy(conversion.rewriter);
  return result;
}

static const TilePassOption convertTileToTileGPUOptions[] = {
    {"num-warps", TilePassOptionInt, "4", "warps per program instance (a power of two)"},
    {"threads-per-warp", TilePassOptionInt, "32", "threads per warp (32 on NVIDIA GPUs)"},
    {"target", TilePassOptionString, "cuda:80",
     "the GPU, as cuda:<compute capability>, e.g. cuda:80 or cuda:90a"},
};

static MlirDialectHandle (*const convertTileToTileGPUDialects[])(void) = {
    mlirGetDialectHandle__tilegpu__,
    NULL,
};

_Alignas(8) const TilePassInfo tileConvertTileToTileGPUPass = {
    .argument = "convert-tile-to-tilegpu",
    .name = "ConvertTileToTileGPU",
    .description = "Give every tensor a default blocked layout for num-warps and "
                   "record the launch shape and target on the module",
    .anchorOpName = "builtin.module",
    .options = convertTileToTileGPUOptions,
    .numOptions = 3,
    .dependentDialects = convertTileToTileGPUDialects,
    .run = runConvertTileToTileGPU,
};
