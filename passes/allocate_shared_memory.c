/*===- allocate_shared_memory.c - offsets for every shared buffer ----------===*
 *
 * -tilegpu-allocate-shared-memory gives every `tilegpu.local_alloc` and
 * every op that needs scratch while it runs (a reduce or scan across warps,
 * a convert_layout through shared memory; sizes from
 * tileSharedScratchBytes, the same function the lowering plans with) a
 * byte offset in the kernel's one dynamic shared-memory block, written as
 * `allocation.offset` (i32) on the op. The module gets `tilegpu.shared`
 * (i32): the bytes the largest kernel needs, which the back end passes to
 * the launch.
 *
 * Liveness is Triton's Allocation analysis, simplified: ops are numbered
 * in program order (pre-order, so a loop spans the numbers of its body);
 * a buffer lives from its local_alloc to the last use of any view of it
 * (memdesc_index, memdesc_trans, values carried through scf.for/if/while);
 * a buffer used inside a loop it was allocated outside of, or carried
 * around a loop, lives to the end of that loop; scratch lives during its
 * op only. Buffers are placed largest first at the lowest offset that no
 * buffer with an overlapping lifetime occupies.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_ALIGNMENT = 16 };

/* Ops of one function in pre-order; the descendants of the op at position
 * p are the ops numbered (p, entries[p].last]. */
typedef struct NumberedOp {
  MlirOperation op;
  int64_t last;
} NumberedOp;

typedef struct OpNumbering {
  NumberedOp *entries;
  int64_t count, capacity;
} OpNumbering;

typedef struct Buffer {
  MlirOperation owner; /* the local_alloc or the op that needs scratch */
  int64_t size, alignment;
  int64_t start, end;  /* live positions, inclusive */
  int64_t offset;
} Buffer;

typedef struct BufferList {
  Buffer *items;
  int64_t count, capacity;
} BufferList;

static bool grow(void **items, int64_t *capacity, int64_t count, size_t itemSize) {
  if (count < *capacity)
    return true;
  int64_t wanted = *capacity ? 2 * *capacity : 64;
  void *grown = realloc(*items, (size_t)wanted * itemSize);
  if (!grown)
    return false;
  *items = grown;
  *capacity = wanted;
  return true;
}

static bool numberOps(OpNumbering *numbering, MlirOperation op) {
  if (!grow((void **)&numbering->entries, &numbering->capacity, numbering->count,
            sizeof(NumberedOp)))
    return false;
  int64_t position = numbering->count++;
  numbering->entries[position].op = op;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(block); block = mlirBlockGetNextInRegion(block))
      for (MlirOperation inner = mlirBlockGetFirstOperation(block);
           !mlirOperationIsNull(inner); inner = mlirOperationGetNextInBlock(inner))
        if (!numberOps(numbering, inner))
          return false;
  numbering->entries[position].last = numbering->count - 1;
  return true;
}

static int64_t positionOf(const OpNumbering *numbering, MlirOperation op) {
  for (int64_t i = 0; i < numbering->count; ++i)
    if (mlirOperationEqual(numbering->entries[i].op, op))
      return i;
  return -1;
}

static bool isLoop(MlirOperation op) {
  return tileOpIs(op, "scf.for") || tileOpIs(op, "scf.while");
}

/* ---- Liveness of one local_alloc ---------------------------------------- */

typedef struct Liveness {
  const OpNumbering *numbering;
  MlirValue pending[256];
  int32_t pendingCount;
  MlirValue seen[256];
  int32_t seenCount;
  int64_t start, end;
  bool overflow;
} Liveness;

static void cover(Liveness *liveness, int64_t first, int64_t last) {
  if (first < liveness->start)
    liveness->start = first;
  if (last > liveness->end)
    liveness->end = last;
}

static void addAlias(Liveness *liveness, MlirValue value) {
  for (int32_t i = 0; i < liveness->seenCount; ++i)
    if (mlirValueEqual(liveness->seen[i], value))
      return;
  if (liveness->seenCount == 256 || liveness->pendingCount == 256) {
    liveness->overflow = true;
    return;
  }
  liveness->seen[liveness->seenCount++] = value;
  liveness->pending[liveness->pendingCount++] = value;
}

/* The whole span of `loop`, which carries the buffer around its back edge. */
static void coverLoop(Liveness *liveness, MlirOperation loop) {
  int64_t position = positionOf(liveness->numbering, loop);
  if (position >= 0)
    cover(liveness, position, liveness->numbering->entries[position].last);
}

