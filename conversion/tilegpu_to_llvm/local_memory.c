/*===- local_memory.c - tilegpu.local_alloc/store/load/dealloc --------------===*
 *
 * Shared-memory buffers: `local_alloc` gives its memdesc the address of its
 * `allocation.offset` (and, with a source tensor, stores the tensor there),
 * `local_store` writes a tensor into a buffer, `local_load` reads one into
 * any distributed layout, and `local_dealloc` emits nothing (the allocator
 * already reuses the bytes after the buffer's last use).
 *
 * Every access goes through the linear layouts: the tensor's layout
 * (register, lane, warp -> coordinates) inverted against the buffer's
 * shared layout (offset -> coordinates) gives (register, lane, warp) ->
 * offset, a linear map. So a register's offset is a constant (its register
 * part) XOR the thread's lane/warp part, computed once per access. Runs of
 * registers at consecutive offsets that the map keeps aligned move as one
 * vector of up to 16 bytes. A store skips the copies of an element that a
 * broadcast layout keeps in several registers or threads.
 *
 * Operands of tensor-core dots are loaded with ldmatrix where it fits
 * (dot_mma.c); every other load takes the per-register path here.
 * Barriers between writes and reads come from tilegpu-insert-barriers,
 * which treats local_alloc with a source and local_store as writes and
 * local_load as a read.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/local_memory.h"
#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_ACCESS_BYTES = 16 };

static int32_t log2Size(const TileLinearLayout *layout, TileLayoutDimName name) {
  int32_t bits = 0;
  while ((1 << bits) < tileLayoutGetInDimSize(layout, name))
    ++bits;
  return bits;
}

static int32_t log2Exact(int32_t value) {
  int32_t log = 0;
  while ((1 << log) < value)
    ++log;
  return (1 << log) == value ? log : -1;
}

/* ---- The buffer behind a memdesc ---------------------------------------- */

/* The layout-library description of a memdesc's shared encoding; false for
 * an encoding it does not model. */
static bool sharedEncodingOf(MlirAttribute attr, TileLayoutEncoding *encoding) {
  memset(encoding, 0, sizeof(*encoding));
  if (tilegpuAttributeIsASwizzledSharedLayout(attr)) {
    intptr_t rank = tilegpuSwizzledSharedLayoutAttrGetRank(attr);
    if (rank > TILE_LAYOUT_MAX_RANK)
      return false;
    encoding->kind = TILE_LAYOUT_ENCODING_SWIZZLED_SHARED;
    TileSwizzledSharedEncoding *swizzled = &encoding->u.swizzledShared;
    swizzled->vec = (int32_t)tilegpuSwizzledSharedLayoutAttrGetVec(attr);
    swizzled->perPhase = (int32_t)tilegpuSwizzledSharedLayoutAttrGetPerPhase(attr);
    swizzled->maxPhase = (int32_t)tilegpuSwizzledSharedLayoutAttrGetMaxPhase(attr);
    for (intptr_t i = 0; i < rank; ++i)
      swizzled->order[i] = (int32_t)tilegpuSwizzledSharedLayoutAttrGetOrder(attr, i);
    return true;
  }
  if (tilegpuAttributeIsANVMMASharedLayout(attr)) {
    encoding->kind = TILE_LAYOUT_ENCODING_NVMMA_SHARED;
    TileNvmmaSharedEncoding *nvmma = &encoding->u.nvmmaShared;
    nvmma->swizzleBytes = (int32_t)tilegpuNVMMASharedLayoutAttrGetSwizzlingByteWidth(attr);
    nvmma->elementBits = (int32_t)tilegpuNVMMASharedLayoutAttrGetElementBitWidth(attr);
    nvmma->transposed = tilegpuNVMMASharedLayoutAttrIsTransposed(attr);
    return true;
  }
  return false;
}

/* The attribute on the cast that carries a lowered memdesc_subslice: the
 * view's origin in the buffer it lives in (dense i32 array, one per dim). */
static const char viewOriginAttribute[] = "tilegpu.view_origin";

/* The shape of the buffer a memdesc of `type` lives in: the trailing dims of
 * its allocation shape (a ring's leading slot dim dropped), or its own. */
static void bufferShapeOf(MlirType type, int32_t rank, int64_t *shape) {
  intptr_t allocRank = tilegpuMemDescTypeGetAllocRank(type);
  for (int32_t d = 0; d < rank; ++d)
    shape[d] = allocRank >= rank
                   ? tilegpuMemDescTypeGetAllocDimSize(type, allocRank - rank + d)
                   : mlirShapedTypeGetDimSize(type, d);
}

