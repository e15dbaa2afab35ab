/*===- remove_layout_conversions.c - -tilegpu-remove-layout-conversions ---===*
 *
 * Removes the `tilegpu.convert_layout` ops that earlier passes insert
 * freely (convert-tile-to-tilegpu where layouts meet, tilegpu-coalesce around
 * every global access), in the spirit of Triton's RemoveLayoutConversions,
 * much simplified. Per function:
 *
 *   1. Forward propagation. The results of global loads and atomics are
 *      anchors: their layouts were chosen for memory and stay. Each anchor's
 *      layout flows to the values computed from it: through conversions,
 *      elementwise ops, broadcast, reduce (as the slice), scan and
 *      expand_dims (from the slice back to its parent). A value reached
 *      from two anchors keeps the first (in program order). Every reached
 *      value is retyped in place; where an op then sees an operand in a
 *      layout it cannot take (a store, a dot, a loop, ...), a conversion
 *      back to the operand's old layout is inserted.
 *   2. Backward rematerialization. For each remaining conversion of x into
 *      layout L: drop it if x is in L already, fold convert(convert(y)) into
 *      convert(y), or rebuild x's producers in L (constants, make_range,
 *      splat, elementwise ops, broadcast, expand_dims, addptr, and a load
 *      whose only user is being rebuilt), so the conversion disappears.
 *      Rebuilt values are shared through a memo of (value, layout).
 *   3. Dead pure ops (the originals that lost their users) are erased.
 *
 * Invariants: the program computes the same values; every op's operands
 * have layouts that op accepts (as convert-tile-to-tilegpu establishes); a
 * conversion that remains moves data between threads (or could not be
 * removed without duplicating a load). Loads are never duplicated.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_REMATERIALIZATION_DEPTH = 64 };

/*===----------------------------------------------------------------------===*
 * A small map from a pair of pointers to a pointer
 *===----------------------------------------------------------------------===*/

typedef struct PairEntry {
  const void *first; /* NULL: empty */
  const void *second;
  void *value;
} PairEntry;

typedef struct PairMap {
  PairEntry *entries;
  size_t capacity; /* a power of two */
  size_t count;
} PairMap;

static size_t pairSlot(const void *first, const void *second, size_t capacity) {
  uint64_t hash = (uint64_t)(uintptr_t)first * 0x9E3779B97F4A7C15ull ^
                  (uint64_t)(uintptr_t)second * 0xC2B2AE3D27D4EB4Full;
  return (size_t)(hash >> 17) & (capacity - 1);
}

static PairEntry *findPair(const PairMap *map, const void *first, const void *second) {
  size_t slot = pairSlot(first, second, map->capacity);
  while (map->entries[slot].first &&
         !(map->entries[slot].first == first && map->entries[slot].second == second))
    slot = (slot + 1) & (map->capacity - 1);
  return &map->entries[slot];
}

static bool growPairMap(PairMap *map) {
  size_t capacity = map->capacity ? 2 * map->capacity : 256;
  PairEntry *entries = calloc(capacity, sizeof(PairEntry));
  if (!entries)
    return false;
  PairMap grown = {entries, capacity, map->count};
  for (size_t i = 0; i < map->capacity; ++i)
    if (map->entries[i].first)
      *findPair(&grown, map->entries[i].first, map->entries[i].second) = map->entries[i];
  free(map->entries);
  *map = grown;
  return true;
}

static void *lookupPair(const PairMap *map, const void *first, const void *second) {
  if (!map->capacity)
    return NULL;
  PairEntry *entry = findPair(map, first, second);
  return entry->first ? entry->value : NULL;
}

/* Returns false if memory ran out. */
static bool insertPair(PairMap *map, const void *first, const void *second, void *value) {
  if (2 * (map->count + 1) > map->capacity && !growPairMap(map))
    return false;
  PairEntry *entry = findPair(map, first, second);
  if (!entry->first)
    ++map->count;
  *entry = (PairEntry){first, second, value};
  return true;
}

static void destroyPairMap(PairMap *map) {
  free(map->entries);
  *map = (PairMap){NULL, 0, 0};
}

/*===----------------------------------------------------------------------===*
 * Which ops the layout can flow through
 *===----------------------------------------------------------------------===*/

static bool nameStartsWith(MlirOperation op, const char *prefix) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  size_t length = strlen(prefix);
  return name.length > length && memcmp(name.data, prefix, length) == 0;
}

