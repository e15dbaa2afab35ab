/*===- lowering.c - convert-tilegpu-to-llvm: the driver ---------------------===*
 *
 * Walks every function in program order and hands each op to the lowering
 * of its family through one dispatch table; ops the table does not name
 * stay as they are when they touch no tensor or `!tile.ptr` (scalar arith,
 * scf and cf are finished by upstream passes), and are an error at their
 * location otherwise. Lowerings emit LLVM/NVVM ops before the op they
 * replace; the walk has already taken the next op, so it never visits what
 * a lowering emits. See lowering.h for the value conventions.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tilegpu_to_llvm/lowering.h"
#include "conversion/tilegpu_to_llvm/shared_memory.h"
#include "dialects/builder.h"
#include "dialects/support.h"
#include "passes/passes.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/LLVM.h"
#include "mlir-c/Dialect/NVVM.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char castOpName[] = "builtin.unrealized_conversion_cast";

/* The ops this pass lowers, one entry per op, each pointing into the file
 * of its family. A NULL entry names an op whose lowering is not written
 * yet: the user gets a clear "not lowered yet" at the op. */
static const struct {
  const char *name;
  TileOpLowering lower;
} opLowerings[] = {
    {"func.return", tileLowerReturn},
    {"tile.program_id", tileLowerProgramId},
    {"tile.num_programs", tileLowerNumPrograms},
    {"tile.make_range", tileLowerMakeRange},
    {"tile.splat", tileLowerSplat},
    {"tile.broadcast", tileLowerViewOp},
    {"tile.expand_dims", tileLowerViewOp},
    {"tile.reshape", tileLowerViewOp},
    {"tile.trans", tileLowerViewOp},
    {"tile.join", tileLowerJoin},
    {"tile.split", tileLowerSplit},
    {"tile.cat", tileLowerCat},
    {"tilegpu.convert_layout", tileLowerConvertLayout},
    {"tilegpu.barrier", tileLowerBarrier},
    {"tile.addptr", tileLowerAddPtr},
    {"tile.load", tileLowerLoad},
    {"tile.store", tileLowerStore},
    {"tile.atomic_rmw", tileLowerAtomicRMW},
    {"tile.atomic_cas", tileLowerAtomicCAS},
    {"arith.constant", tileLowerConstant},
    {"tile.bitcast", tileLowerElementwise},
    {"tile.int_to_ptr", tileLowerElementwise},
    {"tile.ptr_to_int", tileLowerElementwise},
    {"tile.clampf", tileLowerElementwise},
    {"tile.precise_sqrt", tileLowerElementwise},
    {"tile.precise_divf", tileLowerElementwise},
    {"tile.extern_elementwise", tileLowerElementwise},
    {"tile.fp_to_fp", tileLowerFpToFp},
    {"scf.for", tileLowerFor},
    {"scf.if", tileLowerIf},
    {"scf.while", tileLowerWhile},
    {"scf.yield", tileLowerYield},
    {"scf.condition", tileLowerYield},
    {"tile.reduce", tileLowerReduce},
    {"tile.scan", tileLowerScan},
    {"tile.dot", tileLowerDot},
    {"tilegpu.local_alloc", tileLowerLocalAlloc},
    {"tilegpu.local_store", tileLowerLocalStore},
    {"tilegpu.local_load", tileLowerLocalLoad},
    {"tilegpu.local_dealloc", tileLowerLocalDealloc},
    {"tilegpu.memdesc_index", tileLowerMemDescIndex},
    {"tilegpu.memdesc_subslice", tileLowerMemDescSubslice},
    {"tilegpu.async_copy_global_to_local", tileLowerAsyncCopy},
    {"tilegpu.async_commit_group", tileLowerAsyncCommitGroup},
    {"tilegpu.async_wait", tileLowerAsyncWait},
    {"tile.print", tileLowerPrint},
    {"tile.assert", tileLowerAssert},
};