/* Describes a buffer of `type` (a memdesc) at `address`, as a view at the
 * origin of the buffer it lives in; false after an error at `op`. */
static bool describeBuffer(MlirOperation op, MlirType type, MlirValue address,
                           TileSharedBuffer *buffer) {
  char typeText[256];
  memset(buffer->origin, 0, sizeof(buffer->origin));
  buffer->originOffset = 0;
  buffer->address = address;
  buffer->element = tileLoweredElementType(mlirShapedTypeGetElementType(type));
  buffer->elementBytes = tileSharedElementBytes(buffer->element);
  buffer->rank = (int32_t)mlirShapedTypeGetRank(type);
  if (buffer->rank > TILE_LAYOUT_MAX_RANK) {
    tileLoweringError(op, "%s has more than %d dimensions",
                      tileTypeToString(type, typeText, sizeof(typeText)),
                      TILE_LAYOUT_MAX_RANK);
    return false;
  }
  for (int32_t d = 0; d < buffer->rank; ++d)
    buffer->shape[d] = mlirShapedTypeGetDimSize(type, d);
  TileLayoutEncoding encoding;
  if (!sharedEncodingOf(tilegpuMemDescTypeGetEncoding(type), &encoding)) {
    tileLoweringError(op, "the shared layout of %s is not one this lowering knows "
                          "(#tilegpu.swizzled_shared or #tilegpu.nvmma_shared)",
                      tileTypeToString(type, typeText, sizeof(typeText)));
    return false;
  }
  int64_t bufferShape[TILE_LAYOUT_MAX_RANK];
  bufferShapeOf(type, buffer->rank, bufferShape);
  TileLayoutStatus status =
      tileLayoutFromEncoding(&buffer->layout, &encoding, buffer->rank, bufferShape);
  if (status != TILE_LAYOUT_OK) {
    tileLoweringError(op, "cannot build the shared layout of %s: %s",
                      tileTypeToString(type, typeText, sizeof(typeText)),
                      tileLayoutStatusString(status));
    return false;
  }
  return true;
}

/* The origin a lowered memdesc_subslice left on the cast that carries
 * `memdesc`; false when there is none. */
static bool viewOriginOf(MlirValue memdesc, int32_t rank, int64_t *origin) {
  if (!mlirValueIsAOpResult(memdesc))
    return false;
  MlirAttribute attr = mlirOperationGetAttributeByName(
      mlirOpResultGetOwner(memdesc), mlirStringRefCreateFromCString(viewOriginAttribute));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsADenseI32Array(attr) ||
      mlirDenseArrayGetNumElements(attr) != rank)
    return false;
  for (int32_t d = 0; d < rank; ++d)
    origin[d] = mlirDenseI32ArrayGetElement(attr, d);
  return true;
}

/* Sets the buffer's origin and its offset, layout^-1(origin). */
static bool placeView(MlirOperation op, TileSharedBuffer *buffer, const int64_t *origin) {
  TileLinearLayout inverse;
  if (tileLayoutInvert(&inverse, &buffer->layout) != TILE_LAYOUT_OK)
    return tileLoweringError(op, "the buffer's shared layout is not invertible"), false;
  int32_t in[TILE_LAYOUT_MAX_DIMS] = {0}, out[TILE_LAYOUT_MAX_DIMS] = {0};
  for (int32_t d = 0; d < buffer->rank; ++d) {
    buffer->origin[d] = origin[d];
    in[tileLayoutFindInDim(&inverse, tileLayoutTensorDim(d))] = (int32_t)origin[d];
  }
  tileLayoutApply(&inverse, in, out);
  buffer->originOffset = out[tileLayoutFindOutDim(&inverse, TILE_LAYOUT_OFFSET)];
  return true;
}

/* True when the view is the whole buffer it lives in. */
static bool isWholeBuffer(const TileSharedBuffer *buffer) {
  for (int32_t d = 0; d < buffer->rank; ++d)
    if (buffer->shape[d] !=
        tileLayoutGetOutDimSize(&buffer->layout, tileLayoutTensorDim(d)))
      return false;
  return true;
}

