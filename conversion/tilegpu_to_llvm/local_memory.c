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

/* Describes a buffer of `type` (a memdesc) at `address`; false after an
 * error at `op`. */
static bool describeBuffer(MlirOperation op, MlirType type, MlirValue address,
                           TileSharedBuffer *buffer) {
  char typeText[256];
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
  TileLayoutStatus status =
      tileLayoutFromEncoding(&buffer->layout, &encoding, buffer->rank, buffer->shape);
  if (status != TILE_LAYOUT_OK) {
    tileLoweringError(op, "cannot build the shared layout of %s: %s",
                      tileTypeToString(type, typeText, sizeof(typeText)),
                      tileLayoutStatusString(status));
    return false;
  }
  return true;
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
  return describeBuffer(op, mlirValueGetType(memdesc), address, buffer);
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
                                 int32_t reg) {
  return tileEmitOffsetXor(lowering, location, threadOffset, tileThreadOffsetBits(toOffset),
                           tileRegisterOffset(toOffset, reg));
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
  TileLayoutStatus status = tileLayoutInvertAndCompose(toOffset, distributed, &buffer->layout);
  if (status == TILE_LAYOUT_OK)
    return true;
  tileLoweringError(op, "cannot map the tensor's layout onto the buffer's shared "
                        "layout: %s",
                    tileLayoutStatusString(status));
  return false;
}

/* Registers one access moves: 2^k when register bits 0..k-1 step the offset
 * by 1, 2, 4, ... and every other basis keeps the run aligned (the buffer
 * itself is 16-byte aligned). */
