/* The tilegpu C API from C only: every layout attribute, the shared-memory
 * space, !tilegpu.memdesc and !tilegpu.async.token are built, printed and
 * queried; bad parameters give a diagnostic and a null handle, never an
 * abort.
 *
 * RUN: %tile-capi-tilegpu_attributes 2>&1 | FileCheck %s
 */

#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

static void printAttribute(const char *label, MlirAttribute attribute) {
  printf("%s: ", label);
  if (mlirAttributeIsNull(attribute))
    printf("<null>");
  else
    mlirAttributePrint(attribute, printToStdout, NULL);
  printf("\n");
}

static void printType(const char *label, MlirType type) {
  printf("%s: ", label);
  if (mlirTypeIsNull(type))
    printf("<null>");
  else
    mlirTypePrint(type, printToStdout, NULL);
  printf("\n");
}

static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic, void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static MlirAttribute makeBlocked(MlirContext context) {
  unsigned sizePerThread[2] = {1, 4}, threadsPerWarp[2] = {4, 8};
  unsigned warpsPerCTA[2] = {4, 1}, order[2] = {1, 0};
  return tilegpuBlockedLayoutAttrGet(context, 2, sizePerThread, threadsPerWarp,
                                     warpsPerCTA, order);
}

static MlirAttribute makeMma(MlirContext context) {
  unsigned warpsPerCTA[2] = {2, 2}, instrShape[2] = {16, 8};
  return tilegpuMmaLayoutAttrGet(context, 2, 0, 2, warpsPerCTA, 2, instrShape);
}

static void testBlocked(MlirContext context) {
  printf("blocked\n");
  MlirAttribute blocked = makeBlocked(context);
  printAttribute("attr", blocked);
  printf("isBlocked %d isDistributed %d isShared %d rank %ld\n",
         tilegpuAttributeIsABlockedLayout(blocked),
         tilegpuAttributeIsADistributedLayout(blocked),
         tilegpuAttributeIsASharedLayout(blocked),
         (long)tilegpuBlockedLayoutAttrGetRank(blocked));
  for (intptr_t i = 0; i < 2; ++i)
    printf("dim %ld: sizePerThread %u threadsPerWarp %u warpsPerCTA %u order %u\n", (long)i,
           tilegpuBlockedLayoutAttrGetSizePerThread(blocked, i),
           tilegpuBlockedLayoutAttrGetThreadsPerWarp(blocked, i),
           tilegpuBlockedLayoutAttrGetWarpsPerCTA(blocked, i),
           tilegpuBlockedLayoutAttrGetOrder(blocked, i));
  unsigned ones[2] = {1, 1}, lanes[2] = {8, 8}, order[2] = {1, 0};
  printAttribute("bad", tilegpuBlockedLayoutAttrGet(context, 2, ones, lanes, ones, order));
}
// CHECK-LABEL: blocked
// CHECK-NEXT: attr: #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>
// CHECK-NEXT: isBlocked 1 isDistributed 1 isShared 0 rank 2
// CHECK-NEXT: dim 0: sizePerThread 1 threadsPerWarp 4 warpsPerCTA 4 order 1
// CHECK-NEXT: dim 1: sizePerThread 4 threadsPerWarp 8 warpsPerCTA 1 order 0
// CHECK-NEXT: diagnostic: threadsPerWarp must multiply to 32 (one warp), got 64
// CHECK-NEXT: bad: <null>

static void testSlice(MlirContext context) {
  printf("slice\n");
  MlirAttribute blocked = makeBlocked(context);
  MlirAttribute slice = tilegpuSliceLayoutAttrGet(context, 1, blocked);
  printAttribute("attr", slice);
  printf("isSlice %d dim %u parent is blocked %d rank %ld\n",
         tilegpuAttributeIsASliceLayout(slice), tilegpuSliceLayoutAttrGetDim(slice),
         mlirAttributeEqual(tilegpuSliceLayoutAttrGetParent(slice), blocked),
         (long)tilegpuDistributedLayoutAttrGetRank(slice));
  printAttribute("bad", tilegpuSliceLayoutAttrGet(context, 2, blocked));
}
// CHECK-LABEL: slice
// CHECK-NEXT: attr: #tilegpu.slice<{dim = 1, parent = #tilegpu.blocked<{sizePerThread = [1, 4], threadsPerWarp = [4, 8], warpsPerCTA = [4, 1], order = [1, 0]}>}>
// CHECK-NEXT: isSlice 1 dim 1 parent is blocked 1 rank 1
// CHECK-NEXT: diagnostic: slice dim 2 must be less than the parent's rank 2
// CHECK-NEXT: bad: <null>

