//===- TileGPUDialect.cpp - ODS glue of the tilegpu dialect ---------------===//
//
// Glue only. Verifiers of ops, layouts, the memdesc type and the module
// attributes are written in C (TileGPUHooks.h); this file forwards to them,
// spells the few assembly pieces ODS cannot (bracketed lists, linear-layout
// bases, the memdesc type), and instantiates what ODS generated.
//
//===----------------------------------------------------------------------===//

#include "dialects/tilegpu/TileGPUDialect.h"
#include "dialects/tilegpu/TileGPUHooks.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tilegpu;

//===----------------------------------------------------------------------===//
// Assembly pieces named by the ODS formats.
//===----------------------------------------------------------------------===//

FailureOr<SmallVector<unsigned>> mlir::tilegpu::parseBracketedList(AsmParser &parser) {
  SmallVector<unsigned> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(values.emplace_back());
      }))
    return failure();
  return values;
}

void mlir::tilegpu::printBracketedList(AsmPrinter &printer, ArrayRef<unsigned> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

FailureOr<bool> mlir::tilegpu::parseBoolKeyword(AsmParser &parser) {
  if (succeeded(parser.parseOptionalKeyword("true")))
    return true;
  if (succeeded(parser.parseOptionalKeyword("false")))
    return false;
  return parser.emitError(parser.getCurrentLocation(), "expected 'true' or 'false'");
}

// `[[0, 1], [2, 0]]`: basis vectors of one input dimension, appended to
// `flat`. `rank` is 0 until the first vector fixes it.
static ParseResult parseBasisList(AsmParser &parser, unsigned &rank,
                                  SmallVector<int32_t> &flat) {
  return parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&]() -> ParseResult {
    SMLoc loc = parser.getCurrentLocation();
    size_t before = flat.size();
    if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
          return parser.parseInteger(flat.emplace_back());
        }))
      return failure();
    unsigned length = flat.size() - before;
    if (rank == 0)
      rank = length;
    if (length != rank || length == 0)
      return parser.emitError(loc, "every basis vector of a linear layout must "
                                   "have the same, nonzero length (the tensor's rank)");
    return success();
  });
}

static ParseResult parseLinearBases(AsmParser &parser, unsigned &rank,
                                    SmallVector<int32_t> &registerBases,
                                    SmallVector<int32_t> &laneBases,
                                    SmallVector<int32_t> &warpBases,
                                    SmallVector<int32_t> &blockBases) {
  rank = 0;
  std::pair<StringRef, SmallVector<int32_t> *> kinds[] = {
      {"register", &registerBases}, {"lane", &laneBases},
      {"warp", &warpBases}, {"block", &blockBases}};
  for (auto [index, kind] : llvm::enumerate(kinds)) {
    if (index > 0 && parser.parseComma())
      return failure();
    if (parser.parseKeyword(kind.first) || parser.parseEqual() ||
        parseBasisList(parser, rank, *kind.second))
      return failure();
  }
  return success();
}

static void printBasisList(AsmPrinter &printer, unsigned rank, ArrayRef<int32_t> flat) {
  printer << '[';
  for (unsigned start = 0; start < flat.size(); start += rank) {
    if (start > 0)
      printer << ", ";
    printer << '[';
    llvm::interleaveComma(flat.slice(start, rank), printer);
    printer << ']';
  }
  printer << ']';
}

static void printLinearBases(AsmPrinter &printer, unsigned rank,
                             ArrayRef<int32_t> registerBases,
                             ArrayRef<int32_t> laneBases,
                             ArrayRef<int32_t> warpBases,
                             ArrayRef<int32_t> blockBases) {
  printer << "register = ";
  printBasisList(printer, rank, registerBases);
  printer << ", lane = ";
  printBasisList(printer, rank, laneBases);
  printer << ", warp = ";
  printBasisList(printer, rank, warpBases);
  printer << ", block = ";
  printBasisList(printer, rank, blockBases);
}

#include "dialects/tilegpu/TileGPUDialect.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "dialects/tilegpu/TileGPUAttrs.cpp.inc"
#define GET_TYPEDEF_CLASSES
#include "dialects/tilegpu/TileGPUTypes.cpp.inc"

void TileGPUDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/tilegpu/TileGPUTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/tilegpu/TileGPUAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/tilegpu/TileGPUOps.cpp.inc"
      >();
}

Operation *TileGPUDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                               Type type, Location loc) {
  return arith::ConstantOp::materialize(builder, value, type, loc);
}

LogicalResult TileGPUDialect::verifyOperationAttribute(Operation *op,
                                                       NamedAttribute attribute) {
  MlirNamedAttribute named =
      mlirNamedAttributeGet(wrap(attribute.getName()), wrap(attribute.getValue()));
  return unwrap(tilegpuVerifyOperationAttribute(wrap(op), named));
}

//===----------------------------------------------------------------------===//
// Helpers named by the ODS constraints.
//===----------------------------------------------------------------------===//

