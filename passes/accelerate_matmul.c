/*===- accelerate_matmul.c - tensor-core layouts for tile.dot --------------===*
 *
 * -tilegpu-accelerate-matmul picks, for every `tile.dot` whose result still
 * has a blocked layout, the instruction that will compute it and the
 * layouts that instruction needs, from the module's `tilegpu.target` and
 * `tilegpu.num-warps`:
 *
 *   mma version 2 (`mma.sync`, targets 80 and newer; Hopper too until the
 *   wgmma path exists): f16 and bf16 (m16n8k16, f32 or f16 accumulator),
 *   f32 with inputPrecision tf32 or tf32x3 (m16n8k8), i8 (m16n8k32, i32
 *   accumulator), fp8 on targets 89 and newer (m16n8k32, any mix of e4m3
 *   and e5m2); on Turing (targets 75 to 79) f16 only, the one type its
 *   mma.sync takes;
 *   mma version 1 (Volta `mma.m8n8k4`, targets 70 to 74): f16 only;
 *   FMA: everything else (f32 with ieee, f64, bf16/tf32/i8 below 80, any
 *   type below 70) and tiles smaller than one instruction (M < 16, N < 8,
 *   or K below the instruction's K). fp8 has no FMA path (CUDA cores have
 *   no fp8 arithmetic): an fp8 dot that gets no mma is an error that says
 *   what it needs.
 *
 * An mma dot gets `#tilegpu.mma<{version, warpsPerCTA, instrShape}>` on its
 * result and accumulator and `#tilegpu.dot_operand<{opIdx, parent = #mma,
 * kWidth}>` on a and b, where kWidth = 32 / element bits (the consecutive K
 * elements of one 32-bit mma register, as Triton's DotOperandEncodingAttr
 * builder picks it; the linear-layout library and ldmatrix assume it). An
 * FMA dot keeps its blocked result and gets `#tilegpu.dot_operand<{opIdx,
 * parent = #blocked}>` on a and b, so each thread holds the rows and columns
 * its outputs need. warpsPerCTA follows Triton's warpsPerTileV2: warps are
 * added one doubling at a time to the dimension with more instruction
 * repetitions left per warp (M on a tie), which balances the registers of
 * A and B; a batched (rank-3) dot puts every warp on the batch.
 *
 * Invariant after the pass: the dot's operands and result carry the chosen
 * layouts; `tilegpu.convert_layout` ops lead into them and the result is
 * converted back to its old layout for its users, for
 * -tilegpu-remove-layout-conversions to clean up. A dot already in an mma
 * or dot_operand layout is left alone, so the pass is idempotent.
 *
 *===----------------------------------------------------------------------===*/

#include "conversion/tile_to_tilegpu/layout_support.h"
#include "dialects/support.h"
#include "dialects/target.h"
#include "passes/op_list.h"
#include "passes/passes.h"
#include "tile-c/Tile.h"
#include "tile-c/TileGPU.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"

#include <stdio.h>

#include <string.h>

enum { MAX_DOT_RANK = 3 };

/* The values of tile's InputPrecision enum (TileEnums.td). */
enum { PRECISION_TF32 = 0, PRECISION_TF32X3 = 1, PRECISION_IEEE = 2 };

typedef enum DotInstruction {
  DOT_FMA = 0,
  DOT_MMA_V1,
  DOT_MMA_V2,
} DotInstruction;

/* What the pass decided for one dot. */
typedef struct DotPlan {
  DotInstruction instruction;
  unsigned kWidth;   /* K elements per 32-bit operand register */
  unsigned instrK;   /* K of one instruction, for the size check */
} DotPlan;

/* The module facts every dot is judged by. */
typedef struct Target {
  int computeCapability; /* 80 for "cuda:80" or "cuda:80a" */
  unsigned numWarps;
} Target;

/*===----------------------------------------------------------------------===*
 * Module attributes
 *===----------------------------------------------------------------------===*/