TileLayoutStatus tileSharedAccessMap(const TileSharedBuffer *buffer,
                                     const TileLinearLayout *distributed,
                                     TileLinearLayout *widened, TileLinearLayout *toOffset) {
  TileLinearLayout local;
  if (!widened)
    widened = &local;
  *widened = *distributed;
  for (int32_t o = 0; o < widened->numOutDims; ++o) {
    int32_t out = tileLayoutFindOutDim(&buffer->layout, widened->outNames[o]);
    if (out >= 0)
      widened->outLog2Sizes[o] = buffer->layout.outLog2Sizes[out];
  }
  return tileLayoutInvertAndCompose(toOffset, widened, &buffer->layout);
}

bool tileSharedBufferOf(MlirOperation op, MlirValue memdesc, TileSharedBuffer *buffer) {
  MlirValue address = tileLoweredValue(memdesc);
  if (!mlirTypeIsALLVMPointerType(mlirValueGetType(address))) {
    MlirStringRef producer =
        mlirValueIsAOpResult(memdesc)
            ? mlirIdentifierStr(mlirOperationGetName(mlirOpResultGetOwner(memdesc)))
            : mlirStringRefCreateFromCString("a block argument");
    tileLoweringError(op, "the buffer comes from '%.*s', whose lowering is not "
                          "written yet",
                      (int)producer.length, producer.data);
    return false;
  }
  if (!describeBuffer(op, mlirValueGetType(memdesc), address, buffer))
    return false;
  int64_t origin[TILE_LAYOUT_MAX_RANK];
  if (viewOriginOf(memdesc, buffer->rank, origin))
    return placeView(op, buffer, origin);
  if (isWholeBuffer(buffer))
    return true;
  char typeText[256];
  tileLoweringError(op, "%s is a view whose origin is unknown here (views are read "
                        "in the block of the memdesc_subslice that makes them)",
                    tileTypeToString(mlirValueGetType(memdesc), typeText, sizeof(typeText)));
  return false;
}

/* ---- Offsets ------------------------------------------------------------ */

/* The offset basis of input bit `bit` of `name` in a (register, lane, warp)
 * -> offset map; 0 past the dim's size. */
static int32_t offsetBasis(const TileLinearLayout *toOffset, TileLayoutDimName name,
                           int32_t bit) {
  int32_t in = tileLayoutFindInDim(toOffset, name);
  int32_t out = tileLayoutFindOutDim(toOffset, TILE_LAYOUT_OFFSET);
  if (in < 0 || out < 0 || bit >= toOffset->inLog2Sizes[in])
    return 0;
  return toOffset->bases[in][bit][out];
}

int32_t tileRegisterOffset(const TileLinearLayout *toOffset, int32_t reg) {
  int32_t offset = 0;
  for (int32_t bit = 0; (reg >> bit) != 0; ++bit)
    if ((reg >> bit) & 1)
      offset ^= offsetBasis(toOffset, TILE_LAYOUT_REGISTER, bit);
  return offset;
}

int32_t tileThreadOffsetBits(const TileLinearLayout *toOffset) {
  static const TileLayoutDimName threadDims[] = {TILE_LAYOUT_LANE, TILE_LAYOUT_WARP};
  int32_t bits = 0;
  for (size_t d = 0; d < sizeof(threadDims) / sizeof(threadDims[0]); ++d)
    for (int32_t bit = 0; bit < log2Size(toOffset, threadDims[d]); ++bit)
      bits |= offsetBasis(toOffset, threadDims[d], bit);
  return bits;
}

MlirValue tileEmitOffsetXor(TileLowering *lowering, MlirLocation location,
                            MlirValue threadOffset, int32_t threadBits, int32_t constant) {
  int32_t shared = constant & threadBits;
  /* x ^ c == x + c when x and c have no bit in common. */
  MlirValue offset = shared == 0 ? threadOffset
                                 : tileEmitBinary(lowering, location, "llvm.xor", threadOffset,
                                                  tileEmitI32(lowering, location, shared));
  if (constant == shared)
    return offset;
  return tileEmitBinary(lowering, location, "llvm.add", offset,
                        tileEmitI32(lowering, location, constant & ~shared));
}

MlirValue tileEmitRegisterOffset(TileLowering *lowering, MlirLocation location,
                                 const TileLinearLayout *toOffset, MlirValue threadOffset,
                                 int32_t reg, int32_t originOffset) {
  return tileEmitOffsetXor(lowering, location, threadOffset, tileThreadOffsetBits(toOffset),
                           tileRegisterOffset(toOffset, reg) ^ originOffset);
}

