//===- TileGPUAttributes.cpp - C accessors of tilegpu attributes/types ---===//
//
// Glue only: one-line wraps of the ODS classes of dialects/tilegpu. Every
// `...Get` goes through `getChecked`, so bad parameters come back as a null
// handle plus a diagnostic instead of an invalid attribute.
//
//===----------------------------------------------------------------------===//

#include "tile-c/TileGPU.h"

#include "dialects/tilegpu/TileGPUDialect.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tilegpu;

// Diagnostics of a C API constructor go to the context's handlers.
static auto errorsTo(MLIRContext *context) {
  return mlir::detail::getDefaultDiagnosticEmitFn(context);
}

template <typename T>
static ArrayRef<T> arrayOf(const T *values, intptr_t size) {
  return size > 0 ? ArrayRef<T>(values, size) : ArrayRef<T>();
}

//===----------------------------------------------------------------------===//
// Layout kinds
//===----------------------------------------------------------------------===//

bool tilegpuAttributeIsADistributedLayout(MlirAttribute attr) {
  return isDistributedLayout(unwrap(attr));
}

bool tilegpuAttributeIsASharedLayout(MlirAttribute attr) {
  return isa<SwizzledSharedLayoutAttr, NVMMASharedLayoutAttr>(unwrap(attr));
}

intptr_t tilegpuDistributedLayoutAttrGetRank(MlirAttribute attr) {
  return llvm::TypeSwitch<Attribute, intptr_t>(unwrap(attr))
      .Case([](BlockedLayoutAttr blocked) { return blocked.getOrder().size(); })
      .Case([](MmaLayoutAttr mma) { return mma.getWarpsPerCTA().size(); })
      .Case([](LinearLayoutAttr linear) { return linear.getRank(); })
      .Case([](SliceLayoutAttr slice) {
        return tilegpuDistributedLayoutAttrGetRank(wrap(slice.getParent())) - 1;
      })
      .Case([](DotOperandLayoutAttr operand) {
        return tilegpuDistributedLayoutAttrGetRank(wrap(operand.getParent()));
      })
      .Default([](Attribute) { return -1; });
}

//===----------------------------------------------------------------------===//
// Blocked
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuBlockedLayoutAttrGet(MlirContext ctx, intptr_t rank,
                                          const unsigned *sizePerThread,
                                          const unsigned *threadsPerWarp,
                                          const unsigned *warpsPerCTA,
                                          const unsigned *order) {
  MLIRContext *context = unwrap(ctx);
  return wrap(BlockedLayoutAttr::getChecked(
      errorsTo(context), context, arrayOf(sizePerThread, rank),
      arrayOf(threadsPerWarp, rank), arrayOf(warpsPerCTA, rank), arrayOf(order, rank)));
}

bool tilegpuAttributeIsABlockedLayout(MlirAttribute attr) {
  return isa<BlockedLayoutAttr>(unwrap(attr));
}

intptr_t tilegpuBlockedLayoutAttrGetRank(MlirAttribute attr) {
  return cast<BlockedLayoutAttr>(unwrap(attr)).getOrder().size();
}

unsigned tilegpuBlockedLayoutAttrGetSizePerThread(MlirAttribute attr, intptr_t pos) {
  return cast<BlockedLayoutAttr>(unwrap(attr)).getSizePerThread()[pos];
}

unsigned tilegpuBlockedLayoutAttrGetThreadsPerWarp(MlirAttribute attr, intptr_t pos) {
  return cast<BlockedLayoutAttr>(unwrap(attr)).getThreadsPerWarp()[pos];
}

unsigned tilegpuBlockedLayoutAttrGetWarpsPerCTA(MlirAttribute attr, intptr_t pos) {
  return cast<BlockedLayoutAttr>(unwrap(attr)).getWarpsPerCTA()[pos];
}

unsigned tilegpuBlockedLayoutAttrGetOrder(MlirAttribute attr, intptr_t pos) {
  return cast<BlockedLayoutAttr>(unwrap(attr)).getOrder()[pos];
}

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuSliceLayoutAttrGet(MlirContext ctx, unsigned dim,
                                        MlirAttribute parent) {
  MLIRContext *context = unwrap(ctx);
  return wrap(SliceLayoutAttr::getChecked(errorsTo(context), context, dim,
                                          unwrap(parent)));
}

bool tilegpuAttributeIsASliceLayout(MlirAttribute attr) {
  return isa<SliceLayoutAttr>(unwrap(attr));
}

unsigned tilegpuSliceLayoutAttrGetDim(MlirAttribute attr) {
  return cast<SliceLayoutAttr>(unwrap(attr)).getDim();
}

MlirAttribute tilegpuSliceLayoutAttrGetParent(MlirAttribute attr) {
  return wrap(cast<SliceLayoutAttr>(unwrap(attr)).getParent());
}