static int32_t accessWidth(const TileSharedBuffer *buffer, const TileLinearLayout *toOffset) {
  if (mlirTypeIsALLVMPointerType(buffer->element) ||
      (mlirTypeIsAInteger(buffer->element) && mlirIntegerTypeGetWidth(buffer->element) == 1))
    return 1;
  int32_t registerBits = log2Size(toOffset, TILE_LAYOUT_REGISTER), bits = 0;
  while (bits < registerBits &&
         offsetBasis(toOffset, TILE_LAYOUT_REGISTER, bits) == (1 << bits) &&
         ((int64_t)2 << bits) * buffer->elementBytes <= MAX_ACCESS_BYTES)
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

static MlirType vectorOf(const TileSharedBuffer *buffer, int32_t width) {
  int64_t shape[1] = {width};
  return mlirVectorTypeGet(1, shape, buffer->element);
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
  uint32_t freeLanes = tileLayoutGetFreeVariableMask(distributed, TILE_LAYOUT_LANE);
  uint32_t freeWarps = tileLayoutGetFreeVariableMask(distributed, TILE_LAYOUT_WARP);
  MlirOperation ifOp = (MlirOperation){NULL};
  if (freeLanes | freeWarps)
    ifOp = tileEmitBeginIf(
        lowering, location,
        tileEmitBinary(lowering, location, "llvm.and",
                       tileEmitBitsClear(lowering, location, lane, (int32_t)freeLanes),
                       tileEmitBitsClear(lowering, location, warp, (int32_t)freeWarps)));
  MlirValue thread = tileEmitThreadOffset(lowering, location, &toOffset, lane, warp);
  uint32_t copies = tileLayoutGetFreeVariableMask(distributed, TILE_LAYOUT_REGISTER);
  int32_t width = accessWidth(buffer, &toOffset);
  MlirType vectorType = vectorOf(buffer, width);
  for (int32_t reg = 0; reg < tileLayoutGetNumRegisters(distributed); reg += width) {
    if ((uint32_t)reg & copies)
      continue;
    MlirValue offset = tileEmitRegisterOffset(lowering, location, &toOffset, thread, reg);
    MlirValue value = values[reg];
    if (width > 1) {
      value = tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, vectorType, 0, NULL);
      for (int32_t i = 0; i < width; ++i) {
        MlirValue operands[3] = {value, values[reg + i], tileEmitI32(lowering, location, i)};
        value = tileEmit(lowering, "llvm.insertelement", location, 3, operands, vectorType,
                         0, NULL);
      }
    }
    tileEmitSharedStore(lowering, location,
                        tileEmitBufferAddress(lowering, location, buffer, offset), value,
                        width * buffer->elementBytes);
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
  int32_t width = accessWidth(buffer, &toOffset);
  MlirType vectorType = vectorOf(buffer, width);
  for (int32_t reg = 0; reg < tileLayoutGetNumRegisters(distributed); reg += width) {
    MlirValue offset = tileEmitRegisterOffset(lowering, location, &toOffset, thread, reg);
    MlirValue address = tileEmitBufferAddress(lowering, location, buffer, offset);
    if (width == 1) {
      values[reg] = tileEmitSharedLoad(lowering, location, address, buffer->element,
                                       buffer->elementBytes);
      continue;
    }
    MlirValue vector = tileEmitSharedLoad(lowering, location, address, vectorType,
                                          width * buffer->elementBytes);
    for (int32_t i = 0; i < width; ++i) {
      MlirValue operands[2] = {vector, tileEmitI32(lowering, location, i)};
      values[reg + i] = tileEmit(lowering, "llvm.extractelement", location, 2, operands,
                                 buffer->element, 0, NULL);
    }
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

/* `memdesc_subslice %src [offsets]` lowers to the source's address plus the
 * element offset of the sub-block's origin under the source's shared layout,
 * provided the sub-block, read as a buffer of its own shape (which is how
 * every access to a memdesc builds its layout, describeBuffer), lies at
 * exactly those addresses: for every offset o of the view's layout,
 * source(origin + view(o)) == source(origin) + o. That holds for sub-blocks
 * of whole rows of a swizzled layout whose offset is a multiple of the
 * swizzle period (perPhase * maxPhase rows), e.g. a K slice of a [K, N]
 * operand; it does not for a slice along the contiguous dimension (the row
 * stride changes), which would need the view to carry its origin into the
 * accesses (ldmatrix included). The lowering checks it element by element
 * and reports the second case instead of reading the wrong bytes. */
MlirLogicalResult tileLowerMemDescSubslice(TileLowering *lowering, MlirOperation op) {
  char typeText[256];
  MlirValue src = mlirOperationGetOperand(op, 0);
  MlirValue result = mlirOperationGetResult(op, 0);
  TileSharedBuffer source, view;
  if (!tileSharedBufferOf(op, src, &source))
    return mlirLogicalResultFailure();
  if (!describeBuffer(op, mlirValueGetType(result), source.address, &view))
    return mlirLogicalResultFailure();
  int64_t origin[TILE_LAYOUT_MAX_RANK];
  if (tileGetI32ArrayAttr(op, "offsets", origin, TILE_LAYOUT_MAX_RANK) != source.rank)
    return tileLoweringError(op, "expected one offset per dimension");
  int32_t sourceSize = tileLayoutGetInDimSize(&source.layout, TILE_LAYOUT_OFFSET);
  int32_t viewSize = tileLayoutGetInDimSize(&view.layout, TILE_LAYOUT_OFFSET);
  int64_t elements = 1;
  for (int32_t d = 0; d < source.rank; ++d)
    elements *= source.shape[d];
  if (sourceSize != elements || sourceSize > (1 << 22))
    return tileLoweringError(op, "the source buffer of %lld elements is not one offset "
                                 "per element",
                             (long long)elements);
  /* coordinates (row-major index in the source) -> source offset. */
  int32_t *offsetOf = malloc(sizeof(int32_t) * (size_t)sourceSize);
  if (!offsetOf)
    return tileLoweringError(op, "out of memory");
  int32_t in[TILE_LAYOUT_MAX_DIMS] = {0}, out[TILE_LAYOUT_MAX_DIMS];
  int32_t sourceOffsetDim = tileLayoutFindInDim(&source.layout, TILE_LAYOUT_OFFSET);
  for (int32_t o = 0; o < sourceSize; ++o) {
    in[sourceOffsetDim] = o;
    tileLayoutApply(&source.layout, in, out);
    int64_t index = 0;
    for (int32_t d = 0; d < source.rank; ++d)
      index = index * source.shape[d] +
              out[tileLayoutFindOutDim(&source.layout, tileLayoutTensorDim(d))];
    offsetOf[index] = o;
  }
  int64_t originIndex = 0;
  for (int32_t d = 0; d < source.rank; ++d)
    originIndex = originIndex * source.shape[d] + origin[d];
  int32_t base = offsetOf[originIndex];
  int32_t viewOffsetDim = tileLayoutFindInDim(&view.layout, TILE_LAYOUT_OFFSET);
  bool linear = true;
  memset(in, 0, sizeof(in));
  for (int32_t o = 0; linear && o < viewSize; ++o) {
    in[viewOffsetDim] = o;
    tileLayoutApply(&view.layout, in, out);
    int64_t index = 0;
    for (int32_t d = 0; d < source.rank; ++d)
      index = index * source.shape[d] + origin[d] +
              out[tileLayoutFindOutDim(&view.layout, tileLayoutTensorDim(d))];
    linear = offsetOf[index] == base + o;
  }
  free(offsetOf);
  if (!linear)
    return tileLoweringError(
        op, "the sub-block %s is not at consecutive offsets of its source's shared "
            "layout (a slice along a swizzled contiguous dimension, or an offset that "
            "is not a multiple of the swizzle period): accesses through it would need "
            "the view's origin, which this lowering does not carry yet",
        tileTypeToString(mlirValueGetType(result), typeText, sizeof(typeText)));
  MlirLocation location = mlirOperationGetLocation(op);
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirValue address =
      tileEmitBufferAddress(lowering, location, &source, tileEmitI32(lowering, location, base));
  tileReplaceOp(lowering, op, &address);
  return mlirLogicalResultSuccess();
}