bool tileOpIs(MlirOperation op, const char *name) {
  MlirStringRef opName = mlirIdentifierStr(mlirOperationGetName(op));
  return opName.length == strlen(name) &&
         memcmp(opName.data, name, opName.length) == 0;
}

MlirLogicalResult tileLoweringError(MlirOperation op, const char *format, ...) {
  char message[1024];
  int prefix = snprintf(message, sizeof(message), "convert-tilegpu-to-llvm: ");
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(message + prefix, sizeof(message) - (size_t)prefix, format, arguments);
  va_end(arguments);
  mlirEmitError(mlirOperationGetLocation(op), message);
  return mlirLogicalResultFailure();
}

MlirValue tileLoweredValue(MlirValue value) {
  if (!mlirValueIsAOpResult(value))
    return value;
  MlirOperation owner = mlirOpResultGetOwner(value);
  if (tileOpIs(owner, castOpName) && mlirOperationGetNumOperands(owner) == 1 &&
      mlirOperationGetNumResults(owner) == 1)
    return mlirOperationGetOperand(owner, 0);
  return value;
}

static MlirValue emitCast(TileLowering *lowering, MlirLocation location,
                          MlirValue value, MlirType type) {
  return tileEmit(lowering, castOpName, location, 1, &value, type, 0, NULL);
}

void tileReplaceOp(TileLowering *lowering, MlirOperation op,
                   const MlirValue *lowered) {
  mlirRewriterBaseSetInsertionPointBefore(lowering->rewriter, op);
  MlirLocation location = mlirOperationGetLocation(op);
  intptr_t count = mlirOperationGetNumResults(op);
  for (intptr_t i = 0; i < count; ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(result)))
      continue;
    MlirType type = mlirValueGetType(result);
    MlirValue replacement = lowered[i];
    if (!mlirTypeEqual(mlirValueGetType(replacement), type))
      replacement = emitCast(lowering, location, replacement, type);
    mlirValueReplaceAllUsesOfWith(result, replacement);
  }
  mlirOperationDestroy(op);
}

void tileCastForUsers(TileLowering *lowering, MlirValue value,
                      MlirType originalType) {
  if (mlirOpOperandIsNull(mlirValueGetFirstUse(value)))
    return;
  MlirLocation location;
  if (mlirValueIsABlockArgument(value)) {
    MlirBlock block = mlirBlockArgumentGetOwner(value);
    mlirRewriterBaseSetInsertionPointToStart(lowering->rewriter, block);
    MlirOperation parent = mlirBlockGetParentOperation(block);
    location = mlirOperationGetLocation(parent);
  } else {
    MlirOperation owner = mlirOpResultGetOwner(value);
    mlirRewriterBaseSetInsertionPointAfter(lowering->rewriter, owner);
    location = mlirOperationGetLocation(owner);
  }
  MlirValue cast = emitCast(lowering, location, value, originalType);
  MlirOperation castOp = mlirOpResultGetOwner(cast);
  mlirValueReplaceAllUsesExcept(value, cast, 1, &castOp);
}

/* ---- Emit helpers ------------------------------------------------------ */

MlirValue tileEmit(TileLowering *lowering, const char *name,
                   MlirLocation location, intptr_t numOperands,
                   const MlirValue *operands, MlirType resultType,
                   intptr_t numAttributes, const MlirNamedAttribute *attributes) {
  bool hasResult = !mlirTypeIsNull(resultType);
  MlirOperation op =
      tileBuildOp(lowering->rewriter, name, location, numOperands, operands,
                  hasResult ? 1 : 0, &resultType, numAttributes, attributes);
  return hasResult ? mlirOperationGetResult(op, 0) : (MlirValue){NULL};
}

MlirValue tileEmitConstant(TileLowering *lowering, MlirLocation location,
                           MlirType type, MlirAttribute value) {
  MlirNamedAttribute attribute = tileNamedAttr(lowering->context, "value", value);
  return tileEmit(lowering, "llvm.mlir.constant", location, 0, NULL, type, 1,
                  &attribute);
}