/* XORs `term` into `*sum` (a null *sum is zero). */
static void xorInto(TileLowering *lowering, MlirLocation location, MlirValue *sum,
                    MlirValue term) {
  *sum = mlirValueIsNull(*sum) ? term
                               : tileEmitBinary(lowering, location, "llvm.xor", *sum, term);
}

/* Adds the offset of the set bits of `index` (input dim `name`) to `*sum`.
 * Bits whose basis is a power of two and that move by the same shift
 * share one and + shift; they land on distinct bits, so XOR is their sum. */
static void addIndexOffset(TileLowering *lowering, MlirLocation location,
                           const TileLinearLayout *toOffset, TileLayoutDimName name,
                           MlirValue index, MlirValue *sum) {
  int32_t masks[64] = {0}; /* masks[shift + 32] */
  for (int32_t bit = 0; bit < log2Size(toOffset, name); ++bit) {
    int32_t basis = offsetBasis(toOffset, name, bit);
    if (basis == 0)
      continue;
    int32_t log = log2Exact(basis);
    if (log >= 0) {
      masks[log - bit + 32] |= 1 << bit;
      continue;
    }
    MlirValue one = tileEmitBinary(
        lowering, location, "llvm.and",
        tileEmitBinary(lowering, location, "llvm.lshr", index,
                       tileEmitI32(lowering, location, bit)),
        tileEmitI32(lowering, location, 1));
    xorInto(lowering, location, sum,
            tileEmitBinary(lowering, location, "llvm.mul", one,
                           tileEmitI32(lowering, location, basis)));
  }
  for (int32_t shift = 0; shift < 64; ++shift) {
    if (!masks[shift])
      continue;
    MlirValue term = tileEmitBinary(lowering, location, "llvm.and", index,
                                    tileEmitI32(lowering, location, masks[shift]));
    if (shift > 32)
      term = tileEmitBinary(lowering, location, "llvm.shl", term,
                            tileEmitI32(lowering, location, shift - 32));
    else if (shift < 32)
      term = tileEmitBinary(lowering, location, "llvm.lshr", term,
                            tileEmitI32(lowering, location, 32 - shift));
    xorInto(lowering, location, sum, term);
  }
}

MlirValue tileEmitThreadOffset(TileLowering *lowering, MlirLocation location,
                               const TileLinearLayout *toOffset, MlirValue lane,
                               MlirValue warp) {
  MlirValue sum = (MlirValue){NULL};
  addIndexOffset(lowering, location, toOffset, TILE_LAYOUT_LANE, lane, &sum);
  addIndexOffset(lowering, location, toOffset, TILE_LAYOUT_WARP, warp, &sum);
  return mlirValueIsNull(sum) ? tileEmitI32(lowering, location, 0) : sum;
}

MlirValue tileEmitBufferAddress(TileLowering *lowering, MlirLocation location,
                                const TileSharedBuffer *buffer, MlirValue offset) {
  MlirValue bytes = tileEmitBinary(lowering, location, "llvm.mul", offset,
                                   tileEmitI32(lowering, location, buffer->elementBytes));
  return tileEmitSharedAddress(lowering, location, buffer->address, bytes);
}

/* (register, lane, warp) -> offset for `distributed` against `buffer`.
 * False after an error at `op`. */
static bool accessMapOf(MlirOperation op, const TileSharedBuffer *buffer,
                        const TileLinearLayout *distributed, TileLinearLayout *toOffset) {
  TileLayoutStatus status = tileSharedAccessMap(buffer, distributed, NULL, toOffset);
  if (status == TILE_LAYOUT_OK)
    return true;
  tileLoweringError(op, "cannot map the tensor's layout onto the buffer's shared "
                        "layout: %s",
                    tileLayoutStatusString(status));
  return false;
}

int32_t tileSharedAccessWidth(MlirType element, int64_t elementBytes,
                              const TileLinearLayout *toOffset) {
  if (mlirTypeIsALLVMPointerType(element) ||
      (mlirTypeIsAInteger(element) && mlirIntegerTypeGetWidth(element) == 1))
    return 1;
  int32_t registerBits = log2Size(toOffset, TILE_LAYOUT_REGISTER), bits = 0;
  while (bits < registerBits &&
         offsetBasis(toOffset, TILE_LAYOUT_REGISTER, bits) == (1 << bits) &&
         ((int64_t)2 << bits) * elementBytes <= MAX_ACCESS_BYTES)
    ++bits;
  int32_t width = 1 << bits;
  static const TileLayoutDimName names[3] = {TILE_LAYOUT_REGISTER, TILE_LAYOUT_LANE,
                                             TILE_LAYOUT_WARP};
  int32_t misaligned = 0; /* OR of the bases outside the run */
  for (int32_t i = 0; i < 3; ++i)
    for (int32_t bit = names[i] == TILE_LAYOUT_REGISTER ? bits : 0;
         bit < log2Size(toOffset, names[i]); ++bit)
      misaligned |= offsetBasis(toOffset, names[i], bit);
  while (width > 1 && (misaligned & (width - 1)) != 0)
    width /= 2;
  return width;
}

