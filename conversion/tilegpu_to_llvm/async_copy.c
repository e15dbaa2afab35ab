/*===- async_copy.c - cp.async, its groups and ring-buffer slots -----------===*
 *
 * `tilegpu.async_copy_global_to_local` becomes one
 * `nvvm.cp.async.shared.global` (PTX `cp.async.{ca,cg}.shared.global [dst],
 * [src], bytes, src_size;`) per run of a thread's registers that is
 * consecutive both in global memory (its pointers: the layout's contiguity
 * and what access_width.c recorded from the axis analysis) and in the
 * buffer (the buffer's shared layout seen from the pointers' layout), and
 * aligned to the run, at most 16 bytes: `.cg` (L2 only) for 16 bytes,
 * `.ca` for 4 and 8, the only sizes cp.async has. The mask is the source
 * size: 0 bytes copies nothing and fills the destination with zeros, which
 * is also what a masked-off element must read as (`other` may only be
 * zero). A run is never split by the mask: the width is capped by the
 * mask's constancy. Threads that hold copies of another thread's elements
 * (a broadcast layout) issue nothing, since their zero-fill would race
 * with the owner's data.
 *
 * `async_commit_group` and `async_wait {num}` are `cp.async.commit_group`
 * and `cp.async.wait_group num`; their tokens only order ops in the IR and
 * lower to an unused i32. The wait makes a thread's own copies visible to
 * itself; tilegpu-insert-barriers puts a barrier after every wait so that
 * the other threads' copies are visible too.
 *
 * `memdesc_index %ring[%i]` is the ring's base plus i times the bytes of
 * one slot (the view's shape); the slot keeps the ring's shared layout, so
 * accesses to it are those of a buffer of the slot's shape.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/local_memory.h"
#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

enum { MIN_COPY_BYTES = 4, MAX_COPY_BYTES = 16 };

static int32_t log2Ceil(int32_t value) {
  int32_t log = 0;
  while ((1 << log) < value)
    ++log;
  return log;
}

/* Basis `bit` of input `name` of `layout` along output `outName`; 0 past
 * the input's size. */
static int32_t basisAlong(const TileLinearLayout *layout, TileLayoutDimName name, int32_t bit,
                          TileLayoutDimName outName) {
  int32_t in = tileLayoutFindInDim(layout, name);
  int32_t out = tileLayoutFindOutDim(layout, outName);
  if (in < 0 || out < 0 || bit >= layout->inLog2Sizes[in])
    return 0;
  return layout->bases[in][bit][out];
}

/* True if every basis of `layout` along `outName`, except register bits
 * below `runBits`, is a multiple of 2^runBits: runs start aligned. */
static bool runsAligned(const TileLinearLayout *layout, TileLayoutDimName outName,
                        int32_t runBits) {
  static const TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                             TILE_LAYOUT_WARP};
  for (int32_t i = 0; i < 3; ++i) {
    int32_t size = tileLayoutGetInDimSize(layout, names[i]);
    for (int32_t bit = i == 0 ? runBits : 0; (1 << bit) < size; ++bit)
      if (basisAlong(layout, names[i], bit, outName) % (1 << runBits) != 0)
        return false;
  }
  return true;
}

/* Elements one cp.async moves: the longest aligned run of registers that
 * is consecutive along one tensor dim (and whose addresses and mask allow
 * it) and consecutive in the buffer, at most 16 bytes. */