MlirValue tileEmitI32(TileLowering *lowering, MlirLocation location,
                      int64_t value) {
  MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
  return tileEmitConstant(lowering, location, i32, mlirIntegerAttrGet(i32, value));
}

MlirValue tileEmitBinary(TileLowering *lowering, MlirLocation location,
                         const char *name, MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  return tileEmit(lowering, name, location, 2, operands, mlirValueGetType(lhs),
                  0, NULL);
}

static MlirNamedAttribute positionAttr(TileLowering *lowering, int64_t index) {
  return tileNamedAttr(lowering->context, "position",
                       mlirDenseI64ArrayGet(lowering->context, 1, &index));
}

MlirValue tileEmitPack(TileLowering *lowering, MlirLocation location,
                       MlirType structType, intptr_t count,
                       const MlirValue *values) {
  MlirValue packed =
      tileEmit(lowering, "llvm.mlir.undef", location, 0, NULL, structType, 0, NULL);
  for (intptr_t i = 0; i < count; ++i) {
    MlirValue operands[2] = {packed, values[i]};
    MlirNamedAttribute position = positionAttr(lowering, i);
    packed = tileEmit(lowering, "llvm.insertvalue", location, 2, operands,
                      structType, 1, &position);
  }
  return packed;
}

void tileEmitUnpack(TileLowering *lowering, MlirLocation location,
                    MlirValue structValue, intptr_t count, MlirValue *values) {
  MlirType structType = mlirValueGetType(structValue);
  for (intptr_t i = 0; i < count; ++i) {
    MlirNamedAttribute position = positionAttr(lowering, i);
    values[i] = tileEmit(lowering, "llvm.extractvalue", location, 1, &structValue,
                         mlirLLVMStructTypeGetElementType(structType, i), 1,
                         &position);
  }
}

void tileEmitLaneAndWarp(TileLowering *lowering, MlirLocation location,
                         MlirValue *lane, MlirValue *warp) {
  MlirType i32 = mlirIntegerTypeGet(lowering->context, 32);
  MlirValue thread =
      tileEmit(lowering, "nvvm.read.ptx.sreg.tid.x", location, 0, NULL, i32, 0, NULL);
  int32_t laneBits = 0;
  while ((1 << laneBits) < lowering->threadsPerWarp)
    ++laneBits;
  *lane = tileEmitBinary(lowering, location, "llvm.and", thread,
                         tileEmitI32(lowering, location, lowering->threadsPerWarp - 1));
  *warp = tileEmitBinary(lowering, location, "llvm.lshr", thread,
                         tileEmitI32(lowering, location, laneBits));
}

void tileLayoutBasis(const TileLinearLayout *layout, TileLayoutDimName inName,
                     int32_t bit, int32_t rank, int32_t *coordinates) {
  int32_t in = tileLayoutFindInDim(layout, inName);
  for (int32_t d = 0; d < rank; ++d) {
    int32_t out = tileLayoutFindOutDim(layout, tileLayoutTensorDim(d));
    coordinates[d] = (in >= 0 && out >= 0 && bit < layout->inLog2Sizes[in])
                         ? layout->bases[in][bit][out]
                         : 0;
  }
}

void tileRegisterCoordinates(const TileLinearLayout *layout, int32_t rank,
                             int32_t reg, int32_t *coordinates) {
  int32_t basis[TILE_LAYOUT_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d)
    coordinates[d] = 0;
  for (int32_t bit = 0; (reg >> bit) != 0; ++bit) {
    if (!((reg >> bit) & 1))
      continue;
    tileLayoutBasis(layout, TILE_LAYOUT_REGISTER, bit, rank, basis);
    for (int32_t d = 0; d < rank; ++d)
      coordinates[d] ^= basis[d];
  }
}

/* The contribution of the bits `mask` of the runtime index `index` that a
 * layout moves by `shift` places (their bases are powers of two): one and
 * and one shift for all of them. */