//===----------------------------------------------------------------------===//
// Mma
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuMmaLayoutAttrGet(MlirContext ctx, unsigned version,
                                      unsigned versionMinor, intptr_t rank,
                                      const unsigned *warpsPerCTA, intptr_t instrRank,
                                      const unsigned *instrShape) {
  MLIRContext *context = unwrap(ctx);
  return wrap(MmaLayoutAttr::getChecked(errorsTo(context), context, version,
                                        versionMinor, arrayOf(warpsPerCTA, rank),
                                        arrayOf(instrShape, instrRank)));
}

bool tilegpuAttributeIsAMmaLayout(MlirAttribute attr) {
  return isa<MmaLayoutAttr>(unwrap(attr));
}

unsigned tilegpuMmaLayoutAttrGetVersion(MlirAttribute attr) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getVersion();
}

unsigned tilegpuMmaLayoutAttrGetVersionMinor(MlirAttribute attr) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getVersionMinor();
}

intptr_t tilegpuMmaLayoutAttrGetRank(MlirAttribute attr) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getWarpsPerCTA().size();
}

unsigned tilegpuMmaLayoutAttrGetWarpsPerCTA(MlirAttribute attr, intptr_t pos) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getWarpsPerCTA()[pos];
}

intptr_t tilegpuMmaLayoutAttrGetInstrShapeRank(MlirAttribute attr) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getInstrShape().size();
}

unsigned tilegpuMmaLayoutAttrGetInstrShape(MlirAttribute attr, intptr_t pos) {
  return cast<MmaLayoutAttr>(unwrap(attr)).getInstrShape()[pos];
}

//===----------------------------------------------------------------------===//
// Dot operand
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuDotOperandLayoutAttrGet(MlirContext ctx, unsigned opIdx,
                                             MlirAttribute parent, unsigned kWidth) {
  MLIRContext *context = unwrap(ctx);
  return wrap(DotOperandLayoutAttr::getChecked(errorsTo(context), context, opIdx,
                                               unwrap(parent), kWidth));
}

bool tilegpuAttributeIsADotOperandLayout(MlirAttribute attr) {
  return isa<DotOperandLayoutAttr>(unwrap(attr));
}

unsigned tilegpuDotOperandLayoutAttrGetOpIdx(MlirAttribute attr) {
  return cast<DotOperandLayoutAttr>(unwrap(attr)).getOpIdx();
}

MlirAttribute tilegpuDotOperandLayoutAttrGetParent(MlirAttribute attr) {
  return wrap(cast<DotOperandLayoutAttr>(unwrap(attr)).getParent());
}

unsigned tilegpuDotOperandLayoutAttrGetKWidth(MlirAttribute attr) {
  return cast<DotOperandLayoutAttr>(unwrap(attr)).getKWidth();
}

//===----------------------------------------------------------------------===//
// Linear
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuLinearLayoutAttrGet(MlirContext ctx, intptr_t rank,
                                         const intptr_t numBases[4],
                                         const int32_t *const bases[4]) {
  MLIRContext *context = unwrap(ctx);
  auto basesOf = [&](TileGPULinearInDim inDim) {
    return arrayOf(bases[inDim], numBases[inDim] * rank);
  };
  return wrap(LinearLayoutAttr::getChecked(
      errorsTo(context), context, (unsigned)rank, basesOf(TileGPULinearInDimRegister),
      basesOf(TileGPULinearInDimLane), basesOf(TileGPULinearInDimWarp),
      basesOf(TileGPULinearInDimBlock)));
}

bool tilegpuAttributeIsALinearLayout(MlirAttribute attr) {
  return isa<LinearLayoutAttr>(unwrap(attr));
}

intptr_t tilegpuLinearLayoutAttrGetRank(MlirAttribute attr) {
  return cast<LinearLayoutAttr>(unwrap(attr)).getRank();
}

static ArrayRef<int32_t> basesOf(LinearLayoutAttr linear, TileGPULinearInDim inDim) {
  switch (inDim) {
  case TileGPULinearInDimRegister:
    return linear.getRegisterBases();
  case TileGPULinearInDimLane:
    return linear.getLaneBases();
  case TileGPULinearInDimWarp:
    return linear.getWarpBases();
  case TileGPULinearInDimBlock:
    return linear.getBlockBases();
  }
  return {};
}

intptr_t tilegpuLinearLayoutAttrGetNumBases(MlirAttribute attr, TileGPULinearInDim inDim) {
  auto linear = cast<LinearLayoutAttr>(unwrap(attr));
  return basesOf(linear, inDim).size() / linear.getRank();
}

int32_t tilegpuLinearLayoutAttrGetBasis(MlirAttribute attr, TileGPULinearInDim inDim,
                                        intptr_t index, intptr_t outDim) {
  auto linear = cast<LinearLayoutAttr>(unwrap(attr));
  return basesOf(linear, inDim)[index * linear.getRank() + outDim];
}

//===----------------------------------------------------------------------===//
// Shared layouts and memory space
//===----------------------------------------------------------------------===//

