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
 *   3. Carried values. A tensor carried around an scf.for (iter arg,
 *      yielded value, result) or out of an scf.if (yielded values, result)
 *      changes layout to L when that takes conversions out of the body:
 *      what is yielded is free in L (a conversion out of L, or producers
 *      step 2 can rebuild, the loop argument itself included), and the
 *      body converts the argument into L or yields a conversion out of L.
 *      The init is converted once before the loop and the result once
 *      after it (Triton does the same through its backward slices). So
 *      the dot accumulator stays #mma across iterations, and pointer
 *      tensors advanced by addptr stay in the layout their loads were
 *      coalesced in. Step 2 then folds the new conversions; innermost
 *      regions first, a few sweeps.
 *   4. Dead pure ops (the originals that lost their users) are erased.
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

/* Sweeps over loops and ifs: each can move a carried value that a
 * previous one made free (an outer loop's after an inner one's). */
enum { MAX_REMATERIALIZATION_DEPTH = 64, MAX_CARRIED_ROUNDS = 4 };

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

/* `conversion` converts an elementwise op's result that nothing else uses,
 * and an operand of that op is itself a conversion out of layout A that
 * nothing else uses: computing the op in A (its other operands rebuilt
 * there) leaves one conversion where there were two. It is also the one
 * of the narrower value after a truncation, such as the matmul epilogue's
 * truncf of the #mma accumulator. Returns true if the IR changed. */
static bool hoistOverConversion(Cleaner *cleaner, MlirOperation conversion, MlirValue source) {
  MlirOperation producer = tileDefiningOp(source);
  if (mlirOperationIsNull(producer) || !isElementwise(producer) ||
      mlirOperationGetNumResults(producer) != 1 ||
      !hasOneUse(source))
    return false;
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(producer); i < n; ++i) {
    MlirValue operand = mlirOperationGetOperand(producer, i);
    MlirOperation inner = tileDefiningOp(operand);
    if (!tileOperationIsNamed(inner, "tilegpu.convert_layout") || !hasOneUse(operand))
      continue;
    MlirValue rebuilt =
        rematerialize(cleaner, source, tileLayoutOf(mlirOperationGetOperand(inner, 0)), 0);
    if (mlirValueIsNull(rebuilt))
      continue;
    mlirOperationSetOperand(conversion, 0, rebuilt);
    return true;
  }
  return false;
}

static unsigned elementBits(MlirValue value) {
  return tileBitWidthOf(tileElementTypeOf(mlirValueGetType(value)));
}

/* `conversion`'s only user is an elementwise op with a narrower result
 * (a truncation): computing that op before the conversion, in the source
 * layout, moves fewer bytes through shared memory. Returns true if the IR
 * changed. */