bool mlir::tilegpu::isDistributedLayout(Attribute attribute) {
  return isa_and_nonnull<BlockedLayoutAttr, SliceLayoutAttr, MmaLayoutAttr,
                         DotOperandLayoutAttr, LinearLayoutAttr>(attribute);
}

bool mlir::tilegpu::hasDistributedLayout(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isDistributedLayout(tensor.getEncoding());
}

//===----------------------------------------------------------------------===//
// Attribute and type verifiers, forwarded to C.
//===----------------------------------------------------------------------===//

using EmitErrorFn = function_ref<InFlightDiagnostic()>;

// Each C verifier reports at most one message; it becomes the diagnostic
// that MLIR's emitError callback starts.
static TileGPUErrorSink sinkFor(EmitErrorFn &emitError) {
  return {[](void *userData, const char *message) {
            (*static_cast<EmitErrorFn *>(userData))() << message;
          },
          &emitError};
}

LogicalResult BlockedLayoutAttr::verify(EmitErrorFn emitError,
                                        ArrayRef<unsigned> sizePerThread,
                                        ArrayRef<unsigned> threadsPerWarp,
                                        ArrayRef<unsigned> warpsPerCTA,
                                        ArrayRef<unsigned> order) {
  return unwrap(tilegpuVerifyBlockedLayout(
      sinkFor(emitError), sizePerThread.data(), sizePerThread.size(),
      threadsPerWarp.data(), threadsPerWarp.size(), warpsPerCTA.data(),
      warpsPerCTA.size(), order.data(), order.size()));
}

LogicalResult SliceLayoutAttr::verify(EmitErrorFn emitError, unsigned dim,
                                      Attribute parent) {
  return unwrap(tilegpuVerifySliceLayout(sinkFor(emitError), dim, wrap(parent)));
}

LogicalResult MmaLayoutAttr::verify(EmitErrorFn emitError, unsigned version,
                                    unsigned versionMinor,
                                    ArrayRef<unsigned> warpsPerCTA,
                                    ArrayRef<unsigned> instrShape) {
  return unwrap(tilegpuVerifyMmaLayout(sinkFor(emitError), version, versionMinor,
                                       warpsPerCTA.data(), warpsPerCTA.size(),
                                       instrShape.data(), instrShape.size()));
}

LogicalResult DotOperandLayoutAttr::verify(EmitErrorFn emitError, unsigned opIdx,
                                           Attribute parent, unsigned kWidth) {
  return unwrap(tilegpuVerifyDotOperandLayout(sinkFor(emitError), opIdx,
                                              wrap(parent), kWidth));
}

LogicalResult LinearLayoutAttr::verify(EmitErrorFn emitError, unsigned rank,
                                       ArrayRef<int32_t> registerBases,
                                       ArrayRef<int32_t> laneBases,
                                       ArrayRef<int32_t> warpBases,
                                       ArrayRef<int32_t> blockBases) {
  return unwrap(tilegpuVerifyLinearLayout(
      sinkFor(emitError), rank, registerBases.data(), registerBases.size(),
      laneBases.data(), laneBases.size(), warpBases.data(), warpBases.size(),
      blockBases.data(), blockBases.size()));
}

LogicalResult SwizzledSharedLayoutAttr::verify(EmitErrorFn emitError, unsigned vec,
                                               unsigned perPhase, unsigned maxPhase,
                                               ArrayRef<unsigned> order) {
  return unwrap(tilegpuVerifySwizzledSharedLayout(
      sinkFor(emitError), vec, perPhase, maxPhase, order.data(), order.size()));
}

LogicalResult NVMMASharedLayoutAttr::verify(EmitErrorFn emitError,
                                            unsigned swizzlingByteWidth,
                                            bool transposed,
                                            unsigned elementBitWidth) {
  return unwrap(tilegpuVerifyNVMMASharedLayout(
      sinkFor(emitError), swizzlingByteWidth, transposed, elementBitWidth));
}

LogicalResult MemDescType::verify(EmitErrorFn emitError, ArrayRef<int64_t> shape,
                                  Type elementType, Attribute encoding,
                                  Attribute memorySpace, bool mutableMemory,
                                  ArrayRef<int64_t> allocShape) {
  return unwrap(tilegpuVerifyMemDescType(
      sinkFor(emitError), shape.data(), shape.size(), wrap(elementType),
      wrap(encoding), wrap(memorySpace), mutableMemory, allocShape.data(),
      allocShape.size()));
}

//===----------------------------------------------------------------------===//
// !tilegpu.memdesc<64x32xf16, #shared, #tilegpu.shared_memory[, mutable][, 3x64x32]>
//===----------------------------------------------------------------------===//