static int32_t copyWidthOf(MlirOperation op, const TileLinearLayout *layout, int32_t rank,
                           const TileLinearLayout *toOffset, int64_t elementBytes,
                           bool masked) {
  int32_t dim = -1;
  for (int32_t d = 0; d < rank && dim < 0; ++d)
    if (basisAlong(layout, TILE_LAYOUT_REGISTER, 0, tileLayoutTensorDim(d)) == 1)
      dim = d;
  if (dim < 0)
    return 1;
  int32_t limit = tileAccessWidth(op, dim);
  if (masked && tileMaskConstancy(op, dim) < limit)
    limit = tileMaskConstancy(op, dim);
  if (limit > MAX_COPY_BYTES / elementBytes)
    limit = (int32_t)(MAX_COPY_BYTES / elementBytes);
  int32_t registerBits = log2Ceil(tileLayoutGetNumRegisters(layout));
  int32_t bits = 0;
  while (bits < registerBits && (2 << bits) <= limit) {
    bool consecutive = basisAlong(toOffset, TILE_LAYOUT_REGISTER, bits, TILE_LAYOUT_OFFSET) ==
                       (1 << bits);
    for (int32_t d = 0; d < rank; ++d)
      consecutive &= basisAlong(layout, TILE_LAYOUT_REGISTER, bits, tileLayoutTensorDim(d)) ==
                     (d == dim ? 1 << bits : 0);
    if (!consecutive)
      break;
    ++bits;
  }
  while (bits > 0 && !(runsAligned(layout, tileLayoutTensorDim(dim), bits) &&
                       runsAligned(toOffset, TILE_LAYOUT_OFFSET, bits)))
    --bits;
  return 1 << bits;
}

static MlirValue optionalOperand(MlirOperation op, intptr_t group) {
  intptr_t start, size;
  if (!tileOperandSegment(op, group, &start, &size) || size == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, start);
}

/* The unused i32 a token lowers to. */
static MlirValue emitToken(TileLowering *lowering, MlirLocation location) {
  return tileEmitI32(lowering, location, 0);
}

static void emitCopy(TileLowering *lowering, MlirLocation location, MlirValue destination,
                     MlirValue source, int64_t bytes, MlirValue sourceBytes) {
  MlirContext context = lowering->context;
  MlirNamedAttribute attributes[2] = {
      tileNamedAttr(context, "size",
                    mlirIntegerAttrGet(mlirIntegerTypeGet(context, 32), bytes)),
      tileNamedAttr(context, "modifier",
                    mlirAttributeParseGet(context, mlirStringRefCreateFromCString(
                                                       bytes == MAX_COPY_BYTES
                                                           ? "#nvvm<load_cache_modifier cg>"
                                                           : "#nvvm<load_cache_modifier ca>"))),
  };
  MlirValue operands[3] = {destination, source, sourceBytes};
  tileEmit(lowering, "nvvm.cp.async.shared.global", location,
           mlirValueIsNull(sourceBytes) ? 2 : 3, operands, (MlirType){NULL}, 2, attributes);
}