static bool sinkBelowNarrowing(Cleaner *cleaner, MlirOperation conversion) {
  MlirValue result = mlirOperationGetResult(conversion, 0);
  if (!hasOneUse(result))
    return false;
  MlirOperation user = mlirOpOperandGetOwner(mlirValueGetFirstUse(result));
  if (!isElementwise(user) || mlirOperationGetNumResults(user) != 1)
    return false;
  MlirValue narrowed = mlirOperationGetResult(user, 0);
  if (elementBits(narrowed) >= elementBits(result))
    return false;
  MlirValue rebuilt =
      cloneInLayout(cleaner, user, tileLayoutOf(mlirOperationGetOperand(conversion, 0)), 0);
  if (mlirValueIsNull(rebuilt))
    return false;
  mlirRewriterBaseSetInsertionPointAfter(cleaner->rewriter, mlirOpResultGetOwner(rebuilt));
  mlirValueReplaceAllUsesOfWith(
      narrowed, tileBuildConvertLayout(cleaner->rewriter, mlirOperationGetLocation(user), rebuilt,
                                       tileLayoutOf(narrowed)));
  return true;
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
    return hoistOverConversion(cleaner, conversion, source) ||
           sinkBelowNarrowing(cleaner, conversion);
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
 * 3. Values carried through scf.for and out of scf.if
 *===----------------------------------------------------------------------===*/

/* What checking that a value can be rebuilt in a layout found: the ops
 * whose results would be rebuilt. `carried` is a loop argument about to be
 * retyped into the layout, so it and conversions of it count as free. */
typedef struct RebuildCheck {
  Cleaner *cleaner;
  MlirValue carried;
  PairMap known; /* (value, layout) -> value: rebuildable */
  PointerList slice;
} RebuildCheck;

/* True if rematerialize(value, layout) would succeed once `carried` is in
 * `layout`; mirrors rematerialize's rules without changing the IR. */
static bool canRebuild(RebuildCheck *check, MlirValue value, MlirAttribute layout, int depth) {
  if (mlirAttributeEqual(tileLayoutOf(value), layout) || mlirValueEqual(value, check->carried) ||
      lookupPair(&check->known, value.ptr, layout.ptr) ||
      lookupPair(&check->cleaner->rebuilt, value.ptr, layout.ptr))
    return true;
  MlirOperation producer = tileDefiningOp(value);
  if (mlirOperationIsNull(producer) || depth > MAX_REMATERIALIZATION_DEPTH)
    return false;
  if (tileOperationIsNamed(producer, "tilegpu.convert_layout")) {
    MlirValue source = mlirOperationGetOperand(producer, 0);
    return mlirAttributeEqual(tileLayoutOf(source), layout) ||
           mlirValueEqual(source, check->carried);
  }
  if (!isRematerializable(producer, value, layout) ||
      (tileOperationIsNamed(producer, "arith.constant") &&
       !mlirAttributeIsADenseElements(mlirOperationGetAttributeByName(
           producer, mlirStringRefCreateFromCString("value")))))
    return false;
  MlirAttribute operandLayout =
      tileOperationIsNamed(producer, "tile.expand_dims")
          ? tilegpuSliceLayoutAttrGet(check->cleaner->context, axisOf(producer), layout)
          : layout;
  for (intptr_t i = 0, n = mlirOperationGetNumOperands(producer); i < n; ++i) {
    MlirValue operand = mlirOperationGetOperand(producer, i);
    if (mlirTypeIsARankedTensor(mlirValueGetType(operand)) &&
        !canRebuild(check, operand, operandLayout, depth + 1))
      return false;
  }
  if (!insertPair(&check->known, value.ptr, layout.ptr, (void *)value.ptr) ||
      !appendPointer(&check->slice, producer.ptr))
    check->cleaner->outOfMemory = true;
  return true;
}

static bool isConversionInto(MlirOperation op, MlirAttribute layout) {
  return tileOperationIsNamed(op, "tilegpu.convert_layout") &&
         mlirAttributeEqual(tileLayoutOf(mlirOperationGetResult(op, 0)), layout);
}

static bool hasUsers(MlirOperation op) {
  for (intptr_t i = 0, n = mlirOperationGetNumResults(op); i < n; ++i)
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

static bool containsPointer(const PointerList *list, const void *item) {
  for (intptr_t i = 0; i < list->size; ++i)
    if (list->items[i] == item)
      return true;
  return false;
}

static bool isInside(MlirOperation op, MlirOperation ancestor) {
  for (MlirOperation parent = mlirOperationGetParentOperation(op); !mlirOperationIsNull(parent);
       parent = mlirOperationGetParentOperation(parent))
    if (mlirOperationEqual(parent, ancestor))
      return true;
  return false;
}

/* How `value`'s users would fare if it were in `layout`: how many live
 * conversions into `layout` would go away, and whether some other user
 * (not one of the ops in `slice`, which are rebuilt, nor `exempt`) would
 * still need it in its old layout. */
static void classifyUsers(MlirValue value, MlirAttribute layout, const PointerList *slice,
                          MlirOperation exempt, intptr_t *conversionsInto, bool *othersNeedOld) {
  *conversionsInto = 0;
  *othersNeedOld = false;
  for (MlirOpOperand use = mlirValueGetFirstUse(value); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (tileOperationIsNamed(user, "tilegpu.convert_layout") && !hasUsers(user))
      continue;
    if (isConversionInto(user, layout))
      ++*conversionsInto;
    else if (!mlirOperationEqual(user, exempt) && !containsPointer(slice, user.ptr))
      *othersNeedOld = true;
  }
}

/* True if an op of `slice` inside `region` has a result used by something
 * that is neither rebuilt nor `exempt`: the original op then stays, with
 * its operands in their old layouts. */
static bool sliceKeepsOriginals(const PointerList *slice, MlirOperation region,
                                MlirOperation exempt) {
  for (intptr_t i = 0; i < slice->size; ++i) {
    MlirOperation op = operationFrom(slice->items[i]);
    if (!isInside(op, region))
      continue;
    for (intptr_t r = 0, n = mlirOperationGetNumResults(op); r < n; ++r)
      for (MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, r));
           !mlirOpOperandIsNull(use); use = mlirOpOperandGetNextUse(use)) {
        MlirOperation user = mlirOpOperandGetOwner(use);
        if (!mlirOperationEqual(user, exempt) && !containsPointer(slice, user.ptr))
          return true;
      }
  }
  return false;
}

/* Gives `value` (a block argument or an op result) the layout `layout`:
 * users that converted it into `layout` take it as it is, the others get
 * one conversion back to the old layout right where it is defined. */