static const char *const kTileElementwiseOps[] = {
    "tile.addptr",      "tile.fp_to_fp",     "tile.bitcast",
    "tile.int_to_ptr",  "tile.ptr_to_int",   "tile.clampf",
    "tile.precise_sqrt", "tile.precise_divf", "tile.extern_elementwise",
};

static bool sameShape(MlirType a, MlirType b) {
  intptr_t rank = mlirShapedTypeGetRank(a);
  if (rank != mlirShapedTypeGetRank(b))
    return false;
  for (intptr_t d = 0; d < rank; ++d)
    if (mlirShapedTypeGetDimSize(a, d) != mlirShapedTypeGetDimSize(b, d))
      return false;
  return true;
}

/* An op that computes each element from the same element of its operands:
 * arith and math ops (not constants) and tile's elementwise ops, with every
 * tensor operand and result of one shape. */
static bool isElementwise(MlirOperation op) {
  bool known = (nameStartsWith(op, "arith.") && !tileOperationIsNamed(op, "arith.constant")) ||
               nameStartsWith(op, "math.");
  for (size_t i = 0; !known && i < sizeof(kTileElementwiseOps) / sizeof(kTileElementwiseOps[0]);
       ++i)
    known = tileOperationIsNamed(op, kTileElementwiseOps[i]);
  if (!known || mlirOperationGetNumResults(op) == 0)
    return false;
  MlirType shape = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!mlirTypeIsARankedTensor(shape))
    return false;
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(op); i < n; ++i) {
    MlirType type = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsARankedTensor(type) && !sameShape(type, shape))
      return false;
  }
  for (intptr_t i = 1, n = mlirOperationGetNumResults(op); i < n; ++i)
    if (!sameShape(mlirValueGetType(mlirOperationGetResult(op, i)), shape))
      return false;
  return true;
}

static bool isAnchor(MlirOperation op) {
  return tileOperationIsNamed(op, "tile.load") || tileOperationIsNamed(op, "tile.atomic_rmw") ||
         tileOperationIsNamed(op, "tile.atomic_cas");
}

static unsigned axisOf(MlirOperation op) {
  int64_t axis = 0;
  tileGetIntAttr(op, "axis", &axis);
  return (unsigned)axis;
}

static bool isSliceAlong(MlirAttribute layout, unsigned dim) {
  return tilegpuAttributeIsASliceLayout(layout) && tilegpuSliceLayoutAttrGetDim(layout) == dim;
}

/*===----------------------------------------------------------------------===*
 * Shared state
 *===----------------------------------------------------------------------===*/

/* A growable list of ops or values, collected before the IR changes. */
typedef struct PointerList {
  const void **items;
  intptr_t size, capacity;
} PointerList;

static bool appendPointer(PointerList *list, const void *item) {
  if (list->size == list->capacity) {
    intptr_t capacity = list->capacity ? 2 * list->capacity : 64;
    const void **items = realloc(list->items, (size_t)capacity * sizeof(void *));
    if (!items)
      return false;
    list->items = items;
    list->capacity = capacity;
  }
  list->items[list->size++] = item;
  return true;
}

typedef struct Cleaner {
  MlirContext context;
  MlirRewriterBase rewriter;
  PairMap newLayout;   /* (value, NULL) -> layout it should take */
  PairMap oldLayout;   /* (value, NULL) -> layout it had before retyping */
  PairMap rebuilt;     /* (value, layout) -> the value rebuilt in that layout */
  bool outOfMemory;
} Cleaner;

static MlirAttribute attributeFrom(const void *pointer) { return (MlirAttribute){pointer}; }
static MlirValue valueFrom(const void *pointer) { return (MlirValue){pointer}; }
static MlirOperation operationFrom(const void *pointer) {
  return (MlirOperation){(void *)pointer};
}

static MlirValue convertBefore(Cleaner *cleaner, MlirOperation op, MlirValue value,
                               MlirAttribute layout) {
  mlirRewriterBaseSetInsertionPointBefore(cleaner->rewriter, op);
  return tileBuildConvertLayout(cleaner->rewriter, mlirOperationGetLocation(op), value, layout);
}

/*===----------------------------------------------------------------------===*
 * 1. Forward propagation from anchors
 *===----------------------------------------------------------------------===*/

typedef struct Propagation {
  Cleaner *cleaner;
  PointerList worklist; /* values whose new layout must reach their users */
} Propagation;