static MlirValue emitShiftedBits(TileLowering *lowering, MlirLocation location,
                                 MlirValue index, int32_t mask, int32_t shift) {
  MlirValue masked = tileEmitBinary(lowering, location, "llvm.and", index,
                                    tileEmitI32(lowering, location, mask));
  if (shift > 0)
    return tileEmitBinary(lowering, location, "llvm.shl", masked,
                          tileEmitI32(lowering, location, shift));
  if (shift < 0)
    return tileEmitBinary(lowering, location, "llvm.lshr", masked,
                          tileEmitI32(lowering, location, -shift));
  return masked;
}

/* The contribution of bit `bit` of `index` with a basis value that is not a
 * power of two: ((index >> bit) & 1) * value. */
static MlirValue emitScaledBit(TileLowering *lowering, MlirLocation location,
                               MlirValue index, int32_t bit, int32_t value) {
  MlirValue shifted = tileEmitBinary(lowering, location, "llvm.lshr", index,
                                     tileEmitI32(lowering, location, bit));
  MlirValue one = tileEmitBinary(lowering, location, "llvm.and", shifted,
                                 tileEmitI32(lowering, location, 1));
  return tileEmitBinary(lowering, location, "llvm.mul", one,
                        tileEmitI32(lowering, location, value));
}

static int32_t log2Exact(int32_t value) {
  int32_t log = 0;
  while ((1 << log) < value)
    ++log;
  return (1 << log) == value ? log : -1;
}

void tileEmitCoordinates(TileLowering *lowering, MlirLocation location,
                         const TileLinearLayout *layout, int32_t rank,
                         MlirValue *coordinates) {
  MlirValue lane, warp;
  tileEmitLaneAndWarp(lowering, location, &lane, &warp);
  /* The lane and warp part of each coordinate, and which bits it can set. */
  MlirValue threadPart[TILE_LAYOUT_MAX_RANK];
  int32_t threadBits[TILE_LAYOUT_MAX_RANK];
  const struct {
    TileLayoutDimName name;
    MlirValue index;
  } inputs[2] = {{TILE_LAYOUT_LANE, lane}, {TILE_LAYOUT_WARP, warp}};
  for (int32_t d = 0; d < rank; ++d) {
    threadPart[d] = (MlirValue){NULL};
    threadBits[d] = 0;
  }
  for (int32_t i = 0; i < 2; ++i) {
    int32_t bits = 0;
    while ((1 << bits) < tileLayoutGetInDimSize(layout, inputs[i].name))
      ++bits;
    for (int32_t d = 0; d < rank; ++d) {
      /* Bits moved by the same shift combine into one term (masks[shift + 32]). */
      int32_t masks[64] = {0};
      MlirValue terms[TILE_LAYOUT_MAX_BASES + 64];
      int32_t numTerms = 0;
      for (int32_t bit = 0; bit < bits; ++bit) {
        int32_t basis[TILE_LAYOUT_MAX_RANK];
        tileLayoutBasis(layout, inputs[i].name, bit, rank, basis);
        if (basis[d] == 0)
          continue;
        int32_t log = log2Exact(basis[d]);
        if (log >= 0)
          masks[log - bit + 32] |= 1 << bit;
        else
          terms[numTerms++] =
              emitScaledBit(lowering, location, inputs[i].index, bit, basis[d]);
        threadBits[d] |= basis[d];
      }
      for (int32_t shift = 0; shift < 64; ++shift)
        if (masks[shift])
          terms[numTerms++] = emitShiftedBits(lowering, location, inputs[i].index,
                                              masks[shift], shift - 32);
      /* The coordinate is the XOR (the sum over GF(2)) of the terms; LLVM
       * turns an xor of known-disjoint bits into an or. */
      for (int32_t t = 0; t < numTerms; ++t)
        threadPart[d] = mlirValueIsNull(threadPart[d])
                            ? terms[t]
                            : tileEmitBinary(lowering, location, "llvm.xor",
                                             threadPart[d], terms[t]);
    }
  }
  int32_t registers = tileLayoutGetNumRegisters(layout);
  for (int32_t reg = 0; reg < registers; ++reg) {
    int32_t constant[TILE_LAYOUT_MAX_RANK];
    tileRegisterCoordinates(layout, rank, reg, constant);
    for (int32_t d = 0; d < rank; ++d) {
      MlirValue *out = &coordinates[reg * rank + d];
      if (mlirValueIsNull(threadPart[d]))
        *out = tileEmitI32(lowering, location, constant[d]);
      else if (constant[d] == 0)
        *out = threadPart[d];
      else
        *out = tileEmitBinary(lowering, location,
                              (threadBits[d] & constant[d]) ? "llvm.xor" : "llvm.or",
                              threadPart[d], tileEmitI32(lowering, location, constant[d]));
    }
  }
}

