# lit configuration of tile's tests: .mlir files and C API programs, each
# checked by FileCheck. Features: `ptxas` where CUDA's assembler exists,
# `cuda-gpu` where a CUDA driver and device answer.
import os
import shutil
import subprocess

import lit.formats

config.name = "tile"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".mlir", ".c"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "Inputs", "unit", "runtime", "backend"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tile_binary_dir, "test")

bin_dir = os.path.join(config.tile_binary_dir, "bin")
tool_dirs = [bin_dir, os.path.join(config.tile_binary_dir, "tools", "tile-opt"),
             config.llvm_tools_dir]
config.environment["PATH"] = os.pathsep.join(tool_dirs + [config.environment.get("PATH", "")])
config.environment["FILECHECK_OPTS"] = "--enable-var-scope --dump-input=fail"
config.substitutions.append(("%tile-capi", os.path.join(bin_dir, "tile-capi")))
config.substitutions.append(("%examples", os.path.join(config.tile_source_dir, "examples")))

ptxas = shutil.which("ptxas") or ("/usr/local/cuda/bin/ptxas" if os.path.exists("/usr/local/cuda/bin/ptxas") else None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
