/*===- insert_barriers.c - bar.sync only where shared memory needs it ------===*
 *
 * -tilegpu-insert-barriers is Triton's membar analysis: walking each kernel
 * in program order, it keeps the shared-memory intervals [offset,
 * offset + size) read and written since the last barrier. An op that reads
 * an interval written since then (RAW), or writes one read or written
 * since then (WAR, WAW), may see another thread's access out of order, so
 * a `tilegpu.barrier` goes right before it and the record starts over.
 * Reads after reads need nothing.
 *
 * Intervals come from `allocation.offset` (run
 * -tilegpu-allocate-shared-memory first): a buffer's whole allocation for
 * any view of it, an op's scratch for a reduce, scan or convert_layout that
 * needs some (it reads and writes it; the lowering puts the barrier inside
 * the op). A memdesc whose buffer cannot be traced counts as all of shared
 * memory. scf.if joins what either branch left; scf.for and scf.while run
 * their bodies again with what the back edge carries until nothing new
 * arrives, so a write at the end of an iteration meets a read at the start
 * of the next.
 *
 * Asynchronous copies (cp.async) write when they land, not when they are
 * issued: a thread sees its own copies after a `tilegpu.async_wait` and
 * everyone's after a barrier that follows the wait. So, as in Triton, every
 * async_wait gets a barrier right after it (which clears the record), and
 * an async_copy_global_to_local is checked as a write against the reads
 * and writes before it (a WAR hazard on a slot others still read) but not
 * recorded: whoever reads what it wrote waits and meets that barrier
 * first. tilegpu-pipeline relies on this to need one barrier per
 * iteration. A copy that tilegpu-prefetch marks `tile_prefetch.free_slot`
 * writes a ring slot that no read since the last barrier touches (the
 * intervals here are whole allocations and cannot tell slots apart), so it
 * is not checked at all.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/support.h"
#include "passes/passes.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Diagnostics.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TRACE_DEPTH = 16 };

typedef struct Access {
  int64_t start, end; /* bytes [start, end) */
  bool write;
} Access;

typedef struct AccessSet {
  Access *items;
  int32_t count, capacity;
} AccessSet;

typedef struct Analysis {
  TileLowering lowering; /* for scratch sizes */
  int64_t sharedBytes;   /* the module's tilegpu.shared: "everything" */
  bool failed;
  int32_t inserted;
} Analysis;

/* ---- Access sets -------------------------------------------------------- */

static bool setContains(const AccessSet *set, Access access) {
  for (int32_t i = 0; i < set->count; ++i)
    if (set->items[i].start == access.start && set->items[i].end == access.end &&
        set->items[i].write == access.write)
      return true;
  return false;
}

static bool setAdd(Analysis *analysis, AccessSet *set, Access access) {
  if (setContains(set, access))
    return true;
  if (set->count == set->capacity) {
    int32_t capacity = set->capacity ? 2 * set->capacity : 16;
    Access *grown = realloc(set->items, sizeof(Access) * (size_t)capacity);
    if (!grown) {
      analysis->failed = true;
      return false;
    }
    set->items = grown;
    set->capacity = capacity;
  }
  set->items[set->count++] = access;
  return true;
}

static void setUnion(Analysis *analysis, AccessSet *into, const AccessSet *from) {
  for (int32_t i = 0; i < from->count; ++i)
    setAdd(analysis, into, from->items[i]);
}

static bool setIncludes(const AccessSet *set, const AccessSet *subset) {
  for (int32_t i = 0; i < subset->count; ++i)
    if (!setContains(set, subset->items[i]))
      return false;
  return true;
}

static void setCopy(Analysis *analysis, AccessSet *into, const AccessSet *from) {
  into->count = 0;
  setUnion(analysis, into, from);
}

static bool conflicts(const AccessSet *set, Access access) {
  for (int32_t i = 0; i < set->count; ++i) {
    const Access *earlier = &set->items[i];
    bool overlap = earlier->start < access.end && access.start < earlier->end;
    if (overlap && (earlier->write || access.write))
      return true;
  }
  return false;
}

/* ---- Which bytes an op touches ------------------------------------------ */