/* ---- The walk ---------------------------------------------------------- */

static bool touchesLoweredTypes(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (tileTypeNeedsLowering(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (tileTypeNeedsLowering(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

static bool inDialect(MlirOperation op, const char *dialect) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  size_t length = strlen(dialect);
  return name.length > length && memcmp(name.data, dialect, length) == 0 &&
         name.data[length] == '.';
}

/* Math ops that NVPTX cannot select on scalars become libdevice calls, so
 * they are lowered even when no tensor is involved. */
static bool isLibdeviceMath(MlirOperation op) {
  static const char *const names[] = {
      "math.exp", "math.exp2", "math.expm1", "math.log", "math.log2",
      "math.log10", "math.log1p", "math.sin", "math.cos", "math.tan",
      "math.tanh", "math.rsqrt", "math.erf", "math.atan", "math.atan2",
      "math.powf", "math.asin", "math.acos", "math.sinh", "math.cosh",
      "math.cbrt"};
  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); ++i)
    if (tileOpIs(op, names[i]))
      return true;
  return false;
}

static MlirLogicalResult lowerOp(TileLowering *lowering, MlirOperation op) {
  /* The casts that bridge lowered values to their remaining users. */
  if (tileOpIs(op, castOpName))
    return mlirLogicalResultSuccess();
  for (size_t i = 0; i < sizeof(opLowerings) / sizeof(opLowerings[0]); ++i) {
    if (!tileOpIs(op, opLowerings[i].name))
      continue;
    if (!opLowerings[i].lower)
      return tileLoweringError(op, "'%s' is not lowered yet", opLowerings[i].name);
    if (tileOpIs(op, "arith.constant") && !touchesLoweredTypes(op))
      return mlirLogicalResultSuccess();
    return opLowerings[i].lower(lowering, op);
  }
  if ((inDialect(op, "arith") || inDialect(op, "math")) &&
      (touchesLoweredTypes(op) || isLibdeviceMath(op)))
    return tileLowerElementwise(lowering, op);
  /* tile and tilegpu ops have no LLVM translation: each one left here would
   * only fail later with a less helpful message. */
  if (tileOpIs(op, "tile.make_tensor_ptr") || tileOpIs(op, "tile.advance"))
    return tileLoweringError(op, "block pointers are rewritten into tensors of pointers by "
                                 "-tile-rewrite-block-pointers, which runs before "
                                 "convert-tile-to-tilegpu; run it first");
  if (touchesLoweredTypes(op) || inDialect(op, "tile") || inDialect(op, "tilegpu")) {
    MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
    return tileLoweringError(op, "'%.*s' is not lowered yet", (int)name.length,
                             name.data);
  }
  return mlirLogicalResultSuccess();
}

MlirLogicalResult tileLowerRegion(TileLowering *lowering, MlirRegion region) {
  for (MlirBlock block = mlirRegionGetFirstBlock(region); !mlirBlockIsNull(block);
       block = mlirBlockGetNextInRegion(block)) {
    MlirOperation op = mlirBlockGetFirstOperation(block);
    while (!mlirOperationIsNull(op)) {
      MlirOperation next = mlirOperationGetNextInBlock(op);
      if (mlirLogicalResultIsFailure(lowerOp(lowering, op)))
        return mlirLogicalResultFailure();
      op = next;
    }
  }
  return mlirLogicalResultSuccess();
}

/* Casts whose users all got lowered are dead. A cast's input is never
 * another cast, so one sweep finds them all. */
typedef struct CastList {
  MlirOperation *ops;
  size_t count, capacity;
} CastList;

static MlirWalkResult collectCast(MlirOperation op, void *userData) {
  CastList *list = userData;
  if (!tileOpIs(op, castOpName))
    return MlirWalkResultAdvance;
  if (list->count == list->capacity) {
    size_t capacity = list->capacity ? 2 * list->capacity : 64;
    MlirOperation *grown = realloc(list->ops, capacity * sizeof(*grown));
    if (!grown)
      return MlirWalkResultInterrupt;
    list->ops = grown;
    list->capacity = capacity;
  }
  list->ops[list->count++] = op;
  return MlirWalkResultAdvance;
}

static void eraseDeadCasts(MlirOperation module) {
  CastList list = {NULL, 0, 0};
  mlirOperationWalk(module, collectCast, &list, MlirWalkPostOrder);
  for (size_t i = 0; i < list.count; ++i)
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(list.ops[i], 0))))
      mlirOperationDestroy(list.ops[i]);
  free(list.ops);
}

