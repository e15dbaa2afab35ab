/*===- coalesce.c - pick layouts for 128-bit global accesses (-tilegpu-coalesce) ===*
 *
 * For every global-memory access through a tensor of pointers (tile.load,
 * tile.store, tile.atomic_rmw, tile.atomic_cas,
 * tilegpu.async_copy_global_to_local) this pass picks the blocked layout
 * under which each thread owns the longest run of consecutive addresses one
 * instruction can move (at most 128 bits), and adjacent lanes own adjacent
 * runs, so a warp touches whole cache lines. The facts come from the axis
 * analysis (axis_info.h), as in Triton's Coalesce pass:
 *
 *   order          the pointer's dimensions by contiguity, most contiguous
 *                  first (ties keep the row-major order);
 *   sizePerThread  along order[0]: min(128 bits / element bits,
 *                  contiguity, alignment in elements, elements per thread
 *                  when the tile is spread over every thread, the mask's
 *                  constancy), 1 elsewhere.
 *
 * The mask term goes further than Triton's layout choice: a mask that may
 * change every element forces scalar accesses anyway, and then one element
 * per thread keeps each warp instruction on consecutive addresses.
 *
 * Invariant after the pass: the operands and results of every such access
 * have the chosen layout; `tilegpu.convert_layout` ops lead into it and
 * back out to the layouts the rest of the program had. They are left for
 * -tilegpu-remove-layout-conversions to fold away.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/support.h"
#include "passes/axis_info.h"
#include "passes/passes.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdlib.h>

enum { MAX_ACCESS_BITS = 128 };

/* The ops that reach global memory through a tensor of pointers in operand
 * 0, and the operand group that holds their mask (-1: none). Group numbers
 * count ODS operands, so they work with and without optional operands. */
typedef struct AccessKind {
  const char *opName;
  intptr_t maskGroup;
} AccessKind;

static const AccessKind kAccessKinds[] = {
    {"tile.load", 1},
    {"tile.store", 2},
    {"tile.atomic_rmw", 2},
    {"tile.atomic_cas", -1},
    {"tilegpu.async_copy_global_to_local", 2},
};

static const AccessKind *accessKindOf(MlirOperation op) {
  for (size_t i = 0; i < sizeof(kAccessKinds) / sizeof(kAccessKinds[0]); ++i)
    if (tileOperationIsNamed(op, kAccessKinds[i].opName))
      return &kAccessKinds[i];
  return NULL;
}

static bool isPointerTensor(MlirValue value) {
  MlirType type = mlirValueGetType(value);
  return mlirTypeIsARankedTensor(type) &&
         tileTypeIsAPointer(mlirShapedTypeGetElementType(type));
}

/* The mask operand of `op`, or a null value. Ops with
 * AttrSizedOperandSegments say where it is; for the others the operands
 * are fixed and an absent optional mask is simply missing at the end. */
static MlirValue maskOf(MlirOperation op, const AccessKind *kind) {
  if (kind->maskGroup < 0)
    return (MlirValue){NULL};
  intptr_t start = 0, size = 0;
  if (tileOperandSegment(op, kind->maskGroup, &start, &size))
    return size == 1 ? mlirOperationGetOperand(op, start) : (MlirValue){NULL};
  return mlirOperationGetNumOperands(op) > kind->maskGroup
             ? mlirOperationGetOperand(op, kind->maskGroup)
             : (MlirValue){NULL};
}

static int64_t largestPowerOfTwoAtMost(int64_t value) {
  int64_t power = 1;
  while (power * 2 <= value)
    power *= 2;
  return power;
}

/* Dimensions by decreasing contiguity; among equals the later dimension
 * first, so an unknown pointer keeps the row-major order [rank-1, ..., 0]. */
static void orderByContiguity(const TileAxisInfo *info, intptr_t rank, unsigned *order) {
  for (intptr_t i = 0; i < rank; ++i)
    order[i] = (unsigned)(rank - 1 - i);
  for (intptr_t i = 1; i < rank; ++i) /* insertion sort: stable */
    for (intptr_t j = i; j > 0 && info->contiguity[order[j]] > info->contiguity[order[j - 1]];
         --j) {
      unsigned swap = order[j];
      order[j] = order[j - 1];
      order[j - 1] = swap;
    }
}

/* How many consecutive elements along `dim` one thread can move in one
 * instruction, from the pointer's facts alone (Triton's
 * getNumElementsPerThread). */