/* Gives `value` the layout `layout` unless it has one already (the first
 * anchor wins) or is in it. */
static void proposeLayout(Propagation *propagation, MlirValue value, MlirAttribute layout) {
  Cleaner *cleaner = propagation->cleaner;
  if (mlirAttributeIsNull(layout) || lookupPair(&cleaner->newLayout, value.ptr, NULL))
    return;
  if (mlirAttributeEqual(tileLayoutOf(value), layout))
    return;
  if (!insertPair(&cleaner->newLayout, value.ptr, NULL, (void *)layout.ptr) ||
      !appendPointer(&propagation->worklist, value.ptr))
    cleaner->outOfMemory = true;
}

/* The layout `user`'s tensor results take when one operand arrives in
 * `layout`, or a null attribute if the layout stops there. */
static MlirAttribute layoutFlowingThrough(Cleaner *cleaner, MlirOperation user,
                                          MlirAttribute layout) {
  if (tileOperationIsNamed(user, "tilegpu.convert_layout") || isElementwise(user) ||
      tileOperationIsNamed(user, "tile.broadcast") || tileOperationIsNamed(user, "tile.scan"))
    return layout;
  if (tileOperationIsNamed(user, "tile.reduce"))
    return tilegpuSliceLayoutAttrGet(cleaner->context, axisOf(user), layout);
  if (tileOperationIsNamed(user, "tile.expand_dims") && isSliceAlong(layout, axisOf(user)))
    return tilegpuSliceLayoutAttrGetParent(layout);
  return (MlirAttribute){NULL};
}

static void propagateToUsers(Propagation *propagation, MlirValue value, MlirAttribute layout) {
  for (MlirOpOperand use = mlirValueGetFirstUse(value); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    MlirAttribute flowing = layoutFlowingThrough(propagation->cleaner, user, layout);
    if (mlirAttributeIsNull(flowing))
      continue;
    for (intptr_t i = 0, n = mlirOperationGetNumResults(user); i < n; ++i) {
      MlirValue result = mlirOperationGetResult(user, i);
      if (mlirTypeIsARankedTensor(mlirValueGetType(result)))
        proposeLayout(propagation, result, flowing);
    }
  }
}

static MlirWalkResult seedAnchors(MlirOperation op, void *userData) {
  Propagation *propagation = (Propagation *)userData;
  if (!isAnchor(op))
    return MlirWalkResultAdvance;
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    MlirAttribute layout = tileLayoutOf(result);
    if (!mlirAttributeIsNull(layout))
      propagateToUsers(propagation, result, layout);
  }
  return MlirWalkResultAdvance;
}

/* The layout operand `index` of `op` must have once results are retyped:
 * derived from the op's (new) result layout where the op relates them, the
 * operand's old layout for every other op; null if any layout will do. */
static MlirAttribute requiredOperandLayout(Cleaner *cleaner, MlirOperation op, intptr_t index) {
  MlirValue operand = mlirOperationGetOperand(op, index);
  if (tileOperationIsNamed(op, "tilegpu.convert_layout"))
    return (MlirAttribute){NULL};
  MlirAttribute result = mlirOperationGetNumResults(op) > 0
                             ? tileLayoutOf(mlirOperationGetResult(op, 0))
                             : (MlirAttribute){NULL};
  if (!mlirAttributeIsNull(result)) {
    if (isElementwise(op) || tileOperationIsNamed(op, "tile.broadcast") ||
        tileOperationIsNamed(op, "tile.scan"))
      return result;
    if (tileOperationIsNamed(op, "tile.expand_dims"))
      return tilegpuSliceLayoutAttrGet(cleaner->context, axisOf(op), result);
    if (tileOperationIsNamed(op, "tile.reduce") && tilegpuAttributeIsASliceLayout(result))
      return tilegpuSliceLayoutAttrGetParent(result);
  }
  if (tileOperationIsNamed(op, "tile.reduce"))
    return index == 0 ? (MlirAttribute){NULL} : tileLayoutOf(mlirOperationGetOperand(op, 0));
  const void *old = lookupPair(&cleaner->oldLayout, operand.ptr, NULL);
  return old ? attributeFrom(old) : (MlirAttribute){NULL};
}

static MlirWalkResult collectOp(MlirOperation op, void *userData) {
  if (!appendPointer((PointerList *)userData, op.ptr))
    return MlirWalkResultInterrupt;
  return MlirWalkResultAdvance;
}