static MlirLogicalResult readTarget(MlirOperation module, Target *target) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      module, mlirStringRefCreateFromCString("tilegpu.target"));
  unsigned threadsPerWarp = 0;
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsAString(attr) ||
      !tileGetLaunchShape(module, &target->numWarps, &threadsPerWarp)) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tilegpu-accelerate-matmul: the module has no tilegpu.target, "
                  "tilegpu.num-warps and tilegpu.threads-per-warp; run "
                  "-convert-tile-to-tilegpu first");
    return mlirLogicalResultFailure();
  }
  target->computeCapability = tileTargetParseCapability(mlirStringAttrGetValue(attr));
  if (target->computeCapability < 0) {
    mlirEmitError(mlirOperationGetLocation(module),
                  "tilegpu-accelerate-matmul: tilegpu.target must read "
                  "\"cuda:<compute capability>\", such as \"cuda:80\"");
    return mlirLogicalResultFailure();
  }
  return mlirLogicalResultSuccess();
}

/*===----------------------------------------------------------------------===*
 * Which instruction computes a dot
 *===----------------------------------------------------------------------===*/

static bool isFp8(MlirType type) {
  return mlirTypeIsAFloat8E4M3FN(type) || mlirTypeIsAFloat8E5M2(type);
}

static bool isI8(MlirType type) {
  return mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) == 8;
}

static int64_t inputPrecisionOf(MlirOperation dot) {
  MlirAttribute attr = mlirOperationGetAttributeByName(
      dot, mlirStringRefCreateFromCString("inputPrecision"));
  return mlirAttributeIsNull(attr) ? PRECISION_TF32 : tileEnumAttrGetValue(attr);
}

/* The mma.sync variant for the operand types, ignoring the tile size. */
static DotPlan mmaV2PlanFor(const Target *target, MlirOperation dot, MlirType a,
                            MlirType b) {
  DotPlan fma = {DOT_FMA, 0, 0};
  if (mlirTypeIsAF16(a) && mlirTypeIsAF16(b))
    return (DotPlan){DOT_MMA_V2, 2, 16};
  if (target->computeCapability < 80)
    return fma; /* Turing's mma.sync takes f16 only */
  if (mlirTypeIsABF16(a) && mlirTypeIsABF16(b))
    return (DotPlan){DOT_MMA_V2, 2, 16};
  if (mlirTypeIsAF32(a) && mlirTypeIsAF32(b))
    return inputPrecisionOf(dot) == PRECISION_IEEE ? fma : (DotPlan){DOT_MMA_V2, 1, 8};
  if (isI8(a) && isI8(b))
    return (DotPlan){DOT_MMA_V2, 4, 32};
  if (isFp8(a) && isFp8(b) && target->computeCapability >= 89)
    return (DotPlan){DOT_MMA_V2, 4, 32};
  return fma;
}

static DotPlan planDot(const Target *target, MlirOperation dot, const int64_t *shapeA,
                       const int64_t *shapeB, intptr_t rank) {
  DotPlan fma = {DOT_FMA, 0, 0};
  MlirType a = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(dot, 0)));
  MlirType b = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(dot, 1)));
  DotPlan plan = fma;
  if (target->computeCapability >= 75)
    plan = mmaV2PlanFor(target, dot, a, b);
  else if (target->computeCapability >= 70 && mlirTypeIsAF16(a) && mlirTypeIsAF16(b))
    plan = (DotPlan){DOT_MMA_V1, 2, 4};
  int64_t m = shapeA[rank - 2], k = shapeA[rank - 1], n = shapeB[rank - 1];
  if (plan.instruction != DOT_FMA && (m < 16 || n < 8 || k < plan.instrK))
    return fma;
  return plan;
}

/* Triton's warpsPerTileV2 (see the file comment). */
static void warpsPerTileV2(const int64_t *shape, intptr_t rank, unsigned numWarps,
                           unsigned *warps) {
  if (rank == 3) {
    warps[0] = numWarps, warps[1] = 1, warps[2] = 1;
    return;
  }
  int64_t repeats[2] = {shape[0] / 16, shape[1] / 8};
  warps[0] = 1, warps[1] = 1;
  while (warps[0] * warps[1] < numWarps) {
    if (repeats[0] >= repeats[1]) {
      warps[0] *= 2;
      if (repeats[0] > 1)
        repeats[0] /= 2;
    } else {
      warps[1] *= 2;
      repeats[1] /= 2;
    }
  }
}

/* Volta's choice (Triton's warpsPerTileV1): warps go along M while M has
 * 16-row tiles left, then along N. */