static void testMma(MlirContext context) {
  printf("mma\n");
  MlirAttribute mma = makeMma(context);
  printAttribute("attr", mma);
  printf("isMma %d version %u.%u rank %ld warps %u %u instr rank %ld instr %u %u\n",
         tilegpuAttributeIsAMmaLayout(mma), tilegpuMmaLayoutAttrGetVersion(mma),
         tilegpuMmaLayoutAttrGetVersionMinor(mma), (long)tilegpuMmaLayoutAttrGetRank(mma),
         tilegpuMmaLayoutAttrGetWarpsPerCTA(mma, 0), tilegpuMmaLayoutAttrGetWarpsPerCTA(mma, 1),
         (long)tilegpuMmaLayoutAttrGetInstrShapeRank(mma),
         tilegpuMmaLayoutAttrGetInstrShape(mma, 0), tilegpuMmaLayoutAttrGetInstrShape(mma, 1));
  unsigned warps[2] = {4, 1}, instr[3] = {16, 128, 16};
  MlirAttribute wgmma = tilegpuMmaLayoutAttrGet(context, 3, 0, 2, warps, 3, instr);
  printAttribute("wgmma", wgmma);
  printAttribute("bad", tilegpuMmaLayoutAttrGet(context, 4, 0, 2, warps, 2, instr));
}
// CHECK-LABEL: mma
// CHECK-NEXT: attr: #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>
// CHECK-NEXT: isMma 1 version 2.0 rank 2 warps 2 2 instr rank 2 instr 16 8
// CHECK-NEXT: wgmma: #tilegpu.mma<{version = 3, warpsPerCTA = [4, 1], instrShape = [16, 128, 16]}>
// CHECK-NEXT: diagnostic: mma version must be 1 (Volta), 2 (Ampere) or 3 (Hopper), got 4
// CHECK-NEXT: bad: <null>

static void testDotOperand(MlirContext context) {
  printf("dot_operand\n");
  MlirAttribute mma = makeMma(context);
  MlirAttribute operand = tilegpuDotOperandLayoutAttrGet(context, 1, mma, 2);
  printAttribute("attr", operand);
  printf("isDotOperand %d opIdx %u kWidth %u parent is mma %d rank %ld\n",
         tilegpuAttributeIsADotOperandLayout(operand),
         tilegpuDotOperandLayoutAttrGetOpIdx(operand),
         tilegpuDotOperandLayoutAttrGetKWidth(operand),
         mlirAttributeEqual(tilegpuDotOperandLayoutAttrGetParent(operand), mma),
         (long)tilegpuDistributedLayoutAttrGetRank(operand));
  printAttribute("fma", tilegpuDotOperandLayoutAttrGet(context, 0, makeBlocked(context), 0));
  printAttribute("bad", tilegpuDotOperandLayoutAttrGet(context, 0, mma, 3));
}
// CHECK-LABEL: dot_operand
// CHECK-NEXT: attr: #tilegpu.dot_operand<{opIdx = 1, parent = #tilegpu.mma<{version = 2, warpsPerCTA = [2, 2], instrShape = [16, 8]}>, kWidth = 2}>
// CHECK-NEXT: isDotOperand 1 opIdx 1 kWidth 2 parent is mma 1 rank 2
// CHECK-NEXT: fma: #tilegpu.dot_operand<{opIdx = 0, parent = #tilegpu.blocked<{{.*}}>}>
// CHECK-NEXT: diagnostic: kWidth must be a power of two from 1 to 16 when the parent is an mma layout, got 3
// CHECK-NEXT: bad: <null>

