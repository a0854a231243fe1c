//===- MemoryPlan.cpp - record and print aicc-plan-memory's plan -------------===//
#include "aicc/Transforms/MemoryPlan.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace mlir;
using namespace mlir::aicc;

int64_t MemoryPlan::maxLiveBytes() const {
  // Sweep over (position, +bytes at first, -bytes after last); at equal
  // positions the ends come first.
  std::vector<std::pair<int64_t, int64_t>> events;
  for (const PlannedBuffer &b : buffers) {
    events.push_back({b.first, b.bytes});
    events.push_back({b.last + 1, -b.bytes});
  }
  llvm::sort(events);
  int64_t live = 0, peak = 0;
  for (auto [pos, delta] : events) {
    live += delta;
    peak = std::max(peak, live);
  }
  return peak;
}

double MemoryPlan::reuseRatio() const {
  return arenaBytes > 0 ? double(totalBytes) / double(arenaBytes) : 1.0;
}

std::pair<std::string, std::string> mlir::aicc::nodeAndOpType(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    std::string op;
    if (auto child = dyn_cast<NameLoc>(name.getChildLoc()))
      op = child.getName().str();
    return {name.getName().str(), op};
  }
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location l : fused.getLocations()) {
      auto found = nodeAndOpType(l);
      if (!found.first.empty())
        return found;
    }
    return {};
  }
  if (auto site = dyn_cast<CallSiteLoc>(loc))
    return nodeAndOpType(site.getCallee());
  return {};
}

DictionaryAttr mlir::aicc::memoryPlanToAttr(MLIRContext *ctx, const MemoryPlan &plan) {
  Builder b(ctx);
  SmallVector<Attribute> buffers;
  for (const PlannedBuffer &p : plan.buffers)
    buffers.push_back(b.getDictionaryAttr({
        b.getNamedAttr("node", b.getStringAttr(p.node)),
        b.getNamedAttr("op", b.getStringAttr(p.op)),
        b.getNamedAttr("offset", b.getI64IntegerAttr(p.offset)),
        b.getNamedAttr("bytes", b.getI64IntegerAttr(p.bytes)),
        b.getNamedAttr("first", b.getI64IntegerAttr(p.first)),
        b.getNamedAttr("last", b.getI64IntegerAttr(p.last)),
    }));
  return b.getDictionaryAttr({
      b.getNamedAttr("alignment", b.getI64IntegerAttr(plan.alignment)),
      b.getNamedAttr("reuse", b.getBoolAttr(plan.reuse)),
      b.getNamedAttr("arena_bytes", b.getI64IntegerAttr(plan.arenaBytes)),
      b.getNamedAttr("total_bytes", b.getI64IntegerAttr(plan.totalBytes)),
      b.getNamedAttr("positions", b.getI64IntegerAttr(plan.positions)),
      b.getNamedAttr("buffers", b.getArrayAttr(buffers)),
  });
}

std::optional<MemoryPlan> mlir::aicc::memoryPlanFromAttr(DictionaryAttr attr,
                                                         StringRef function) {
  if (!attr)
    return std::nullopt;
  auto getInt = [](DictionaryAttr d, StringRef key) -> std::optional<int64_t> {
    if (auto i = d.getAs<IntegerAttr>(key))
      return i.getInt();
    return std::nullopt;
  };
  MemoryPlan plan;
  plan.function = function.str();
  auto alignment = getInt(attr, "alignment");
  auto arena = getInt(attr, "arena_bytes");
  auto total = getInt(attr, "total_bytes");
  auto positions = getInt(attr, "positions");
  auto reuse = attr.getAs<BoolAttr>("reuse");
  auto buffers = attr.getAs<ArrayAttr>("buffers");
  if (!alignment || !arena || !total || !positions || !reuse || !buffers)
    return std::nullopt;
  plan.alignment = *alignment;
  plan.arenaBytes = *arena;
  plan.totalBytes = *total;
  plan.positions = *positions;
  plan.reuse = reuse.getValue();
  for (Attribute a : buffers) {
    auto d = dyn_cast<DictionaryAttr>(a);
    if (!d)
      return std::nullopt;
    PlannedBuffer p;
    auto node = d.getAs<StringAttr>("node");
    auto op = d.getAs<StringAttr>("op");
    auto offset = getInt(d, "offset"), bytes = getInt(d, "bytes");
    auto first = getInt(d, "first"), last = getInt(d, "last");
    if (!node || !op || !offset || !bytes || !first || !last)
      return std::nullopt;
    p.node = node.str();
    p.op = op.str();
    p.offset = *offset;
    p.bytes = *bytes;
    p.first = *first;
    p.last = *last;
    plan.buffers.push_back(std::move(p));
  }
  return plan;
}

namespace {
/// "8028160 B" -> "7.66 MiB".
std::string humanBytes(int64_t bytes) {
  std::string s;
  llvm::raw_string_ostream os(s);
  if (bytes >= (1 << 20))
    os << llvm::format("%.2f MiB", bytes / double(1 << 20));
  else if (bytes >= (1 << 10))
    os << llvm::format("%.1f KiB", bytes / double(1 << 10));
  else
    os << bytes << " B";
  return s;
}
} // namespace

void mlir::aicc::printMemoryPlan(raw_ostream &os, const MemoryPlan &plan) {
  int64_t live = plan.maxLiveBytes();
  os << "memory plan for @" << plan.function << " (alignment " << plan.alignment
     << " bytes, reuse " << (plan.reuse ? "on" : "off") << ")\n";
  auto line = [&](StringRef label, int64_t bytes, StringRef note = "") {
    os << "  " << llvm::left_justify(label, 24) << llvm::right_justify(std::to_string(bytes), 12)
       << " bytes  " << humanBytes(bytes) << note << "\n";
  };
  line("peak arena:", plan.arenaBytes);
  line("without reuse:", plan.totalBytes, "  (sum of all buffers)");
  line("max live:", live, "  (most bytes live at once: lower bound)");
  os << "  " << llvm::left_justify("reuse ratio:", 24)
     << llvm::format("%12.2fx", plan.reuseRatio());
  if (plan.totalBytes > 0)
    os << llvm::format("  (arena is %.1f%% of no-reuse)",
                       100.0 * plan.arenaBytes / plan.totalBytes);
  os << "\n";
  os << "  " << llvm::left_justify("buffers:", 24)
     << llvm::right_justify(std::to_string(plan.buffers.size()), 12) << "\n";
  os << "  " << llvm::left_justify("program positions:", 24)
     << llvm::right_justify(std::to_string(plan.positions), 12) << "\n";
  if (plan.buffers.empty())
    return;
  os << "\n"
     << llvm::right_justify("#", 5) << llvm::right_justify("bytes", 12)
     << llvm::right_justify("offset", 12) << llvm::right_justify("live", 14) << "  node (op)\n";
  for (auto [i, b] : llvm::enumerate(plan.buffers)) {
    std::string range = std::to_string(b.first) + ".." + std::to_string(b.last);
    os << llvm::right_justify(std::to_string(i), 5)
       << llvm::right_justify(std::to_string(b.bytes), 12)
       << llvm::right_justify(std::to_string(b.offset), 12)
       << llvm::right_justify(range, 14) << "  " << (b.node.empty() ? "?" : b.node);
    if (!b.op.empty())
      os << " (" << b.op << ")";
    os << "\n";
  }
}