static bool readModuleInt(MlirOperation module, const char *name,
                          int64_t fallback, int64_t *value) {
  MlirAttribute attr =
      mlirOperationGetAttributeByName(module, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(attr)) {
    *value = fallback;
    return true;
  }
  if (!mlirAttributeIsAInteger(attr))
    return false;
  *value = mlirIntegerAttrGetValueInt(attr);
  return true;
}

static MlirLogicalResult runConvertTileGPUToLLVM(MlirOperation module,
                                                 const TilePassOptionValue *options) {
  int64_t numWarps, threadsPerWarp;
  if (!readModuleInt(module, "tilegpu.num-warps", 4, &numWarps) ||
      !readModuleInt(module, "tilegpu.threads-per-warp", 32, &threadsPerWarp) ||
      numWarps < 1 || !tileIsPowerOfTwo(numWarps) || numWarps > 32)
    return tileLoweringError(module, "the module's tilegpu.num-warps must be a "
                                     "power of two from 1 to 32 and "
                                     "tilegpu.threads-per-warp an integer");
  if (threadsPerWarp != 32)
    return tileLoweringError(module, "tilegpu.threads-per-warp is %lld; NVIDIA "
                                     "GPUs have 32 threads per warp",
                             (long long)threadsPerWarp);
  TileLowering lowering = {
      .context = mlirOperationGetContext(module),
      .module = module,
      .numWarps = (int32_t)numWarps,
      .threadsPerWarp = (int32_t)threadsPerWarp,
  };
  lowering.rewriter = mlirIRRewriterCreate(lowering.context);
  tileAnnotateAccessWidths(&lowering, module);
  MlirLogicalResult result = mlirLogicalResultSuccess();
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirOperation op = mlirBlockGetFirstOperation(body);
  while (!mlirOperationIsNull(op) && mlirLogicalResultIsSuccess(result)) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if (tileOpIs(op, "func.func"))
      result = tileLowerFunction(&lowering, op);
    op = next;
  }
  if (mlirLogicalResultIsSuccess(result))
    eraseDeadCasts(module);
  mlirIRRewriterDestroy(lowering.rewriter);
  return result;
}

static MlirDialectHandle (*const dependentDialects[])(void) = {
    mlirGetDialectHandle__llvm__, mlirGetDialectHandle__nvvm__, NULL};

_Alignas(8) const TilePassInfo tileConvertTileGPUToLLVMPass = {
    .argument = "convert-tilegpu-to-llvm",
    .name = "ConvertTileGPUToLLVM",
    .description = "Lower tilegpu programs to per-thread LLVM + NVVM code "
                   "(tensors become structs of each thread's elements); "
                   "scalar arith/scf are left to the upstream conversions",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = dependentDialects,
    .run = runConvertTileGPUToLLVM,
};