bool tileEmitStoreToBuffer(TileLowering *lowering, MlirOperation op,
                           const TileSharedBuffer *buffer,
                           const TileLinearLayout *distributed, const MlirValue *values) {
  TileLinearLayout toOffset;
  if (!accessMapOf(op, buffer, distributed, &toOffset))
    return false;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  /* One thread of those holding the same elements stores them. */
  MlirOperation ifOp = tileEmitBeginOwnerIf(lowering, location, distributed, lane, warp);
  MlirValue thread = tileEmitThreadOffset(lowering, location, &toOffset, lane, warp);
  uint32_t copies = tileLayoutGetFreeVariableMask(distributed, TILE_LAYOUT_REGISTER);
  int32_t width = tileSharedAccessWidth(buffer->element, buffer->elementBytes, &toOffset);
  for (int32_t reg = 0; reg < tileLayoutGetNumRegisters(distributed); reg += width) {
    if ((uint32_t)reg & copies)
      continue;
    MlirValue offset =
        tileEmitRegisterOffset(lowering, location, &toOffset, thread, reg, buffer->originOffset);
    tileEmitSharedStoreRun(lowering, location,
                           tileEmitBufferAddress(lowering, location, buffer, offset),
                           buffer->element, buffer->elementBytes, width, values + reg);
  }
  if (!mlirOperationIsNull(ifOp))
    tileEmitEndIf(lowering, ifOp);
  return true;
}

bool tileEmitLoadFromBuffer(TileLowering *lowering, MlirOperation op,
                            const TileSharedBuffer *buffer,
                            const TileLinearLayout *distributed, MlirValue *values) {
  TileLinearLayout toOffset;
  if (!accessMapOf(op, buffer, distributed, &toOffset))
    return false;
  MlirLocation location = mlirOperationGetLocation(op);
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  MlirValue thread = tileEmitThreadOffset(lowering, location, &toOffset, lane, warp);
  int32_t width = tileSharedAccessWidth(buffer->element, buffer->elementBytes, &toOffset);
  for (int32_t reg = 0; reg < tileLayoutGetNumRegisters(distributed); reg += width) {
    MlirValue offset =
        tileEmitRegisterOffset(lowering, location, &toOffset, thread, reg, buffer->originOffset);
    tileEmitSharedLoadRun(lowering, location,
                          tileEmitBufferAddress(lowering, location, buffer, offset),
                          buffer->element, buffer->elementBytes, width, values + reg);
  }
  return true;
}

/* ---- The ops ------------------------------------------------------------ */

/* Unpacks tensor operand `index` of `op` and builds its layout. */
static bool unpackTensor(TileLowering *lowering, MlirOperation op, intptr_t index,
                         TileLinearLayout *layout, MlirValue *values) {
  MlirValue operand = mlirOperationGetOperand(op, index);
  if (!tileLayoutOfTensor(lowering, op, mlirValueGetType(operand), layout))
    return false;
  tileEmitUnpack(lowering, mlirOperationGetLocation(op), tileLoweredValue(operand),
                 tileLayoutGetNumRegisters(layout), values);
  return true;
}

