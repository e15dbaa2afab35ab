//===- PassBridge.cpp - register C passes with MLIR's pass registry ------===//
//
// Glue only: a C++ Pass whose identity, options and body come from a C
// TilePassInfo. Options are real MLIR pass options, so parsing, errors and
// pipeline printing behave like upstream passes.
//
//===----------------------------------------------------------------------===//

#include "tile-c/Compile.h"
#include "tile-c/Passes.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

class CPass : public mlir::Pass {
public:
  explicit CPass(const TilePassInfo *info)
      : mlir::Pass(mlir::TypeID::getFromOpaquePointer(info),
                   info->anchorOpName
                       ? std::optional<llvm::StringRef>(info->anchorOpName)
                       : std::nullopt),
        info(info) {
    for (intptr_t i = 0; i < info->numOptions; ++i)
      addOption(info->options[i]);
  }

  llvm::StringRef getName() const override { return info->name; }
  llvm::StringRef getArgument() const override { return info->argument; }
  llvm::StringRef getDescription() const override { return info->description; }

  bool canScheduleOn(mlir::RegisteredOperationName) const override {
    return true;
  }

  void getDependentDialects(mlir::DialectRegistry &registry) const override {
    if (!info->dependentDialects)
      return;
    for (auto *get = info->dependentDialects; *get; ++get)
      mlirDialectHandleInsertDialect((*get)(), wrap(&registry));
  }

  std::unique_ptr<mlir::Pass> clonePass() const override {
    auto clone = std::make_unique<CPass>(info);
    clone->copyOptionValuesFrom(this);
    return clone;
  }

  void runOnOperation() override {
    std::vector<TilePassOptionValue> values(info->numOptions);
    for (intptr_t i = 0; i < info->numOptions; ++i) {
      const Option &option = options[i];
      values[i].intValue = option.intOption ? (int64_t)*option.intOption : 0;
      values[i].boolValue = option.boolOption ? (bool)*option.boolOption : false;
      if (option.stringOption)
        values[i].stringValue = wrap(llvm::StringRef(*option.stringOption));
    }
    if (mlirLogicalResultIsFailure(info->run(wrap(getOperation()), values.data())))
      signalPassFailure();
  }

private:
  // Exactly one member is set, by the option's kind.
  struct Option {
    std::unique_ptr<mlir::Pass::Option<int64_t>> intOption;
    std::unique_ptr<mlir::Pass::Option<bool>> boolOption;
    std::unique_ptr<mlir::Pass::Option<std::string>> stringOption;
  };

  void addOption(const TilePassOption &spec) {
    Option option;
    auto description = llvm::cl::desc(spec.description);
    switch (spec.kind) {
    case TilePassOptionInt:
      option.intOption = std::make_unique<mlir::Pass::Option<int64_t>>(
          *this, spec.name, description,
          llvm::cl::init(std::stoll(spec.defaultValue)));
      break;
    case TilePassOptionBool:
      option.boolOption = std::make_unique<mlir::Pass::Option<bool>>(
          *this, spec.name, description,
          llvm::cl::init(llvm::StringRef(spec.defaultValue) == "true"));
      break;
    case TilePassOptionString:
      option.stringOption = std::make_unique<mlir::Pass::Option<std::string>>(
          *this, spec.name, description,
          llvm::cl::init(std::string(spec.defaultValue)));
      break;
    }
    options.push_back(std::move(option));
  }

  const TilePassInfo *info;
  std::vector<Option> options;
};

} // namespace

void tileRegisterPass(const TilePassInfo *info) {
  static std::set<const TilePassInfo *> registered;
  if (!registered.insert(info).second)
    return;
  mlir::registerPass([info]() -> std::unique_ptr<mlir::Pass> {
    return std::make_unique<CPass>(info);
  });
}

MlirPass tileCreatePass(const TilePassInfo *info) {
  return wrap(static_cast<mlir::Pass *>(new CPass(info)));
}

namespace {

// Options of the `tile-to-llvm` pipeline; the same meaning as in
// TileCompileOptions.
struct TileToLLVMOptions : public mlir::PassPipelineOptions<TileToLLVMOptions> {
  Option<int> numWarps{*this, "num-warps",
                       llvm::cl::desc("warps per program instance"),
                       llvm::cl::init(4)};
  Option<int> numStages{*this, "num-stages",
                        llvm::cl::desc("pipelining depth of loops feeding dots"),
                        llvm::cl::init(3)};
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("the GPU: cuda:80, cuda:90a, ..."),
                             llvm::cl::init("cuda:80")};
};

void appendText(MlirStringRef text, void *userData) {
  static_cast<std::string *>(userData)->append(text.data, text.length);
}

} // namespace

// `tile-opt -tile-to-llvm='num-warps=8 target=cuda:90a'` runs the passes that
// tileCompileModule runs before the back end; the pipeline text comes from C.
void tileRegisterPipelines(void) {
  static bool registered = false;
  if (registered)
    return;
  registered = true;
  mlir::registerPassPipeline(
      "tile-to-llvm",
      "The whole tile -> tilegpu -> LLVM/NVVM pipeline of tile-compile, up to "
      "(not including) the PTX back end",
      [](mlir::OpPassManager &pm, llvm::StringRef optionsText,
         llvm::function_ref<mlir::LogicalResult(const llvm::Twine &)> errorHandler)
          -> mlir::LogicalResult {
        TileToLLVMOptions options;
        if (mlir::failed(options.parseFromString(optionsText)))
          return mlir::failure();
        TileCompileOptions compileOptions = tileCompileOptionsGetDefault();
        compileOptions.numWarps = options.numWarps;
        compileOptions.numStages = options.numStages;
        std::string target = options.target;
        compileOptions.target = wrap(llvm::StringRef(target));
        std::string text;
        tileCompilePrintPipeline(&compileOptions, appendText, &text);
        // The text is `builtin.module(<passes>)`; pm is already anchored there.
        llvm::StringRef passes(text);
        if (!passes.consume_front("builtin.module(") || !passes.consume_back(")"))
          return errorHandler("tile-to-llvm: unexpected pipeline text " + text);
        return mlir::parsePassPipeline(passes, pm, llvm::errs());
      },
      [](llvm::function_ref<void(const mlir::detail::PassOptions &)> optionsHandler) {
        optionsHandler(TileToLLVMOptions());
      });
}