static void retypeInPlace(Cleaner *cleaner, MlirValue value, MlirAttribute layout) {
  MlirAttribute old = tileLayoutOf(value);
  mlirValueSetType(value, tileTensorTypeWithLayout(mlirValueGetType(value), layout));
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(value)))
    return;
  mlirRewriterBaseSetInsertionPointAfterValue(cleaner->rewriter, value);
  MlirValue back = tileBuildConvertLayout(cleaner->rewriter, mlirValueGetLocation(value), value, old);
  MlirOperation backOp = mlirOpResultGetOwner(back);
  mlirValueReplaceAllUsesExcept(value, back, 1, &backOp);
  PointerList into = {NULL, 0, 0};
  for (MlirOpOperand use = mlirValueGetFirstUse(back); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use))
    if (isConversionInto(mlirOpOperandGetOwner(use), layout) &&
        !appendPointer(&into, mlirOpOperandGetOwner(use).ptr))
      cleaner->outOfMemory = true;
  for (intptr_t i = 0; i < into.size; ++i) {
    MlirOperation conversion = operationFrom(into.items[i]);
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(conversion, 0), value);
    mlirOperationDestroy(conversion);
  }
  free(into.items);
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(back)))
    mlirOperationDestroy(backOp);
}

/* Makes operand `index` of `op` arrive in `layout` through a conversion
 * right before `op`; rematerializeBackward folds it where it is free. */
static void convertOperand(Cleaner *cleaner, MlirOperation op, intptr_t index,
                           MlirAttribute layout) {
  MlirValue operand = mlirOperationGetOperand(op, index);
  mlirOperationSetOperand(op, index, convertBefore(cleaner, op, operand, layout));
}

/* A layout worth trying for a carried value: a tensor layout other than
 * its own and not a dot operand's (those come from shared memory right
 * before their dot, and carrying one would hold the whole operand in
 * registers across iterations). */
static bool isCandidate(MlirAttribute layout, MlirAttribute current) {
  return !mlirAttributeIsNull(layout) && !mlirAttributeEqual(layout, current) &&
         !tilegpuAttributeIsADotOperandLayout(layout);
}

/* Layouts that might suit a carried value: the source layout of the
 * conversions that produce what is yielded for it, then the layouts its
 * users convert it into. */
static intptr_t candidateLayouts(const MlirValue *yielded, intptr_t numYielded, MlirValue carried,
                                 MlirAttribute *layouts, intptr_t capacity) {
  intptr_t count = 0;
  MlirAttribute current = tileLayoutOf(carried);
  for (intptr_t i = 0; i < numYielded && count < capacity; ++i) {
    MlirOperation producer = tileDefiningOp(yielded[i]);
    if (tileOperationIsNamed(producer, "tilegpu.convert_layout")) {
      MlirAttribute layout = tileLayoutOf(mlirOperationGetOperand(producer, 0));
      if (isCandidate(layout, current))
        layouts[count++] = layout;
    }
  }
  for (MlirOpOperand use = mlirValueGetFirstUse(carried);
       !mlirOpOperandIsNull(use) && count < capacity; use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (tileOperationIsNamed(user, "tilegpu.convert_layout") && hasUsers(user)) {
      MlirAttribute layout = tileLayoutOf(mlirOperationGetResult(user, 0));
      if (isCandidate(layout, current))
        layouts[count++] = layout;
    }
  }
  return count;
}

static bool isConversionFrom(MlirValue value, MlirAttribute layout) {
  MlirOperation producer = tileDefiningOp(value);
  return tileOperationIsNamed(producer, "tilegpu.convert_layout") &&
         mlirAttributeEqual(tileLayoutOf(mlirOperationGetOperand(producer, 0)), layout);
}

enum { MAX_CANDIDATES = 8 };

/* Iter arg `index` of `loop`: if carrying it in another layout L removes
 * conversions from the body (what is yielded is free in L, and the body
 * converts the argument into L or yields a conversion out of L), the init
 * is converted once before the loop, the argument and result are retyped,
 * and the result converted back once after the loop. */