static void retypeAndReconcile(Cleaner *cleaner, MlirOperation func, const PointerList *values) {
  for (intptr_t i = 0; i < values->size; ++i) {
    MlirValue value = valueFrom(values->items[i]);
    MlirAttribute layout = attributeFrom(lookupPair(&cleaner->newLayout, value.ptr, NULL));
    if (!insertPair(&cleaner->oldLayout, value.ptr, NULL, (void *)tileLayoutOf(value).ptr))
      cleaner->outOfMemory = true;
    mlirValueSetType(value, tileTensorTypeWithLayout(mlirValueGetType(value), layout));
  }
  PointerList ops = {NULL, 0, 0};
  mlirOperationWalk(func, collectOp, &ops, MlirWalkPreOrder);
  for (intptr_t i = 1; i < ops.size; ++i) {
    MlirOperation op = operationFrom(ops.items[i]);
    for (intptr_t o = 0, n = mlirOperationGetNumOperands(op); o < n; ++o) {
      MlirValue operand = mlirOperationGetOperand(op, o);
      MlirAttribute current = tileLayoutOf(operand);
      MlirAttribute required = requiredOperandLayout(cleaner, op, o);
      if (mlirAttributeIsNull(current) || mlirAttributeIsNull(required) ||
          mlirAttributeEqual(current, required))
        continue;
      mlirOperationSetOperand(op, o, convertBefore(cleaner, op, operand, required));
    }
  }
  free(ops.items);
}

static void propagateForward(Cleaner *cleaner, MlirOperation func) {
  Propagation propagation = {cleaner, {NULL, 0, 0}};
  mlirOperationWalk(func, seedAnchors, &propagation, MlirWalkPreOrder);
  for (intptr_t next = 0; next < propagation.worklist.size && !cleaner->outOfMemory; ++next) {
    MlirValue value = valueFrom(propagation.worklist.items[next]);
    propagateToUsers(&propagation, value,
                     attributeFrom(lookupPair(&cleaner->newLayout, value.ptr, NULL)));
  }
  if (!cleaner->outOfMemory)
    retypeAndReconcile(cleaner, func, &propagation.worklist);
  free(propagation.worklist.items);
}

/*===----------------------------------------------------------------------===*
 * 2. Backward rematerialization
 *===----------------------------------------------------------------------===*/

static bool hasOneUse(MlirValue value) {
  MlirOpOperand use = mlirValueGetFirstUse(value);
  return !mlirOpOperandIsNull(use) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(use));
}

/* Producers cheap enough to compute a second time in another layout. */
static bool isCheapToRebuild(MlirOperation op) {
  return mlirOperationGetNumResults(op) == 1 &&
         (tileOperationIsNamed(op, "arith.constant") ||
          tileOperationIsNamed(op, "tile.make_range") || tileOperationIsNamed(op, "tile.splat") ||
          tileOperationIsNamed(op, "tile.broadcast") ||
          tileOperationIsNamed(op, "tile.expand_dims") || isElementwise(op));
}

/* True if `wanted` gives each thread at least the run of consecutive
 * elements `current` gives along current's fastest dimension, so a load
 * moved into it keeps its vector width. */
static bool keepsVectorWidth(MlirAttribute current, MlirAttribute wanted) {
  if (!tilegpuAttributeIsABlockedLayout(current) || !tilegpuAttributeIsABlockedLayout(wanted))
    return false;
  unsigned fastest = tilegpuBlockedLayoutAttrGetOrder(current, 0);
  return tilegpuBlockedLayoutAttrGetOrder(wanted, 0) == fastest &&
         tilegpuBlockedLayoutAttrGetSizePerThread(wanted, fastest) >=
             tilegpuBlockedLayoutAttrGetSizePerThread(current, fastest);
}

/* A load is rebuilt (moved, really) only when the original then dies and
 * the new layout keeps its vector width: loads are never duplicated and
 * never lose the layout tilegpu-coalesce chose. */
static bool isRematerializable(MlirOperation op, MlirValue result, MlirAttribute layout) {
  if (tileOperationIsNamed(op, "tile.load"))
    return mlirOperationGetNumResults(op) == 1 && hasOneUse(result) &&
           !tileHasFlag(op, "isVolatile") && keepsVectorWidth(tileLayoutOf(result), layout);
  return isCheapToRebuild(op);
}

static MlirValue rematerialize(Cleaner *cleaner, MlirValue value, MlirAttribute layout,
                               int depth);