MlirLogicalResult tileLowerLocalAlloc(TileLowering *lowering, MlirOperation op) {
  int64_t offset;
  if (!tileSharedOffsetOf(op, &offset))
    return mlirLogicalResultFailure();
  if (offset % TILE_SHARED_BUFFER_ALIGNMENT != 0)
    return tileLoweringError(op, "the buffer's allocation.offset %lld is not a multiple "
                                 "of %d bytes; let -tilegpu-allocate-shared-memory place it",
                             (long long)offset, TILE_SHARED_BUFFER_ALIGNMENT);
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue address =
      tileEmitSharedAddress(lowering, location, tileEmitSharedBase(lowering, location),
                            tileEmitI32(lowering, location, offset));
  if (mlirOperationGetNumOperands(op) == 1) {
    TileSharedBuffer buffer;
    TileLinearLayout layout;
    MlirValue values[TILE_LOWERING_MAX_REGISTERS];
    if (!describeBuffer(op, mlirValueGetType(mlirOperationGetResult(op, 0)), address,
                        &buffer) ||
        !unpackTensor(lowering, op, 0, &layout, values) ||
        !tileEmitStoreToBuffer(lowering, op, &buffer, &layout, values))
      return mlirLogicalResultFailure();
  }
  tileReplaceOp(lowering, op, &address);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerLocalStore(TileLowering *lowering, MlirOperation op) {
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  TileSharedBuffer buffer;
  TileLinearLayout layout;
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  if (!tileSharedBufferOf(op, mlirOperationGetOperand(op, 1), &buffer) ||
      !unpackTensor(lowering, op, 0, &layout, values) ||
      !tileEmitStoreToBuffer(lowering, op, &buffer, &layout, values))
    return mlirLogicalResultFailure();
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerLocalDealloc(TileLowering *lowering, MlirOperation op) {
  (void)lowering;
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}

/* True for a dot_operand layout whose parent is a tensor-core layout. */
static bool isMmaOperand(MlirType tensorType) {
  MlirAttribute encoding = tileEncodingOf(tensorType);
  return !mlirAttributeIsNull(encoding) && tilegpuAttributeIsADotOperandLayout(encoding) &&
         tilegpuAttributeIsAMmaLayout(tilegpuDotOperandLayoutAttrGetParent(encoding));
}

MlirLogicalResult tileLowerLocalLoad(TileLowering *lowering, MlirOperation op) {
  MlirType resultType = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType structType = tileLoweredType(lowering, op, resultType);
  TileSharedBuffer buffer;
  TileLinearLayout layout;
  if (mlirTypeIsNull(structType) ||
      !tileSharedBufferOf(op, mlirOperationGetOperand(op, 0), &buffer) ||
      !tileLayoutOfTensor(lowering, op, resultType, &layout))
    return mlirLogicalResultFailure();
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue values[TILE_LOWERING_MAX_REGISTERS];
  if (!(isMmaOperand(resultType) &&
        tileEmitLdmatrixLoad(lowering, location, &buffer, &layout, values)) &&
      !tileEmitLoadFromBuffer(lowering, op, &buffer, &layout, values))
    return mlirLogicalResultFailure();
  MlirValue packed = tileEmitPack(lowering, location, structType,
                                  tileLayoutGetNumRegisters(&layout), values);
  tileReplaceOp(lowering, op, &packed);
  return mlirLogicalResultSuccess();
}

/* ---- memdesc_subslice --------------------------------------------------- */

/* `memdesc_subslice %src [offsets]` emits no code: its result is the
 * source's address on a cast that records the view's origin in the buffer
 * (the source's origin plus `offsets`), and every access through the view
 * (tileSharedBufferOf) XORs that origin's offset into its element offsets.
 * The verifier's rule (power-of-two view dims, offsets multiples of them)
 * is what makes origin + x == origin XOR x for every element x. */
MlirLogicalResult tileLowerMemDescSubslice(TileLowering *lowering, MlirOperation op) {
  MlirValue result = mlirOperationGetResult(op, 0);
  TileSharedBuffer source;
  if (!tileSharedBufferOf(op, mlirOperationGetOperand(op, 0), &source))
    return mlirLogicalResultFailure();
  int64_t offsets[TILE_LAYOUT_MAX_RANK];
  if (tileGetI32ArrayAttr(op, "offsets", offsets, TILE_LAYOUT_MAX_RANK) != source.rank)
    return tileLoweringError(op, "expected one offset per dimension");
  int32_t origin[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < source.rank; ++d)
    origin[d] = (int32_t)(source.origin[d] + offsets[d]);
  MlirContext context = lowering->context;
  MlirNamedAttribute attribute = tileNamedAttr(
      context, viewOriginAttribute, mlirDenseI32ArrayGet(context, source.rank, origin));
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue view = tileEmit(lowering, "builtin.unrealized_conversion_cast",
                            mlirOperationGetLocation(op), 1, &source.address,
                            mlirValueGetType(result), 1, &attribute);
  mlirValueReplaceAllUsesOfWith(result, view);
  mlirOperationDestroy(op);
  return mlirLogicalResultSuccess();
}