static void joinInterval(int64_t *start, int64_t *end, int64_t otherStart, int64_t otherEnd) {
  if (*start > *end) {
    *start = otherStart;
    *end = otherEnd;
    return;
  }
  if (otherStart < *start)
    *start = otherStart;
  if (otherEnd > *end)
    *end = otherEnd;
}

/* The bytes of the allocation(s) `value` (a memdesc) may point into; the
 * whole of shared memory when it cannot be traced. */
static void bufferInterval(Analysis *analysis, MlirValue value, int32_t depth,
                           int64_t *start, int64_t *end) {
  *start = 0;
  *end = analysis->sharedBytes;
  if (depth > MAX_TRACE_DEPTH)
    return;
  if (mlirValueIsABlockArgument(value)) {
    MlirOperation parent = mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(value));
    intptr_t index = mlirBlockArgumentGetArgNumber(value);
    if (!tileOpIs(parent, "scf.for") || index < 1)
      return;
    /* An iteration sees the initial value or what the last one yielded. */
    MlirBlock body = mlirBlockArgumentGetOwner(value);
    int64_t initStart, initEnd, yieldStart, yieldEnd;
    bufferInterval(analysis, mlirOperationGetOperand(parent, 3 + index - 1), depth + 1,
                   &initStart, &initEnd);
    bufferInterval(analysis, mlirOperationGetOperand(mlirBlockGetTerminator(body), index - 1),
                   depth + 1, &yieldStart, &yieldEnd);
    *start = initStart < yieldStart ? initStart : yieldStart;
    *end = initEnd > yieldEnd ? initEnd : yieldEnd;
    return;
  }
  MlirOperation owner = mlirOpResultGetOwner(value);
  if (tileOpIs(owner, "tilegpu.local_alloc")) {
    int64_t offset;
    if (!tileGetIntAttr(owner, tileAllocationOffsetAttr, &offset)) {
      mlirEmitError(mlirOperationGetLocation(owner),
                    "tilegpu-insert-barriers: this buffer has no allocation.offset; "
                    "run -tilegpu-allocate-shared-memory first");
      analysis->failed = true;
      return;
    }
    *start = offset;
    *end = offset + tileSharedAllocationBytes(mlirValueGetType(value));
    return;
  }
  if (tileOpIs(owner, "tilegpu.memdesc_index") || tileOpIs(owner, "tilegpu.memdesc_trans") ||
      tileOpIs(owner, "tilegpu.memdesc_subslice")) {
    bufferInterval(analysis, mlirOperationGetOperand(owner, 0), depth + 1, start, end);
    return;
  }
  if (tileOpIs(owner, "scf.for") || tileOpIs(owner, "scf.if")) {
    /* The results of an if or a loop come from its yields (and a loop's
     * initial values). */
    intptr_t index = mlirOpResultGetResultNumber(value);
    int64_t joinedStart = 1, joinedEnd = 0;
    if (tileOpIs(owner, "scf.for")) {
      int64_t s, e;
      bufferInterval(analysis, mlirOperationGetOperand(owner, 3 + index), depth + 1, &s, &e);
      joinInterval(&joinedStart, &joinedEnd, s, e);
    }
    for (intptr_t r = 0; r < mlirOperationGetNumRegions(owner); ++r) {
      MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(owner, r));
      if (mlirBlockIsNull(block))
        continue;
      int64_t s, e;
      bufferInterval(analysis, mlirOperationGetOperand(mlirBlockGetTerminator(block), index),
                     depth + 1, &s, &e);
      joinInterval(&joinedStart, &joinedEnd, s, e);
    }
    if (joinedStart <= joinedEnd) {
      *start = joinedStart;
      *end = joinedEnd;
    }
  }
}

static bool isNamedOneOf(MlirOperation op, const char *const *names, size_t count) {
  for (size_t i = 0; i < count; ++i)
    if (tileOpIs(op, names[i]))
      return true;
  return false;
}

/* Ops that pass memdescs along without touching the bytes. */
static bool onlyPassesBuffers(MlirOperation op) {
  static const char *const names[] = {
      "tilegpu.memdesc_index", "tilegpu.memdesc_trans", "tilegpu.memdesc_subslice",
      "tilegpu.local_dealloc",
      "scf.for", "scf.if", "scf.while", "scf.yield", "scf.condition",
      "tilegpu.async_commit_group", "tilegpu.async_wait"};
  return isNamedOneOf(op, names, sizeof(names) / sizeof(names[0]));
}