static void followUse(Liveness *liveness, MlirOperation user, intptr_t operandIndex) {
  int64_t position = positionOf(liveness->numbering, user);
  if (position < 0)
    return;
  cover(liveness, position, position);
  /* Used inside loops that began after the buffer: live to their ends. */
  for (MlirOperation parent = mlirOperationGetParentOperation(user);
       !mlirOperationIsNull(parent) && !tileOpIs(parent, "func.func");
       parent = mlirOperationGetParentOperation(parent)) {
    int64_t parentPosition = positionOf(liveness->numbering, parent);
    if (isLoop(parent) && parentPosition > liveness->start)
      cover(liveness, parentPosition, liveness->numbering->entries[parentPosition].last);
  }
  if (tileOpIs(user, "tilegpu.memdesc_index") || tileOpIs(user, "tilegpu.memdesc_trans") ||
      tileOpIs(user, "tilegpu.memdesc_subslice")) {
    addAlias(liveness, mlirOperationGetResult(user, 0));
  } else if (tileOpIs(user, "scf.for") && operandIndex >= 3) {
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(user, 0));
    addAlias(liveness, mlirBlockGetArgument(body, operandIndex - 2));
    addAlias(liveness, mlirOperationGetResult(user, operandIndex - 3));
    coverLoop(liveness, user);
  } else if (tileOpIs(user, "scf.while")) {
    for (intptr_t r = 0; r < mlirOperationGetNumRegions(user); ++r) {
      MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(user, r));
      if (operandIndex < mlirBlockGetNumArguments(block))
        addAlias(liveness, mlirBlockGetArgument(block, operandIndex));
    }
    coverLoop(liveness, user);
  } else if (tileOpIs(user, "scf.yield") || tileOpIs(user, "scf.condition")) {
    MlirOperation parent = mlirOperationGetParentOperation(user);
    intptr_t resultIndex = operandIndex - (tileOpIs(user, "scf.condition") ? 1 : 0);
    if (resultIndex >= 0 && resultIndex < mlirOperationGetNumResults(parent))
      addAlias(liveness, mlirOperationGetResult(parent, resultIndex));
    if (isLoop(parent)) {
      coverLoop(liveness, parent);
      for (intptr_t r = 0; r < mlirOperationGetNumRegions(parent); ++r) {
        MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(parent, r));
        intptr_t argument = resultIndex + (tileOpIs(parent, "scf.for") ? 1 : 0);
        if (argument >= 0 && argument < mlirBlockGetNumArguments(block))
          addAlias(liveness, mlirBlockGetArgument(block, argument));
      }
    }
  }
}

static bool liveRangeOf(const OpNumbering *numbering, MlirOperation alloc,
                        int64_t *start, int64_t *end) {
  Liveness *liveness = calloc(1, sizeof(Liveness));
  if (!liveness)
    return false;
  liveness->numbering = numbering;
  liveness->start = liveness->end = positionOf(numbering, alloc);
  addAlias(liveness, mlirOperationGetResult(alloc, 0));
  while (liveness->pendingCount > 0) {
    MlirValue value = liveness->pending[--liveness->pendingCount];
    for (MlirOpOperand use = mlirValueGetFirstUse(value); !mlirOpOperandIsNull(use);
         use = mlirOpOperandGetNextUse(use))
      followUse(liveness, mlirOpOperandGetOwner(use), mlirOpOperandGetOperandNumber(use));
  }
  *start = liveness->start;
  *end = liveness->overflow ? numbering->count - 1 : liveness->end;
  free(liveness);
  return true;
}

/* ---- Placement ---------------------------------------------------------- */

static bool livesOverlap(const Buffer *a, const Buffer *b) {
  return a->start <= b->end && b->start <= a->end;
}

static int compareForPlacement(const void *lhs, const void *rhs) {
  const Buffer *a = lhs, *b = rhs;
  if (a->size != b->size)
    return a->size > b->size ? -1 : 1;
  return a->start < b->start ? -1 : a->start > b->start;
}

