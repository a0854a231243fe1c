//===- ParallelCodegen.cpp - optimise and emit partitions on threads ---------===//
//
// LLVM's optimisation and code generation take about half of a compile
// (ResNet-50, MobileNetV2) and run on one thread. A model's module is mostly
// independent functions (@main and the parallel tasks it hands to the
// runtime's threads) plus constant data, so it splits well: each function
// and each large global has one owning partition, chosen to balance the
// partitions' instruction counts; local symbols that a partition owns become
// hidden external symbols (resolved when the partitions' objects are linked
// into one shared library, not exported from it); small local helpers
// (functions only called directly) and small local constants are copied into
// every partition, so that they still inline and fold. Partition 0 stays in
// the caller's LLVMContext and owns the large data (no copy of the weights);
// the others travel as bitcode into contexts of their own and run on their own
// threads.
//
//===----------------------------------------------------------------------===//
#include "ObjectEmitter.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <numeric>
#include <thread>

using namespace llvm;

namespace mlir::aicc {

namespace {

/// Bytes of constant data that cost about as much to emit as one instruction
/// costs to optimise and emit (ResNet-50: ~100 MB of weights and ~300k
/// instructions take about 1 s and 5 s).
constexpr uint64_t kBytesPerInstruction = 2048;
/// Local constants up to this size are copied into every partition.
constexpr uint64_t kSharedConstantBytes = 4096;

/// A local function that is only ever called directly: copied into every
/// partition, where LLVM inlines it or drops the copy.
bool isSharedHelper(const Function &f) {
  if (f.isDeclaration() || !f.hasLocalLinkage())
    return false;
  for (const Use &use : f.uses()) {
    auto *call = dyn_cast<CallBase>(use.getUser());
    if (!call || !call->isCallee(&use))
      return false;
  }
  return true;
}

bool isSharedConstant(const GlobalVariable &g, const llvm::DataLayout &dl) {
  return g.hasLocalLinkage() && g.isConstant() && g.hasInitializer() &&
         dl.getTypeAllocSize(g.getValueType()) <= kSharedConstantBytes;
}

class Partitioner {
public:
  Partitioner(Module &m, unsigned parts, uint64_t minSplit)
      : m(m), minSplit(minSplit), load(parts, 0) {}

  /// Owners for every defined function and global that is not copied;
  /// returns how many partitions own something (1 for a small module).
  unsigned assign() {
    const llvm::DataLayout &dl = m.getDataLayout();
    for (GlobalVariable &g : m.globals()) {
      if (g.isDeclaration() || isSharedConstant(g, dl))
        continue;
      owner[&g] = 0; // no bitcode copy of the weights
      load[0] += dl.getTypeAllocSize(g.getValueType()) / kBytesPerInstruction;
    }
    SmallVector<Function *> functions;
    for (Function &f : m)
      if (!f.isDeclaration() && !isSharedHelper(f))
        functions.push_back(&f);
    llvm::stable_sort(functions, [](Function *a, Function *b) {
      return a->getInstructionCount() > b->getInstructionCount();
    });
    for (Function *f : functions) {
      unsigned p = std::min_element(load.begin(), load.end()) - load.begin();
      owner[f] = p;
      load[p] += f->getInstructionCount();
    }
    uint64_t total = std::accumulate(load.begin(), load.end(), uint64_t(0));
    if (total < minSplit)
      return 1;
    unsigned used = 0;
    for (unsigned p = 0; p < load.size(); ++p)
      used += llvm::any_of(owner, [&](auto &entry) { return entry.second == p; });
    return used;
  }

  bool isCopied(const GlobalValue *gv) const { return !owner.count(gv); }
  unsigned ownerOf(const GlobalValue *gv) const { return owner.lookup(gv); }

  /// Owned local symbols become hidden external ones, so that the other
  /// partitions can refer to them.
  void externalize() {
    auto hide = [&](GlobalValue &gv) {
      if (isCopied(&gv) || !gv.hasLocalLinkage())
        return;
      gv.setLinkage(GlobalValue::ExternalLinkage);
      gv.setVisibility(GlobalValue::HiddenVisibility);
      gv.setDSOLocal(true);
      if (!gv.hasName())
        gv.setName("aicc.part.unnamed");
    };
    for (GlobalVariable &g : m.globals())
      hide(g);
    for (Function &f : m)
      hide(f);
  }

  /// Partition `p` as bitcode: its own definitions, copies of the shared
  /// ones, declarations of the rest.
  void writePartition(unsigned p, SmallVectorImpl<char> &bitcode) {
    ValueToValueMapTy map;
    std::unique_ptr<Module> part = CloneModule(m, map, [&](const GlobalValue *gv) {
      return isCopied(gv) || ownerOf(gv) == p;
    });
    raw_svector_ostream os(bitcode);
    WriteBitcodeToFile(*part, os);
  }

  /// Reduces the module itself to partition 0.
  void keepPartitionZero() {
    for (Function &f : m)
      if (!f.isDeclaration() && !isCopied(&f) && ownerOf(&f) != 0)
        f.deleteBody();
    for (GlobalVariable &g : m.globals())
      if (!g.isDeclaration() && !isCopied(&g) && ownerOf(&g) != 0)
        g.setInitializer(nullptr);
  }

private:
  Module &m;
  uint64_t minSplit;
  std::vector<uint64_t> load;
  DenseMap<const GlobalValue *, unsigned> owner;
};

} // namespace

LogicalResult emitObjectFiles(llvm::Module &module, const CPUTargetOptions &opts,
                              ArrayRef<std::string> paths, uint64_t minSplitInstructions,
                              unsigned &written, std::string &error) {
  written = 1;
  if (paths.size() <= 1)
    return emitObjectFile(module, opts, paths.front(), error);
  std::unique_ptr<TargetMachine> tm = createTargetMachine(opts, error);
  if (!tm)
    return failure();
  prepareForTarget(module, *tm);
  Partitioner partitioner(module, paths.size(), minSplitInstructions);
  unsigned used = partitioner.assign();
  if (used < paths.size()) // a small model: one object is as fast
    return optimizeAndEmit(module, *tm, opts, paths.front(), error);
  partitioner.externalize();
  std::vector<SmallVector<char, 0>> bitcode(paths.size());
  for (unsigned p = 1; p < paths.size(); ++p)
    partitioner.writePartition(p, bitcode[p]);
  partitioner.keepPartitionZero();

  std::vector<std::string> errors(paths.size());
  std::vector<std::thread> threads;
  for (unsigned p = 1; p < paths.size(); ++p)
    threads.emplace_back([&, p] {
      LLVMContext ctx;
      Expected<std::unique_ptr<Module>> part = parseBitcodeFile(
          MemoryBufferRef(StringRef(bitcode[p].data(), bitcode[p].size()), "partition"), ctx);
      if (!part) {
        errors[p] = "partition " + std::to_string(p) + ": " + toString(part.takeError());
        return;
      }
      std::unique_ptr<TargetMachine> partTM = createTargetMachine(opts, errors[p]);
      if (partTM)
        (void)optimizeAndEmit(**part, *partTM, opts, paths[p], errors[p]);
    });
  (void)optimizeAndEmit(module, *tm, opts, paths.front(), errors.front());
  for (std::thread &t : threads)
    t.join();
  for (const std::string &e : errors)
    if (!e.empty()) {
      error = e;
      return failure();
    }
  written = paths.size();
  return success();
}

} // namespace mlir::aicc