static bool onlyReadsBuffers(MlirOperation op) {
  static const char *const names[] = {"tilegpu.local_load", "tilegpu.warpgroup_dot",
                                      "tilegpu.wait_barrier"};
  return isNamedOneOf(op, names, sizeof(names) / sizeof(names[0]));
}

static bool onlyWritesBuffers(MlirOperation op) {
  static const char *const names[] = {
      "tilegpu.local_store", "tilegpu.async_copy_global_to_local",
      "tilegpu.init_barrier", "tilegpu.inval_barrier"};
  return isNamedOneOf(op, names, sizeof(names) / sizeof(names[0]));
}

/* The accesses of `op` into `accesses` (at most `capacity`). */
static int32_t accessesOf(Analysis *analysis, MlirOperation op, Access *accesses,
                          int32_t capacity) {
  int32_t count = 0;
  if (tileOpIs(op, "tilegpu.local_alloc")) {
    if (mlirOperationGetNumOperands(op) > 0) {
      int64_t start, end;
      bufferInterval(analysis, mlirOperationGetResult(op, 0), 0, &start, &end);
      accesses[count++] = (Access){start, end, true};
    }
    return count;
  }
  int64_t scratch = tileSharedScratchBytes(&analysis->lowering, op);
  if (scratch < 0) {
    analysis->failed = true;
    return 0;
  }
  if (scratch > 0) {
    int64_t offset;
    if (!tileSharedOffsetOf(op, &offset)) {
      analysis->failed = true;
      return 0;
    }
    accesses[count++] = (Access){offset, offset + scratch, false};
    accesses[count++] = (Access){offset, offset + scratch, true};
    return count;
  }
  if (onlyPassesBuffers(op))
    return 0;
  bool reads = !onlyWritesBuffers(op), writes = !onlyReadsBuffers(op);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op) && count + 2 <= capacity; ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    if (!tilegpuTypeIsAMemDesc(mlirValueGetType(operand)))
      continue;
    int64_t start, end;
    bufferInterval(analysis, operand, 0, &start, &end);
    if (reads)
      accesses[count++] = (Access){start, end, false};
    if (writes)
      accesses[count++] = (Access){start, end, true};
  }
  return count;
}

/* ---- The walk ----------------------------------------------------------- */

static void analyzeBlock(Analysis *analysis, MlirBlock block, AccessSet *state);

static void insertBarrierBefore(Analysis *analysis, MlirOperation op) {
  MlirOperationState state = mlirOperationStateGet(
      mlirStringRefCreateFromCString("tilegpu.barrier"), mlirOperationGetLocation(op));
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(op), op,
                                      mlirOperationCreate(&state));
  ++analysis->inserted;
}

static MlirBlock firstBlock(MlirOperation op, intptr_t region) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(op, region));
}

/* Runs `body` (or, for scf.while, the before and after regions) until the
 * state carried around the back edge adds nothing. */
static void analyzeLoop(Analysis *analysis, MlirOperation loop, AccessSet *state) {
  AccessSet entry = {NULL, 0, 0}, carried = {NULL, 0, 0}, pass = {NULL, 0, 0};
  setCopy(analysis, &entry, state);
  setCopy(analysis, &carried, state);
  bool isWhile = tileOpIs(loop, "scf.while");
  for (;;) {
    setCopy(analysis, &pass, &carried);
    analyzeBlock(analysis, firstBlock(loop, 0), &pass);
    AccessSet exitState = {NULL, 0, 0};
    setCopy(analysis, &exitState, &pass); /* scf.while leaves after `before` */
    if (isWhile)
      analyzeBlock(analysis, firstBlock(loop, 1), &pass);
    AccessSet next = {NULL, 0, 0};
    setCopy(analysis, &next, &entry);
    setUnion(analysis, &next, &pass);
    bool done = setIncludes(&carried, &next) || analysis->failed;
    setCopy(analysis, &carried, &next);
    if (done) {
      /* After the loop: zero trips (entry), or the last trip's exit. */
      setCopy(analysis, state, &carried);
      setUnion(analysis, state, isWhile ? &exitState : &pass);
      free(exitState.items);
      free(next.items);
      break;
    }
    free(exitState.items);
    free(next.items);
  }
  free(entry.items);
  free(carried.items);
  free(pass.items);
}