static void warpsPerTileV1(const int64_t *shape, unsigned numWarps, unsigned *warps) {
  warps[0] = 1, warps[1] = 1;
  while (warps[0] * warps[1] < numWarps) {
    if (shape[0] > 16 * (int64_t)warps[0])
      warps[0] *= 2;
    else
      warps[1] *= 2;
  }
}

static MlirAttribute mmaLayoutFor(MlirContext context, const DotPlan *plan,
                                  const Target *target, const int64_t *shape,
                                  intptr_t rank) {
  unsigned warps[MAX_DOT_RANK];
  if (plan->instruction == DOT_MMA_V1) {
    static const unsigned voltaShape[2] = {16, 16};
    warpsPerTileV1(shape, target->numWarps, warps);
    return tilegpuMmaLayoutAttrGet(context, 1, 0, 2, warps, 2, voltaShape);
  }
  static const unsigned ampereShape[3] = {1, 16, 8};
  warpsPerTileV2(shape, rank, target->numWarps, warps);
  /* Triton marks Turing's mma.sync (no bf16 m16n8k16 there) with minor 1. */
  unsigned minor = target->computeCapability == 75 ? 1 : 0;
  return tilegpuMmaLayoutAttrGet(context, 2, minor, rank, warps, rank,
                                 rank == 3 ? ampereShape : ampereShape + 1);
}

/*===----------------------------------------------------------------------===*
 * Rewriting one dot
 *===----------------------------------------------------------------------===*/

static MlirLogicalResult acceleratePlannedDot(MlirRewriterBase rewriter, MlirOperation dot,
                                              const DotPlan *plan, const Target *target,
                                              MlirAttribute resultLayout,
                                              const int64_t *shape, intptr_t rank) {
  MlirContext context = mlirOperationGetContext(dot);
  MlirLocation location = mlirOperationGetLocation(dot);
  MlirAttribute parent = resultLayout;
  if (plan->instruction != DOT_FMA) {
    parent = mmaLayoutFor(context, plan, target, shape, rank);
    if (mlirAttributeIsNull(parent))
      return tileOpError(dot, "tilegpu-accelerate-matmul: could not build the mma "
                              "layout for this dot");
  }
  MlirAttribute operandLayouts[2];
  for (unsigned opIdx = 0; opIdx < 2; ++opIdx) {
    operandLayouts[opIdx] =
        tilegpuDotOperandLayoutAttrGet(context, opIdx, parent, plan->kWidth);
    if (mlirAttributeIsNull(operandLayouts[opIdx]))
      return tileOpError(dot, "tilegpu-accelerate-matmul: could not build the "
                              "dot_operand layout of operand %u",
                         opIdx);
  }
  mlirRewriterBaseSetInsertionPointBefore(rewriter, dot);
  for (intptr_t i = 0; i < 3; ++i) {
    MlirValue operand = mlirOperationGetOperand(dot, i);
    MlirAttribute wanted = i < 2 ? operandLayouts[i] : parent;
    if (!mlirAttributeEqual(tileLayoutOf(operand), wanted))
      mlirOperationSetOperand(dot, i,
                              tileBuildConvertLayout(rewriter, location, operand, wanted));
  }
  if (mlirAttributeEqual(parent, resultLayout))
    return mlirLogicalResultSuccess();
  MlirValue result = mlirOperationGetResult(dot, 0);
  mlirValueSetType(result, tileTensorTypeWithLayout(mlirValueGetType(result), parent));
  mlirRewriterBaseSetInsertionPointAfter(rewriter, dot);
  MlirValue back = tileBuildConvertLayout(rewriter, location, result, resultLayout);
  MlirOperation backOp = mlirOpResultGetOwner(back);
  mlirValueReplaceAllUsesExcept(result, back, 1, &backOp);
  return mlirLogicalResultSuccess();
}

/* The 32-bit registers of the accumulator each thread holds, and whether
 * they outgrow a thread's 255: then ptxas spills the whole loop and the
 * back end takes long. A warning, not an error: the kernel is still
 * correct. */
enum { MAX_THREAD_REGISTERS = 255 };