static void testLinear(MlirContext context) {
  printf("linear\n");
  /* 16x8 f32 over one warp: two registers along dim 1, lanes 4 along dim 1
   * then 8 along dim 0, two warps along dim 0. */
  const int32_t registerBases[] = {0, 1, 0, 2};
  const int32_t laneBases[] = {0, 4, 1, 0, 2, 0, 4, 0, 8, 0};
  const int32_t warpBases[] = {0, 0};
  intptr_t numBases[4] = {2, 5, 1, 0};
  const int32_t *const bases[4] = {registerBases, laneBases, warpBases, NULL};
  MlirAttribute linear = tilegpuLinearLayoutAttrGet(context, 2, numBases, bases);
  printAttribute("attr", linear);
  printf("isLinear %d rank %ld bases %ld %ld %ld %ld\n", tilegpuAttributeIsALinearLayout(linear),
         (long)tilegpuLinearLayoutAttrGetRank(linear),
         (long)tilegpuLinearLayoutAttrGetNumBases(linear, TileGPULinearInDimRegister),
         (long)tilegpuLinearLayoutAttrGetNumBases(linear, TileGPULinearInDimLane),
         (long)tilegpuLinearLayoutAttrGetNumBases(linear, TileGPULinearInDimWarp),
         (long)tilegpuLinearLayoutAttrGetNumBases(linear, TileGPULinearInDimBlock));
  printf("lane basis 1 = [%d, %d]\n",
         tilegpuLinearLayoutAttrGetBasis(linear, TileGPULinearInDimLane, 1, 0),
         tilegpuLinearLayoutAttrGetBasis(linear, TileGPULinearInDimLane, 1, 1));
  intptr_t tooFewLanes[4] = {2, 4, 1, 0};
  printAttribute("bad", tilegpuLinearLayoutAttrGet(context, 2, tooFewLanes, bases));
}
// CHECK-LABEL: linear
// CHECK-NEXT: attr: #tilegpu.linear<{register = {{\[\[}}0, 1], [0, 2]], lane = {{\[\[}}0, 4], [1, 0], [2, 0], [4, 0], [8, 0]], warp = {{\[\[}}0, 0]], block = []}>
// CHECK-NEXT: isLinear 1 rank 2 bases 2 5 1 0
// CHECK-NEXT: lane basis 1 = [1, 0]
// CHECK-NEXT: diagnostic: a linear layout must have 5 lane bases (32 lanes per warp), got 4
// CHECK-NEXT: bad: <null>

static void testSharedLayouts(MlirContext context) {
  printf("shared layouts\n");
  unsigned order[2] = {1, 0};
  MlirAttribute swizzled = tilegpuSwizzledSharedLayoutAttrGet(context, 8, 1, 8, 2, order);
  printAttribute("swizzled", swizzled);
  printf("isSwizzled %d isShared %d isDistributed %d vec %u perPhase %u maxPhase %u rank %ld "
         "order %u %u rank-as-distributed %ld\n",
         tilegpuAttributeIsASwizzledSharedLayout(swizzled),
         tilegpuAttributeIsASharedLayout(swizzled),
         tilegpuAttributeIsADistributedLayout(swizzled),
         tilegpuSwizzledSharedLayoutAttrGetVec(swizzled),
         tilegpuSwizzledSharedLayoutAttrGetPerPhase(swizzled),
         tilegpuSwizzledSharedLayoutAttrGetMaxPhase(swizzled),
         (long)tilegpuSwizzledSharedLayoutAttrGetRank(swizzled),
         tilegpuSwizzledSharedLayoutAttrGetOrder(swizzled, 0),
         tilegpuSwizzledSharedLayoutAttrGetOrder(swizzled, 1),
         (long)tilegpuDistributedLayoutAttrGetRank(swizzled));
  MlirAttribute nvmma = tilegpuNVMMASharedLayoutAttrGet(context, 128, true, 16);
  printAttribute("nvmma", nvmma);
  printf("isNVMMA %d swizzle %u transposed %d bits %u\n",
         tilegpuAttributeIsANVMMASharedLayout(nvmma),
         tilegpuNVMMASharedLayoutAttrGetSwizzlingByteWidth(nvmma),
         tilegpuNVMMASharedLayoutAttrIsTransposed(nvmma),
         tilegpuNVMMASharedLayoutAttrGetElementBitWidth(nvmma));
  MlirAttribute space = tilegpuSharedMemorySpaceAttrGet(context);
  printAttribute("space", space);
  printf("isSpace %d %d\n", tilegpuAttributeIsASharedMemorySpace(space),
         tilegpuAttributeIsASharedMemorySpace(nvmma));
  printAttribute("bad swizzled", tilegpuSwizzledSharedLayoutAttrGet(context, 8, 3, 8, 2, order));
  printAttribute("bad nvmma", tilegpuNVMMASharedLayoutAttrGet(context, 96, false, 16));
}
// CHECK-LABEL: shared layouts
// CHECK-NEXT: swizzled: #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>
// CHECK-NEXT: isSwizzled 1 isShared 1 isDistributed 0 vec 8 perPhase 1 maxPhase 8 rank 2 order 1 0 rank-as-distributed -1
// CHECK-NEXT: nvmma: #tilegpu.nvmma_shared<{swizzlingByteWidth = 128, transposed = true, elementBitWidth = 16}>
// CHECK-NEXT: isNVMMA 1 swizzle 128 transposed 1 bits 16
// CHECK-NEXT: space: #tilegpu.shared_memory
// CHECK-NEXT: isSpace 1 0
// CHECK-NEXT: diagnostic: vec, perPhase and maxPhase must be positive powers of two, got 8, 3 and 8
// CHECK-NEXT: bad swizzled: <null>
// CHECK-NEXT: diagnostic: swizzlingByteWidth must be 0, 32, 64 or 128, got 96
// CHECK-NEXT: bad nvmma: <null>