MlirLogicalResult tileLowerAsyncCopy(TileLowering *lowering, MlirOperation op) {
  MlirValue pointers = mlirOperationGetOperand(op, 0);
  MlirValue mask = optionalOperand(op, 2);
  if (!mlirValueIsNull(optionalOperand(op, 3)))
    return tileLoweringError(op, "cp.async fills masked-off elements with zeros only; "
                                 "drop `other` or load through registers");
  MlirType pointerType = mlirValueGetType(pointers);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  TileSharedBuffer buffer;
  TileLinearLayout layout, toOffset;
  if (!tileSharedBufferOf(op, mlirOperationGetOperand(op, 1), &buffer) ||
      !tileLayoutOfTensor(lowering, op, pointerType, &layout))
    return mlirLogicalResultFailure();
  TileLayoutStatus status = tileSharedAccessMap(&buffer, &layout, NULL, &toOffset);
  if (status != TILE_LAYOUT_OK)
    return tileLoweringError(op, "cannot map the pointers' layout onto the buffer's shared "
                                 "layout: %s",
                             tileLayoutStatusString(status));
  int32_t rank = (int32_t)tileRankOf(pointerType);
  int32_t width = copyWidthOf(op, &layout, rank, &toOffset, buffer.elementBytes,
                              !mlirValueIsNull(mask));
  int64_t bytes = width * buffer.elementBytes;
  if (bytes < MIN_COPY_BYTES)
    return tileLoweringError(op, "a thread's elements come in runs of %lld bytes, under the "
                                 "4 bytes of the smallest cp.async; vectorize the pointers "
                                 "(contiguity and divisibility hints) or load through "
                                 "registers",
                             (long long)bytes);
  int32_t registers = tileLayoutGetNumRegisters(&layout);
  MlirValue addresses[TILE_LOWERING_MAX_REGISTERS], masks[TILE_LOWERING_MAX_REGISTERS];
  tileEmitUnpack(lowering, location, tileLoweredValue(pointers), registers, addresses);
  if (!mlirValueIsNull(mask))
    tileEmitUnpack(lowering, location, tileLoweredValue(mask), registers, masks);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirOperation ifOp = tileEmitBeginOwnerIf(lowering, location, &layout, lane, warp);
  MlirValue thread = tileEmitThreadOffset(lowering, location, &toOffset, lane, warp);
  uint32_t copies = tileLayoutGetFreeVariableMask(&layout, TILE_LAYOUT_REGISTER);
  MlirValue full = tileEmitI32(lowering, location, bytes);
  MlirValue none = tileEmitI32(lowering, location, 0);
  for (int32_t reg = 0; reg < registers; reg += width) {
    if ((uint32_t)reg & copies)
      continue;
    MlirValue offset =
        tileEmitRegisterOffset(lowering, location, &toOffset, thread, reg, buffer.originOffset);
    MlirValue sourceBytes = mlirValueIsNull(mask)
                                ? mask
                                : tileEmitSelect(lowering, location, masks[reg], full, none);
    emitCopy(lowering, location, tileEmitBufferAddress(lowering, location, &buffer, offset),
             addresses[reg], bytes, sourceBytes);
  }
  if (!mlirOperationIsNull(ifOp))
    tileEmitEndIf(lowering, ifOp);
  MlirValue token = emitToken(lowering, location);
  tileReplaceOp(lowering, op, &token);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerAsyncCommitGroup(TileLowering *lowering, MlirOperation op) {
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  tileEmit(lowering, "nvvm.cp.async.commit.group", location, 0, NULL, (MlirType){NULL}, 0,
           NULL);
  MlirValue token = emitToken(lowering, location);
  tileReplaceOp(lowering, op, &token);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerAsyncWait(TileLowering *lowering, MlirOperation op) {
  MlirLocation location = mlirOperationGetLocation(op);
  int64_t pending = 0;
  tileGetIntAttr(op, "num", &pending);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirNamedAttribute attribute = tileNamedAttr(
      lowering->context, "n",
      mlirIntegerAttrGet(mlirIntegerTypeGet(lowering->context, 32), pending));
  tileEmit(lowering, "nvvm.cp.async.wait.group", location, 0, NULL, (MlirType){NULL}, 1,
           &attribute);
  MlirValue token = emitToken(lowering, location);
  tileReplaceOp(lowering, op, &token);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerMemDescIndex(TileLowering *lowering, MlirOperation op) {
  MlirValue ring = mlirOperationGetOperand(op, 0);
  MlirValue base = tileLoweredValue(ring);
  if (!mlirTypeIsALLVMPointerType(mlirValueGetType(base)))
    return tileLoweringError(op, "the ring buffer's producer is not lowered yet");
  MlirType slotType = mlirValueGetType(mlirOperationGetResult(op, 0));
  int64_t slotBytes = tileSharedElementBytes(
      tileLoweredElementType(mlirShapedTypeGetElementType(slotType)));
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(slotType); ++d)
    slotBytes *= mlirShapedTypeGetDimSize(slotType, d);
  if (slotBytes % TILE_SHARED_BUFFER_ALIGNMENT != 0)
    return tileLoweringError(op, "a slot of %lld bytes would leave the next slot "
                                 "unaligned (slots must be multiples of %d bytes)",
                             (long long)slotBytes, TILE_SHARED_BUFFER_ALIGNMENT);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue bytes = tileEmitBinary(lowering, location, "llvm.mul",
                                   tileLoweredValue(mlirOperationGetOperand(op, 1)),
                                   tileEmitI32(lowering, location, slotBytes));
  MlirValue address = tileEmitSharedAddress(lowering, location, base, bytes);
  tileReplaceOp(lowering, op, &address);
  return mlirLogicalResultSuccess();
}