Type MemDescType::parse(AsmParser &parser) {
  SMLoc loc = parser.getCurrentLocation();
  SmallVector<int64_t> shape, allocShape;
  Type elementType;
  Attribute encoding, memorySpace;
  bool mutableMemory = false;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/false, /*withTrailingX=*/true) ||
      parser.parseType(elementType) || parser.parseComma() ||
      parser.parseAttribute(encoding) || parser.parseComma() ||
      parser.parseAttribute(memorySpace))
    return {};
  // Then `, mutable` and `, <alloc shape>`, each optional, in that order.
  bool hasComma = succeeded(parser.parseOptionalComma());
  if (hasComma && succeeded(parser.parseOptionalKeyword("mutable"))) {
    mutableMemory = true;
    hasComma = succeeded(parser.parseOptionalComma());
  }
  if (hasComma && parser.parseDimensionList(allocShape, /*allowDynamic=*/false,
                                            /*withTrailingX=*/false))
    return {};
  if (parser.parseGreater())
    return {};
  if (allocShape.empty())
    allocShape = shape;
  return parser.getChecked<MemDescType>(loc, parser.getContext(), shape, elementType,
                                        encoding, memorySpace, mutableMemory,
                                        allocShape);
}

void MemDescType::print(AsmPrinter &printer) const {
  printer << '<';
  printer.printDimensionList(getShape());
  printer << 'x' << getElementType() << ", " << getEncoding() << ", "
          << getMemorySpace();
  if (getMutableMemory())
    printer << ", mutable";
  if (getAllocShape() != getShape()) {
    printer << ", ";
    printer.printDimensionList(getAllocShape());
  }
  printer << '>';
}

//===----------------------------------------------------------------------===//
// Ops: verifiers forwarded to C, effects that depend on operands.
//===----------------------------------------------------------------------===//

#define TILEGPU_VERIFY_IN_C(OpClass, hook)                                    \
  LogicalResult OpClass::verify() { return unwrap(hook(wrap(getOperation()))); }

TILEGPU_VERIFY_IN_C(LocalAllocOp, tilegpuVerifyLocalAlloc)
TILEGPU_VERIFY_IN_C(LocalLoadOp, tilegpuVerifyLocalLoad)
TILEGPU_VERIFY_IN_C(LocalStoreOp, tilegpuVerifyLocalStore)
TILEGPU_VERIFY_IN_C(LocalDeallocOp, tilegpuVerifyLocalDealloc)
TILEGPU_VERIFY_IN_C(MemDescIndexOp, tilegpuVerifyMemDescIndex)
TILEGPU_VERIFY_IN_C(MemDescTransOp, tilegpuVerifyMemDescTrans)
TILEGPU_VERIFY_IN_C(MemDescSubsliceOp, tilegpuVerifyMemDescSubslice)
TILEGPU_VERIFY_IN_C(AsyncCopyGlobalToLocalOp, tilegpuVerifyAsyncCopyGlobalToLocal)
TILEGPU_VERIFY_IN_C(WarpGroupDotOp, tilegpuVerifyWarpGroupDot)
TILEGPU_VERIFY_IN_C(AsyncTMACopyGlobalToLocalOp, tilegpuVerifyAsyncTMACopyGlobalToLocal)
TILEGPU_VERIFY_IN_C(InitBarrierOp, tilegpuVerifyBarrierOperand)
TILEGPU_VERIFY_IN_C(BarrierExpectOp, tilegpuVerifyBarrierOperand)
TILEGPU_VERIFY_IN_C(WaitBarrierOp, tilegpuVerifyBarrierOperand)
TILEGPU_VERIFY_IN_C(InvalBarrierOp, tilegpuVerifyBarrierOperand)

OpFoldResult ConvertLayoutOp::fold(FoldAdaptor adaptor) {
  MlirAttribute constant = wrap(adaptor.getSrc());
  TileFoldResult result = tilegpuFoldConvertLayout(wrap(getOperation()), &constant);
  if (!mlirAttributeIsNull(result.attribute))
    return unwrap(result.attribute);
  if (!mlirValueIsNull(result.value))
    return unwrap(result.value);
  return {};
}

// The buffer is allocated; filling it from `src` writes it.
void LocalAllocOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  OpResult buffer = cast<OpResult>(getResult());
  effects.emplace_back(MemoryEffects::Allocate::get(), buffer, SharedMemory::get());
  if (getSrc())
    effects.emplace_back(MemoryEffects::Write::get(), buffer, SharedMemory::get());
}

// `b` is always read from shared memory, `a` only when it is a memdesc.
void WarpGroupDotOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  if (isa<MemDescType>(getA().getType()))
    effects.emplace_back(MemoryEffects::Read::get(), &getAMutable(), SharedMemory::get());
  effects.emplace_back(MemoryEffects::Read::get(), &getBMutable(), SharedMemory::get());
}

// The wait hands its operands back unchanged.
LogicalResult WarpGroupDotWaitOp::inferReturnTypes(
    MLIRContext *context, std::optional<Location> location, ValueRange operands,
    DictionaryAttr attributes, OpaqueProperties properties, RegionRange regions,
    SmallVectorImpl<Type> &inferredReturnTypes) {
  llvm::append_range(inferredReturnTypes, operands.getTypes());
  return success();
}

#define GET_OP_CLASSES
#include "dialects/tilegpu/TileGPUOps.cpp.inc"