/* Clones `op` right after itself with its tensor operands rebuilt in the
 * layouts the clone needs and its result in `layout`. */
static MlirValue cloneInLayout(Cleaner *cleaner, MlirOperation op, MlirAttribute layout,
                               int depth) {
  intptr_t numOperands = mlirOperationGetNumOperands(op);
  MlirValue operands[16];
  if (numOperands > 16)
    return (MlirValue){NULL};
  MlirAttribute operandLayout = tileOperationIsNamed(op, "tile.expand_dims")
                                    ? tilegpuSliceLayoutAttrGet(cleaner->context, axisOf(op), layout)
                                    : layout;
  for (intptr_t i = 0; i < numOperands; ++i) {
    operands[i] = mlirOperationGetOperand(op, i);
    if (!mlirTypeIsARankedTensor(mlirValueGetType(operands[i])))
      continue;
    operands[i] = rematerialize(cleaner, operands[i], operandLayout, depth + 1);
    if (mlirValueIsNull(operands[i]))
      return (MlirValue){NULL};
  }
  MlirOperation clone = mlirOperationClone(op);
  mlirBlockInsertOwnedOperationAfter(mlirOperationGetBlock(op), op, clone);
  for (intptr_t i = 0; i < numOperands; ++i)
    mlirOperationSetOperand(clone, i, operands[i]);
  MlirValue result = mlirOperationGetResult(clone, 0);
  MlirType type = tileTensorTypeWithLayout(mlirValueGetType(result), layout);
  mlirValueSetType(result, type);
  if (tileOperationIsNamed(clone, "arith.constant")) {
    MlirStringRef valueName = mlirStringRefCreateFromCString("value");
    mlirOperationSetAttributeByName(
        clone, valueName,
        mlirDenseElementsAttrReshapeGet(mlirOperationGetAttributeByName(clone, valueName), type));
  }
  return result;
}

/* Returns `value` computed in `layout` without a conversion, or a null
 * value if some producer cannot be rebuilt. */
static MlirValue rematerialize(Cleaner *cleaner, MlirValue value, MlirAttribute layout,
                               int depth) {
  if (mlirAttributeEqual(tileLayoutOf(value), layout))
    return value;
  const void *known = lookupPair(&cleaner->rebuilt, value.ptr, layout.ptr);
  if (known)
    return valueFrom(known);
  MlirOperation producer = tileDefiningOp(value);
  if (mlirOperationIsNull(producer) || depth > MAX_REMATERIALIZATION_DEPTH)
    return (MlirValue){NULL};
  if (tileOperationIsNamed(producer, "tilegpu.convert_layout")) {
    MlirValue source = mlirOperationGetOperand(producer, 0);
    return mlirAttributeEqual(tileLayoutOf(source), layout) ? source : (MlirValue){NULL};
  }
  if (!isRematerializable(producer, value, layout))
    return (MlirValue){NULL};
  if (tileOperationIsNamed(producer, "arith.constant") &&
      !mlirAttributeIsADenseElements(mlirOperationGetAttributeByName(
          producer, mlirStringRefCreateFromCString("value"))))
    return (MlirValue){NULL};
  MlirValue rebuilt = cloneInLayout(cleaner, producer, layout, depth);
  if (!mlirValueIsNull(rebuilt) &&
      !insertPair(&cleaner->rebuilt, value.ptr, layout.ptr, (void *)rebuilt.ptr))
    cleaner->outOfMemory = true;
  return rebuilt;
}

static MlirWalkResult collectConversion(MlirOperation op, void *userData) {
  if (tileOperationIsNamed(op, "tilegpu.convert_layout") &&
      !appendPointer((PointerList *)userData, op.ptr))
    return MlirWalkResultInterrupt;
  return MlirWalkResultAdvance;
}

/* Removes `conversion` if its source can be had in its layout for free;
 * returns true if the IR changed. */
static bool simplifyConversion(Cleaner *cleaner, MlirOperation conversion) {
  MlirValue result = mlirOperationGetResult(conversion, 0);
  MlirAttribute layout = tileLayoutOf(result);
  MlirValue source = mlirOperationGetOperand(conversion, 0);
  MlirOperation producer = tileDefiningOp(source);
  if (tileOperationIsNamed(producer, "tilegpu.convert_layout") &&
      !mlirAttributeEqual(tileLayoutOf(mlirOperationGetOperand(producer, 0)), layout)) {
    mlirOperationSetOperand(conversion, 0, mlirOperationGetOperand(producer, 0));
    return true;
  }
  MlirValue replacement = rematerialize(cleaner, source, layout, 0);
  if (mlirValueIsNull(replacement))
    return false;
  mlirValueReplaceAllUsesOfWith(result, replacement);
  mlirOperationDestroy(conversion);
  return true;
}