static void warnIfAccumulatorSpills(MlirOperation dot, const Target *target,
                                    const int64_t *shape, intptr_t rank) {
  int64_t bits = tileBitWidthOf(tileElementTypeOf(mlirValueGetType(mlirOperationGetResult(dot, 0))));
  for (intptr_t d = 0; d < rank; ++d)
    bits *= shape[d];
  int64_t threadBits = 32 * 32 * (int64_t)target->numWarps;
  int64_t registers = (bits + threadBits - 1) / threadBits;
  if (registers <= MAX_THREAD_REGISTERS)
    return;
  char message[320];
  snprintf(message, sizeof(message),
           "tilegpu-accelerate-matmul: this tile.dot's accumulator takes %lld registers "
           "per thread over %u warps, more than a thread's %d: ptxas will spill and "
           "compiling takes long; use more warps or a smaller tile",
           (long long)registers, target->numWarps, MAX_THREAD_REGISTERS);
  tileEmitWarning(mlirOperationGetLocation(dot), message);
}

static MlirLogicalResult accelerateDot(MlirRewriterBase rewriter, MlirOperation dot,
                                       void *userData) {
  const Target *target = userData;
  MlirValue result = mlirOperationGetResult(dot, 0);
  MlirAttribute resultLayout = tileLayoutOf(result);
  if (mlirAttributeIsNull(resultLayout))
    return tileOpError(dot, "tilegpu-accelerate-matmul: the result has no layout; run "
                            "-convert-tile-to-tilegpu first");
  if (!tilegpuAttributeIsABlockedLayout(resultLayout))
    return mlirLogicalResultSuccess(); /* already accelerated, or chosen by hand */
  int64_t shape[MAX_DOT_RANK], shapeA[MAX_DOT_RANK], shapeB[MAX_DOT_RANK];
  intptr_t rank = tileShapeOf(mlirValueGetType(result), shape, MAX_DOT_RANK);
  tileShapeOf(mlirValueGetType(mlirOperationGetOperand(dot, 0)), shapeA, MAX_DOT_RANK);
  tileShapeOf(mlirValueGetType(mlirOperationGetOperand(dot, 1)), shapeB, MAX_DOT_RANK);
  if (rank < 2 || rank > MAX_DOT_RANK)
    return tileOpError(dot, "tilegpu-accelerate-matmul: a dot must be 2-D or 3-D");
  warnIfAccumulatorSpills(dot, target, shape, rank);
  DotPlan plan = planDot(target, dot, shapeA, shapeB, rank);
  if (plan.instruction == DOT_MMA_V1 && rank == 3)
    plan = (DotPlan){DOT_FMA, 0, 0}; /* Volta's layout has no batch dimension */
  MlirType a = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(dot, 0)));
  MlirType b = tileElementTypeOf(mlirValueGetType(mlirOperationGetOperand(dot, 1)));
  if (plan.instruction == DOT_FMA && (isFp8(a) || isFp8(b)))
    return tileOpError(dot, "tilegpu-accelerate-matmul: a tile.dot of fp8 inputs runs on "
                            "tensor cores only: cuda:89 or newer (this module targets "
                            "cuda:%d) and a tile of at least 16x8x32; otherwise widen the inputs with tile.fp_to_fp first",
                       target->computeCapability);
  return acceleratePlannedDot(rewriter, dot, &plan, target, resultLayout, shape, rank);
}

/*===----------------------------------------------------------------------===*
 * The pass
 *===----------------------------------------------------------------------===*/

static bool isDot(MlirOperation op) { return tileOperationIsNamed(op, "tile.dot"); }

static MlirLogicalResult runAccelerateMatmul(MlirOperation module,
                                             const TilePassOptionValue *options) {
  (void)options;
  Target target;
  if (mlirLogicalResultIsFailure(readTarget(module, &target)))
    return mlirLogicalResultFailure();
  return tileRewriteEachMatching(module, isDot, accelerateDot, &target);
}

static MlirDialectHandle (*const accelerateMatmulDialects[])(void) = {
    mlirGetDialectHandle__tilegpu__,
    NULL,
};

_Alignas(8) const TilePassInfo tileAccelerateMatmulPass = {
    .argument = "tilegpu-accelerate-matmul",
    .name = "TileGPUAccelerateMatmul",
    .description = "Pick mma (tensor cores) or FMA for every tile.dot from the "
                   "target and operand types, and give its operands dot_operand layouts",
    .anchorOpName = "builtin.module",
    .options = NULL,
    .numOptions = 0,
    .dependentDialects = accelerateMatmulDialects,
    .run = runAccelerateMatmul,
};