static int64_t elementsPerAccess(const TileAxisInfo *info, unsigned dim,
                                 int64_t dimSize, unsigned elementBits) {
  int64_t elementBytes = elementBits >= 8 ? elementBits / 8 : 1;
  int64_t alignedElements = info->divisibility[dim] / elementBytes;
  if (alignedElements < 1)
    alignedElements = 1;
  int64_t contiguous = info->contiguity[dim] < dimSize ? info->contiguity[dim] : dimSize;
  int64_t widest = MAX_ACCESS_BITS / (elementBits ? elementBits : 8);
  int64_t elements = alignedElements < contiguous ? alignedElements : contiguous;
  return largestPowerOfTwoAtMost(elements < widest ? elements : widest);
}

typedef struct Coalescer {
  MlirContext context;
  MlirRewriterBase rewriter;
  const TileAxisInfoAnalysis *analysis;
  unsigned numWarps;
  unsigned threadsPerWarp;
  bool failed;
} Coalescer;

/* The layout `op`'s access should use, or a null attribute if the
 * analysis knows nothing about its pointer. */
static MlirAttribute coalescedLayoutFor(const Coalescer *coalescer, MlirOperation op,
                                        const AccessKind *kind) {
  MlirValue pointer = mlirOperationGetOperand(op, 0);
  const TileAxisInfo *info = tileAxisInfoLookup(coalescer->analysis, pointer);
  MlirType type = mlirValueGetType(pointer);
  int64_t shape[TILE_BLOCKED_MAX_RANK];
  intptr_t rank = tileShapeOf(type, shape, TILE_BLOCKED_MAX_RANK);
  if (!info || info->rank != rank || rank > TILE_BLOCKED_MAX_RANK)
    return (MlirAttribute){NULL};
  unsigned order[TILE_BLOCKED_MAX_RANK];
  orderByContiguity(info, rank, order);
  unsigned elementBits =
      tileBitWidthOf(tilePointerTypeGetPointeeType(mlirShapedTypeGetElementType(type)));
  int64_t perThread = elementsPerAccess(info, order[0], shape[order[0]], elementBits);
  int64_t threads = (int64_t)coalescer->numWarps * coalescer->threadsPerWarp;
  int64_t available = tileNumElementsOf(type) / threads;
  if (perThread > available)
    perThread = available > 1 ? available : 1;
  MlirValue mask = maskOf(op, kind);
  if (!mlirValueIsNull(mask) && mlirTypeIsARankedTensor(mlirValueGetType(mask))) {
    const TileAxisInfo *maskInfo = tileAxisInfoLookup(coalescer->analysis, mask);
    int64_t constancy = maskInfo && maskInfo->rank == rank ? maskInfo->constancy[order[0]] : 1;
    if (perThread > constancy)
      perThread = largestPowerOfTwoAtMost(constancy);
  }
  unsigned sizePerThread[TILE_BLOCKED_MAX_RANK];
  for (intptr_t d = 0; d < rank; ++d)
    sizePerThread[d] = 1;
  sizePerThread[order[0]] = (unsigned)perThread;
  return tileBlockedLayoutForShape(coalescer->context, rank, shape, sizePerThread, order,
                                   coalescer->numWarps, coalescer->threadsPerWarp);
}

static void convertOperandsInto(const Coalescer *coalescer, MlirOperation op,
                                MlirAttribute layout) {
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(op); i < n; ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirAttribute current = tileLayoutOf(operand);
    if (mlirAttributeIsNull(current) || mlirAttributeEqual(current, layout))
      continue;
    mlirRewriterBaseSetInsertionPointBefore(coalescer->rewriter, op);
    mlirOperationSetOperand(op, i,
                            tileBuildConvertLayout(coalescer->rewriter,
                                                   mlirOperationGetLocation(op), operand,
                                                   layout));
  }
}

/* Results take the new layout; their users keep seeing the old one through
 * a conversion right after the op. */
static void convertResultsBack(const Coalescer *coalescer, MlirOperation op,
                               MlirAttribute layout) {
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    MlirAttribute previous = tileLayoutOf(result);
    if (mlirAttributeIsNull(previous) || mlirAttributeEqual(previous, layout))
      continue;
    mlirValueSetType(result, tileTensorTypeWithLayout(mlirValueGetType(result), layout));
    mlirRewriterBaseSetInsertionPointAfter(coalescer->rewriter, op);
    MlirValue back = tileBuildConvertLayout(
        coalescer->rewriter, mlirOperationGetLocation(op), result, previous);
    mlirValueReplaceAllUsesExcept(result, back, 1, (MlirOperation[]){tileDefiningOp(back)});
  }
}