static void rematerializeBackward(Cleaner *cleaner, MlirOperation func) {
  bool changed = true;
  for (int round = 0; changed && round < 8 && !cleaner->outOfMemory; ++round) {
    changed = false;
    PointerList conversions = {NULL, 0, 0};
    mlirOperationWalk(func, collectConversion, &conversions, MlirWalkPreOrder);
    /* Last first: a conversion removed late in the program can make an
     * earlier one dead instead of rebuilt twice. */
    for (intptr_t i = conversions.size - 1; i >= 0; --i) {
      MlirOperation conversion = operationFrom(conversions.items[i]);
      if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(conversion, 0))))
        continue;
      changed |= simplifyConversion(cleaner, conversion);
    }
    free(conversions.items);
  }
}

/*===----------------------------------------------------------------------===*
 * 3. Dead code
 *===----------------------------------------------------------------------===*/

static bool isPureForErasure(MlirOperation op) {
  if (tileOperationIsNamed(op, "tile.load"))
    return !tileHasFlag(op, "isVolatile");
  return tileOperationIsNamed(op, "tilegpu.convert_layout") || isCheapToRebuild(op) ||
         tileOperationIsNamed(op, "tile.trans") || tileOperationIsNamed(op, "tile.reshape");
}

static bool resultsAreUnused(MlirOperation op) {
  intptr_t n = mlirOperationGetNumResults(op);
  for (intptr_t i = 0; i < n; ++i)
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, i))))
      return false;
  return n > 0;
}

static MlirWalkResult collectDeadOp(MlirOperation op, void *userData) {
  if (resultsAreUnused(op) && mlirOperationGetNumRegions(op) == 0 && isPureForErasure(op) &&
      !appendPointer((PointerList *)userData, op.ptr))
    return MlirWalkResultInterrupt;
  return MlirWalkResultAdvance;
}

static void eraseDeadOps(MlirOperation func) {
  for (;;) {
    PointerList dead = {NULL, 0, 0};
    /* Post-order: users come before producers within the list's order
     * only per block, so erase and repeat until nothing is dead. */
    mlirOperationWalk(func, collectDeadOp, &dead, MlirWalkPostOrder);
    for (intptr_t i = dead.size - 1; i >= 0; --i)
      mlirOperationDestroy(operationFrom(dead.items[i]));
    free(dead.items);
    if (dead.size == 0)
      return;
  }
}

/*===----------------------------------------------------------------------===*
 * The pass
 *===----------------------------------------------------------------------===*/

static MlirWalkResult cleanFunction(MlirOperation op, void *userData) {
  Cleaner *cleaner = (Cleaner *)userData;
  if (!tileOperationIsNamed(op, "func.func"))
    return MlirWalkResultAdvance;
  propagateForward(cleaner, op);
  rematerializeBackward(cleaner, op);
  eraseDeadOps(op);
  destroyPairMap(&cleaner->newLayout);
  destroyPairMap(&cleaner->oldLayout);
  destroyPairMap(&cleaner->rebuilt);
  return cleaner->outOfMemory ? MlirWalkResultInterrupt : MlirWalkResultSkip;
}

static MlirLogicalResult runRemoveLayoutConversions(MlirOperation module,
                                                    const TilePassOptionValue *options) {
  Cleaner cleaner = {.context = mlirOperationGetContext(module),
                     .rewriter = mlirIRRewriterCreateFromOp(module)};
  mlirOperationWalk(module, cleanFunction, &cleaner, MlirWalkPreOrder);
  mlirIRRewriterDestroy(cleaner.rewriter);
  if (cleaner.outOfMemory) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tilegpu-remove-layout-conversions: out of memory");
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileRemoveLayoutConversionsPass = {
    .argument = "tilegpu-remove-layout-conversions",
    .name = "TileGPURemoveLayoutConversions",
    .description = "Propagate the layouts of loads forward and rebuild cheap producers "
                   "in the layouts their users need, so conversions disappear",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runRemoveLayoutConversions,
};