MlirAttribute tilegpuSwizzledSharedLayoutAttrGet(MlirContext ctx, unsigned vec,
                                                 unsigned perPhase, unsigned maxPhase,
                                                 intptr_t rank, const unsigned *order) {
  MLIRContext *context = unwrap(ctx);
  return wrap(SwizzledSharedLayoutAttr::getChecked(errorsTo(context), context, vec,
                                                   perPhase, maxPhase,
                                                   arrayOf(order, rank)));
}

bool tilegpuAttributeIsASwizzledSharedLayout(MlirAttribute attr) {
  return isa<SwizzledSharedLayoutAttr>(unwrap(attr));
}

unsigned tilegpuSwizzledSharedLayoutAttrGetVec(MlirAttribute attr) {
  return cast<SwizzledSharedLayoutAttr>(unwrap(attr)).getVec();
}

unsigned tilegpuSwizzledSharedLayoutAttrGetPerPhase(MlirAttribute attr) {
  return cast<SwizzledSharedLayoutAttr>(unwrap(attr)).getPerPhase();
}

unsigned tilegpuSwizzledSharedLayoutAttrGetMaxPhase(MlirAttribute attr) {
  return cast<SwizzledSharedLayoutAttr>(unwrap(attr)).getMaxPhase();
}

intptr_t tilegpuSwizzledSharedLayoutAttrGetRank(MlirAttribute attr) {
  return cast<SwizzledSharedLayoutAttr>(unwrap(attr)).getOrder().size();
}

unsigned tilegpuSwizzledSharedLayoutAttrGetOrder(MlirAttribute attr, intptr_t pos) {
  return cast<SwizzledSharedLayoutAttr>(unwrap(attr)).getOrder()[pos];
}

MlirAttribute tilegpuNVMMASharedLayoutAttrGet(MlirContext ctx,
                                              unsigned swizzlingByteWidth,
                                              bool transposed, unsigned elementBitWidth) {
  MLIRContext *context = unwrap(ctx);
  return wrap(NVMMASharedLayoutAttr::getChecked(errorsTo(context), context,
                                                swizzlingByteWidth, transposed,
                                                elementBitWidth));
}

bool tilegpuAttributeIsANVMMASharedLayout(MlirAttribute attr) {
  return isa<NVMMASharedLayoutAttr>(unwrap(attr));
}

unsigned tilegpuNVMMASharedLayoutAttrGetSwizzlingByteWidth(MlirAttribute attr) {
  return cast<NVMMASharedLayoutAttr>(unwrap(attr)).getSwizzlingByteWidth();
}

bool tilegpuNVMMASharedLayoutAttrIsTransposed(MlirAttribute attr) {
  return cast<NVMMASharedLayoutAttr>(unwrap(attr)).getTransposed();
}

unsigned tilegpuNVMMASharedLayoutAttrGetElementBitWidth(MlirAttribute attr) {
  return cast<NVMMASharedLayoutAttr>(unwrap(attr)).getElementBitWidth();
}

MlirAttribute tilegpuSharedMemorySpaceAttrGet(MlirContext ctx) {
  return wrap(SharedMemorySpaceAttr::get(unwrap(ctx)));
}

bool tilegpuAttributeIsASharedMemorySpace(MlirAttribute attr) {
  return isa<SharedMemorySpaceAttr>(unwrap(attr));
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

MlirType tilegpuMemDescTypeGet(intptr_t rank, const int64_t *shape,
                               MlirType elementType, MlirAttribute encoding,
                               MlirAttribute memorySpace, bool isMutable,
                               intptr_t allocRank, const int64_t *allocShape) {
  MLIRContext *context = unwrap(elementType).getContext();
  ArrayRef<int64_t> shapeRef = arrayOf(shape, rank);
  return wrap(MemDescType::getChecked(
      errorsTo(context), context, shapeRef, unwrap(elementType), unwrap(encoding),
      unwrap(memorySpace), isMutable,
      allocRank > 0 ? arrayOf(allocShape, allocRank) : shapeRef));
}

bool tilegpuTypeIsAMemDesc(MlirType type) { return isa<MemDescType>(unwrap(type)); }

MlirAttribute tilegpuMemDescTypeGetEncoding(MlirType type) {
  return wrap(cast<MemDescType>(unwrap(type)).getEncoding());
}

MlirAttribute tilegpuMemDescTypeGetMemorySpace(MlirType type) {
  return wrap(cast<MemDescType>(unwrap(type)).getMemorySpace());
}

bool tilegpuMemDescTypeIsMutable(MlirType type) {
  return cast<MemDescType>(unwrap(type)).getMutableMemory();
}

intptr_t tilegpuMemDescTypeGetAllocRank(MlirType type) {
  return cast<MemDescType>(unwrap(type)).getAllocShape().size();
}

int64_t tilegpuMemDescTypeGetAllocDimSize(MlirType type, intptr_t pos) {
  return cast<MemDescType>(unwrap(type)).getAllocShape()[pos];
}

MlirType tilegpuAsyncTokenTypeGet(MlirContext ctx) {
  return wrap(AsyncTokenType::get(unwrap(ctx)));
}

bool tilegpuTypeIsAAsyncToken(MlirType type) {
  return isa<AsyncTokenType>(unwrap(type));
}
