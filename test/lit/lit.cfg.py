# lit configuration for aicc's FileCheck tests. Run through the build tree:
#   lit build/test/lit        (or: make check-lit)
import os
import lit.formats

config.name = "aicc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".onnxtxt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.aicc_obj_root, "test", "lit")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "Inputs"]

# Tools: ours first, then LLVM's FileCheck/not/count.
path = os.pathsep.join([config.aicc_tools_dir, config.llvm_tools_dir,
                        config.environment.get("PATH", os.environ.get("PATH", ""))])
config.environment["PATH"] = path
config.substitutions.append(("%aicc_src_root", config.aicc_src_root))

# -target=cuda: tests that assemble PTX with ptxas (cubins) need a CUDA
# toolkit, found as aicc finds it ($CUDA_HOME, $CUDA_PATH, else
# /usr/local/cuda); CI machines without one skip them.
_cuda_dirs = [os.environ[v] for v in ("CUDA_HOME", "CUDA_PATH") if os.environ.get(v)]
for _dir in _cuda_dirs or ["/usr/local/cuda"]:
    _ptxas = os.path.join(_dir, "bin", "ptxas")
    if os.access(_ptxas, os.X_OK):
        config.available_features.add("ptxas")
        config.substitutions.append(("%ptxas", _ptxas))
        break
for _v in ("CUDA_HOME", "CUDA_PATH"):
    if _v in os.environ:
        config.environment[_v] = os.environ[_v]