static bool relayoutIterArg(Cleaner *cleaner, MlirOperation loop, intptr_t index) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  MlirValue argument = mlirBlockGetArgument(body, index + 1);
  if (!mlirTypeIsARankedTensor(mlirValueGetType(argument)))
    return false;
  MlirOperation yield = mlirBlockGetTerminator(body);
  MlirValue yielded = mlirOperationGetOperand(yield, index);
  MlirAttribute layouts[MAX_CANDIDATES];
  intptr_t count = candidateLayouts(&yielded, 1, argument, layouts, MAX_CANDIDATES);
  for (intptr_t c = 0; c < count; ++c) {
    RebuildCheck check = {cleaner, argument, {NULL, 0, 0}, {NULL, 0, 0}};
    bool freeInLayout = canRebuild(&check, yielded, layouts[c], 0);
    intptr_t conversionsInto = 0;
    bool othersNeedOld = false;
    classifyUsers(argument, layouts[c], &check.slice, yield, &conversionsInto, &othersNeedOld);
    othersNeedOld |= sliceKeepsOriginals(&check.slice, loop, yield);
    int gain = (conversionsInto > 0) + isConversionFrom(yielded, layouts[c]);
    destroyPairMap(&check.known);
    free(check.slice.items);
    if (!freeInLayout || gain <= (othersNeedOld ? 1 : 0))
      continue;
    convertOperand(cleaner, loop, 3 + index, layouts[c]);
    convertOperand(cleaner, yield, index, layouts[c]);
    retypeInPlace(cleaner, argument, layouts[c]);
    retypeInPlace(cleaner, mlirOperationGetResult(loop, index), layouts[c]);
    return true;
  }
  return false;
}

/* Result `index` of `branch` (an scf.if with both regions): if every
 * branch yields it for free in another layout L and that saves a
 * conversion (a branch yields a conversion out of L, or a user converts the
 * result into L), the branches yield it in L and the result is retyped. */
static bool relayoutIfResult(Cleaner *cleaner, MlirOperation branch, intptr_t index) {
  MlirValue result = mlirOperationGetResult(branch, index);
  if (!mlirTypeIsARankedTensor(mlirValueGetType(result)))
    return false;
  MlirOperation yields[2];
  MlirValue yielded[2];
  for (intptr_t r = 0; r < 2; ++r) {
    MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(branch, r));
    if (mlirBlockIsNull(block))
      return false;
    yields[r] = mlirBlockGetTerminator(block);
    yielded[r] = mlirOperationGetOperand(yields[r], index);
  }
  MlirAttribute layouts[MAX_CANDIDATES];
  intptr_t count = candidateLayouts(yielded, 2, result, layouts, MAX_CANDIDATES);
  for (intptr_t c = 0; c < count; ++c) {
    RebuildCheck check = {cleaner, {NULL}, {NULL, 0, 0}, {NULL, 0, 0}};
    bool freeInLayout = canRebuild(&check, yielded[0], layouts[c], 0) &&
                canRebuild(&check, yielded[1], layouts[c], 0);
    bool keepsOriginals = sliceKeepsOriginals(&check.slice, branch, yields[0]) ||
                          sliceKeepsOriginals(&check.slice, branch, yields[1]);
    destroyPairMap(&check.known);
    free(check.slice.items);
    intptr_t conversionsInto = 0;
    bool othersNeedOld = false;
    PointerList none = {NULL, 0, 0};
    classifyUsers(result, layouts[c], &none, (MlirOperation){NULL}, &conversionsInto,
                  &othersNeedOld);
    int gain = (conversionsInto > 0) + (isConversionFrom(yielded[0], layouts[c]) ||
                                        isConversionFrom(yielded[1], layouts[c]));
    if (!freeInLayout || keepsOriginals || gain <= (othersNeedOld ? 1 : 0))
      continue;
    convertOperand(cleaner, yields[0], index, layouts[c]);
    convertOperand(cleaner, yields[1], index, layouts[c]);
    retypeInPlace(cleaner, result, layouts[c]);
    return true;
  }
  return false;
}

static MlirWalkResult collectRegionOp(MlirOperation op, void *userData) {
  if ((tileOperationIsNamed(op, "scf.for") || tileOperationIsNamed(op, "scf.if")) &&
      !appendPointer((PointerList *)userData, op.ptr))
    return MlirWalkResultInterrupt;
  return MlirWalkResultAdvance;
}

/* One sweep over the function's loops and ifs, innermost first; returns
 * true if some carried value changed layout. */
static bool relayoutCarriedValues(Cleaner *cleaner, MlirOperation func) {
  PointerList ops = {NULL, 0, 0};
  mlirOperationWalk(func, collectRegionOp, &ops, MlirWalkPostOrder);
  bool changed = false;
  for (intptr_t i = 0; i < ops.size && !cleaner->outOfMemory; ++i) {
    MlirOperation op = operationFrom(ops.items[i]);
    for (intptr_t r = 0, n = mlirOperationGetNumResults(op); r < n; ++r)
      changed |= tileOperationIsNamed(op, "scf.for") ? relayoutIterArg(cleaner, op, r)
                                                      : relayoutIfResult(cleaner, op, r);
  }
  free(ops.items);
  return changed;
}

/*===----------------------------------------------------------------------===*
 * 4. Dead code
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
  for (int round = 0; round < MAX_CARRIED_ROUNDS && !cleaner->outOfMemory; ++round) {
    if (!relayoutCarriedValues(cleaner, op))
      break;
    rematerializeBackward(cleaner, op);
  }
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