/* A growable list of the accesses to rewrite, collected before any rewrite
 * so the analysis sees the program as it was. */
typedef struct AccessList {
  MlirOperation *ops;
  MlirAttribute *layouts;
  intptr_t size, capacity;
  const Coalescer *coalescer;
  bool outOfMemory;
} AccessList;

static MlirWalkResult collectAccess(MlirOperation op, void *userData) {
  AccessList *list = (AccessList *)userData;
  const AccessKind *kind = accessKindOf(op);
  if (!kind || mlirOperationGetNumOperands(op) == 0 ||
      !isPointerTensor(mlirOperationGetOperand(op, 0)))
    return MlirWalkResultAdvance;
  MlirAttribute layout = coalescedLayoutFor(list->coalescer, op, kind);
  if (mlirAttributeIsNull(layout))
    return MlirWalkResultAdvance;
  if (list->size == list->capacity) {
    intptr_t capacity = list->capacity ? 2 * list->capacity : 32;
    MlirOperation *ops = realloc(list->ops, (size_t)capacity * sizeof(MlirOperation));
    if (ops)
      list->ops = ops;
    MlirAttribute *layouts =
        realloc(list->layouts, (size_t)capacity * sizeof(MlirAttribute));
    if (layouts)
      list->layouts = layouts;
    if (!ops || !layouts) {
      list->outOfMemory = true;
      return MlirWalkResultInterrupt;
    }
    list->capacity = capacity;
  }
  list->ops[list->size] = op;
  list->layouts[list->size++] = layout;
  return MlirWalkResultAdvance;
}

static MlirLogicalResult coalesceFunction(Coalescer *coalescer, MlirOperation func) {
  TileAxisInfoAnalysis *analysis = tileAxisInfoAnalyze(func);
  if (!analysis) {
    mlirEmitError(mlirOperationGetLocation(func), "tilegpu-coalesce: out of memory");
    return mlirLogicalResultFailure();
  }
  coalescer->analysis = analysis;
  AccessList list = {.coalescer = coalescer};
  mlirOperationWalk(func, collectAccess, &list, MlirWalkPreOrder);
  for (intptr_t i = 0; i < list.size; ++i) {
    convertOperandsInto(coalescer, list.ops[i], list.layouts[i]);
    convertResultsBack(coalescer, list.ops[i], list.layouts[i]);
  }
  free(list.ops);
  free(list.layouts);
  tileAxisInfoDestroy(analysis);
  coalescer->analysis = NULL;
  if (list.outOfMemory) {
    mlirEmitError(mlirOperationGetLocation(func), "tilegpu-coalesce: out of memory");
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

static MlirWalkResult coalesceEachFunction(MlirOperation op, void *userData) {
  Coalescer *coalescer = (Coalescer *)userData;
  if (!tileOperationIsNamed(op, "func.func"))
    return MlirWalkResultAdvance;
  if (mlirLogicalResultIsFailure(coalesceFunction(coalescer, op))) {
    coalescer->failed = true;
    return MlirWalkResultInterrupt;
  }
  return MlirWalkResultSkip;
}

static MlirLogicalResult runCoalesce(MlirOperation module,
                                     const TilePassOptionValue *options) {
  Coalescer coalescer = {.context = mlirOperationGetContext(module)};
  if (!tileGetLaunchShape(module, &coalescer.numWarps, &coalescer.threadsPerWarp)) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tilegpu-coalesce: the module has no tilegpu.num-warps and "
                  "tilegpu.threads-per-warp; run -convert-tile-to-tilegpu first");
    return mlirLogicalResultFailure();
  }
  coalescer.rewriter = mlirIRRewriterCreateFromOp(module);
  mlirOperationWalk(module, coalesceEachFunction, &coalescer, MlirWalkPreOrder);
  mlirIRRewriterDestroy(coalescer.rewriter);
  return coalescer.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileCoalescePass = {
    .argument = "tilegpu-coalesce",
    .name = "TileGPUCoalesce",
    .description = "Pick order and sizePerThread of every global load and store so "
                   "each thread moves up to 128 contiguous bits per instruction",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runCoalesce,
};