static void testTypes(MlirContext context) {
  printf("types\n");
  unsigned order[2] = {1, 0};
  MlirAttribute swizzled = tilegpuSwizzledSharedLayoutAttrGet(context, 8, 1, 8, 2, order);
  MlirAttribute space = tilegpuSharedMemorySpaceAttrGet(context);
  MlirType f16 = mlirF16TypeGet(context);
  int64_t ring[3] = {3, 64, 32};
  MlirType whole = tilegpuMemDescTypeGet(3, ring, f16, swizzled, space, true, 0, NULL);
  printType("ring", whole);
  MlirType slot = tilegpuMemDescTypeGet(2, ring + 1, f16, swizzled, space, true, 3, ring);
  printType("slot", slot);
  printf("isMemDesc %d isShaped %d rank %ld dims %ld %ld element is f16 %d mutable %d "
         "encoding is swizzled %d space is shared %d alloc rank %ld alloc %ld %ld %ld\n",
         tilegpuTypeIsAMemDesc(slot), mlirTypeIsAShaped(slot),
         (long)mlirShapedTypeGetRank(slot), (long)mlirShapedTypeGetDimSize(slot, 0),
         (long)mlirShapedTypeGetDimSize(slot, 1),
         mlirTypeEqual(mlirShapedTypeGetElementType(slot), f16),
         tilegpuMemDescTypeIsMutable(slot),
         mlirAttributeEqual(tilegpuMemDescTypeGetEncoding(slot), swizzled),
         tilegpuAttributeIsASharedMemorySpace(tilegpuMemDescTypeGetMemorySpace(slot)),
         (long)tilegpuMemDescTypeGetAllocRank(slot),
         (long)tilegpuMemDescTypeGetAllocDimSize(slot, 0),
         (long)tilegpuMemDescTypeGetAllocDimSize(slot, 1),
         (long)tilegpuMemDescTypeGetAllocDimSize(slot, 2));
  MlirType token = tilegpuAsyncTokenTypeGet(context);
  printType("token", token);
  printf("isToken %d %d isMemDesc %d\n", tilegpuTypeIsAAsyncToken(token),
         tilegpuTypeIsAAsyncToken(slot), tilegpuTypeIsAMemDesc(token));
  printType("bad", tilegpuMemDescTypeGet(2, ring + 1, f16, makeBlocked(context), space, true,
                                         0, NULL));
}
// CHECK-LABEL: types
// CHECK-NEXT: ring: !tilegpu.memdesc<3x64x32xf16, #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>, #tilegpu.shared_memory, mutable>
// CHECK-NEXT: slot: !tilegpu.memdesc<64x32xf16, #tilegpu.swizzled_shared<{vec = 8, perPhase = 1, maxPhase = 8, order = [1, 0]}>, #tilegpu.shared_memory, mutable, 3x64x32>
// CHECK-NEXT: isMemDesc 1 isShaped 1 rank 2 dims 64 32 element is f16 1 mutable 1 encoding is swizzled 1 space is shared 1 alloc rank 3 alloc 3 64 32
// CHECK-NEXT: token: !tilegpu.async.token
// CHECK-NEXT: isToken 1 0 isMemDesc 0
// CHECK-NEXT: diagnostic: memdesc encoding must be a shared layout (#tilegpu.swizzled_shared or #tilegpu.nvmma_shared)
// CHECK-NEXT: bad: <null>

int main(void) {
  MlirContext context = tileContextCreate();
  MlirDiagnosticHandlerID handler =
      mlirContextAttachDiagnosticHandler(context, printDiagnostic, NULL, NULL);
  testBlocked(context);
  testSlice(context);
  testMma(context);
  testDotOperand(context);
  testLinear(context);
  testSharedLayouts(context);
  testTypes(context);
  mlirContextDetachDiagnosticHandler(context, handler);
  mlirContextDestroy(context);
  return 0;
}