static int64_t alignUp(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/* Lowest aligned offset where `buffer` fits beside the placed buffers
 * [0, placed) that are live at the same time. */
static int64_t firstFit(const Buffer *buffers, int64_t placed, const Buffer *buffer) {
  int64_t candidate = 0;
  for (;;) {
    bool moved = false;
    for (int64_t i = 0; i < placed; ++i) {
      const Buffer *other = &buffers[i];
      if (!livesOverlap(other, buffer) || other->offset >= candidate + buffer->size ||
          other->offset + other->size <= candidate)
        continue;
      candidate = alignUp(other->offset + other->size, buffer->alignment);
      moved = true;
    }
    if (!moved)
      return candidate;
  }
}

/* ---- The pass ----------------------------------------------------------- */

static bool collectBuffers(TileLowering *lowering, const OpNumbering *numbering,
                           BufferList *list) {
  for (int64_t position = 0; position < numbering->count; ++position) {
    MlirOperation op = numbering->entries[position].op;
    Buffer buffer = {.owner = op, .alignment = DEFAULT_ALIGNMENT, .start = position,
                     .end = position};
    if (tileOpIs(op, "tilegpu.local_alloc")) {
      int64_t alignment;
      if (tileGetIntAttr(op, "alignment", &alignment) && alignment > 0)
        buffer.alignment = alignment;
      buffer.size = tileSharedAllocationBytes(mlirValueGetType(mlirOperationGetResult(op, 0)));
      if (!liveRangeOf(numbering, op, &buffer.start, &buffer.end))
        return false;
    } else {
      buffer.size = tileSharedScratchBytes(lowering, op);
      if (buffer.size < 0)
        return false;
    }
    if (buffer.size == 0)
      continue;
    if (!grow((void **)&list->items, &list->capacity, list->count, sizeof(Buffer)))
      return false;
    list->items[list->count++] = buffer;
  }
  return true;
}

/* Places the buffers of one function; returns its shared bytes, or -1. */
static int64_t allocateFunction(TileLowering *lowering, MlirOperation function) {
  OpNumbering numbering = {NULL, 0, 0};
  BufferList list = {NULL, 0, 0};
  int64_t total = -1;
  if (numberOps(&numbering, function) && collectBuffers(lowering, &numbering, &list)) {
    qsort(list.items, (size_t)list.count, sizeof(Buffer), compareForPlacement);
    MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
    total = 0;
    for (int64_t i = 0; i < list.count; ++i) {
      Buffer *buffer = &list.items[i];
      buffer->offset = firstFit(list.items, i, buffer);
      if (buffer->offset + buffer->size > total)
        total = buffer->offset + buffer->size;
      mlirOperationSetAttributeByName(
          buffer->owner, mlirStringRefCreateFromCString(tileAllocationOffsetAttr),
          mlirIntegerAttrGet(i32, buffer->offset));
    }
  }
  free(numbering.entries);
  free(list.items);
  return total;
}

/* The most shared memory one CTA may use (opt-in), by compute capability. */
static int64_t sharedLimitOf(int64_t capability) {
  if (capability >= 90)
    return 232448;
  if (capability == 80 || capability == 87)
    return 166912;
  if (capability == 86 || capability == 89)
    return 101376;
  if (capability == 75)
    return 65536;
  return 98304; /* sm_70 */
}

static int64_t readModuleInt(MlirOperation module, const char *name, int64_t fallback) {
  int64_t value;
  return tileGetIntAttr(module, name, &value) ? value : fallback;
}

static MlirLogicalResult runAllocateSharedMemory(MlirOperation module,
                                                 const TilePassOptionValue *options) {
  (void)options;
  TileLowering lowering = {
      .context = mlirOperationGetContext(module),
      .module = module,
      .numWarps = (int32_t)readModuleInt(module, "tilegpu.num-warps", 4),
      .threadsPerWarp = (int32_t)readModuleInt(module, "tilegpu.threads-per-warp", 32),
  };
  /* sm_90 when the module names no target. */
  int64_t capability = tileTargetCapabilityOf(module, 90);
  int64_t limit = sharedLimitOf(capability);
  int64_t moduleTotal = 0;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!tileOpIs(op, "func.func"))
      continue;
    int64_t total = allocateFunction(&lowering, op);
    if (total < 0)
      return mlirLogicalResultFailure();
    if (total > limit) {
      char message[512];
      MlirAttribute name =
          mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
      MlirStringRef symbol = mlirStringAttrGetValue(name);
      snprintf(message, sizeof(message),
               "tilegpu-allocate-shared-memory: kernel @%.*s needs %lld bytes of "
               "shared memory, more than the %lld bytes a block may use on sm_%lld "
               "(sm_90: 232448, sm_80: 166912); use smaller tiles (BLOCK sizes) "
               "or fewer pipeline stages (num-stages)",
               (int)symbol.length, symbol.data, (long long)total, (long long)limit,
               (long long)capability);
      mlirEmitError(mlirOperationGetLocation(op), message);
      return mlirLogicalResultFailure();
    }
    if (total > moduleTotal)
      moduleTotal = total;
  }
  mlirOperationSetAttributeByName(
      module, mlirStringRefCreateFromCString("tilegpu.shared"),
      mlirIntegerAttrGet(mlirIntegerTypeGet(lowering.context, 32), moduleTotal));
  return mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileAllocateSharedMemoryPass = {
    .argument = "tilegpu-allocate-shared-memory",
    .name = "TileGPUAllocateSharedMemory",
    .description = "Give every shared-memory buffer and scratch area an "
                   "offset (allocation.offset) by liveness; total in the "
                   "module's tilegpu.shared",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runAllocateSharedMemory,
};