static void analyzeIf(Analysis *analysis, MlirOperation ifOp, AccessSet *state) {
  AccessSet thenState = {NULL, 0, 0}, elseState = {NULL, 0, 0};
  setCopy(analysis, &thenState, state);
  setCopy(analysis, &elseState, state);
  analyzeBlock(analysis, firstBlock(ifOp, 0), &thenState);
  MlirBlock elseBlock = firstBlock(ifOp, 1);
  if (!mlirBlockIsNull(elseBlock))
    analyzeBlock(analysis, elseBlock, &elseState);
  setCopy(analysis, state, &thenState);
  setUnion(analysis, state, &elseState);
  free(thenState.items);
  free(elseState.items);
}

static void analyzeBlock(Analysis *analysis, MlirBlock block, AccessSet *state) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block);
       !mlirOperationIsNull(op) && !analysis->failed; op = mlirOperationGetNextInBlock(op)) {
    if (tileOpIs(op, "scf.for") || tileOpIs(op, "scf.while")) {
      analyzeLoop(analysis, op, state);
      continue;
    }
    if (tileOpIs(op, "scf.if")) {
      analyzeIf(analysis, op, state);
      continue;
    }
    if (tileOpIs(op, "tilegpu.barrier")) {
      state->count = 0;
      continue;
    }
    if (tileOpIs(op, "tilegpu.async_wait")) {
      MlirOperation next = mlirOperationGetNextInBlock(op);
      if (!tileOpIs(next, "tilegpu.barrier"))
        insertBarrierBefore(analysis, next);
      state->count = 0;
      continue;
    }
    Access accesses[16];
    int32_t count = accessesOf(analysis, op, accesses, 16);
    if (tileOpIs(op, "tilegpu.async_copy_global_to_local") &&
        tileHasFlag(op, "tile_prefetch.free_slot"))
      continue; /* writes a slot no read since the last barrier touches */
    bool needsBarrier = false;
    for (int32_t i = 0; i < count && !needsBarrier; ++i)
      needsBarrier = conflicts(state, accesses[i]);
    if (needsBarrier) {
      insertBarrierBefore(analysis, op);
      state->count = 0;
    }
    if (tileOpIs(op, "tilegpu.async_copy_global_to_local"))
      continue; /* recorded at the async_wait that makes it visible */
    for (int32_t i = 0; i < count; ++i)
      setAdd(analysis, state, accesses[i]);
  }
}

static int64_t readModuleInt(MlirOperation module, const char *name, int64_t fallback) {
  int64_t value;
  return tileGetIntAttr(module, name, &value) ? value : fallback;
}

static MlirLogicalResult runInsertBarriers(MlirOperation module,
                                           const TilePassOptionValue *options) {
  (void)options;
  Analysis analysis = {
      .lowering = {.context = mlirOperationGetContext(module),
                   .module = module,
                   .numWarps = (int32_t)readModuleInt(module, "tilegpu.num-warps", 4),
                   .threadsPerWarp =
                       (int32_t)readModuleInt(module, "tilegpu.threads-per-warp", 32)},
      .sharedBytes = readModuleInt(module, "tilegpu.shared", INT32_MAX),
  };
  MlirBlock body = firstBlock(module, 0);
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op) && !analysis.failed; op = mlirOperationGetNextInBlock(op)) {
    if (!tileOpIs(op, "func.func"))
      continue;
    AccessSet state = {NULL, 0, 0};
    analyzeBlock(&analysis, firstBlock(op, 0), &state);
    free(state.items);
  }
  return analysis.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}

_Alignas(8) const TilePassInfo tileInsertBarriersPass = {
    .argument = "tilegpu-insert-barriers",
    .name = "TileGPUInsertBarriers",
    .description = "Insert tilegpu.barrier where shared memory written by one "
                   "op is read or written by another (membar analysis)",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = NULL,
    .run = runInsertBarriers,
};
