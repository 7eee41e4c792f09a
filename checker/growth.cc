#include "checker/growth.h"

#include <utility>

#include <algorithm>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "checker/estimate.h"

namespace lockcheck {
namespace {

// A container's items, or -1 for an object that is none.
int64_t Items(const ObjHeader& h) {
  switch (h.type) {
    case ObjType::kList:
    case ObjType::kTuple:
    case ObjType::kDeque:
    case ObjType::kSet:
    case ObjType::kFrozenSet:
      return h.size;
    case ObjType::kDict:
      return h.size / 2;
    default:
      return -1;
  }
}

const char* TypeName(ObjType t) {
  switch (t) {
    case ObjType::kList: return "list";
    case ObjType::kTuple: return "tuple";
    case ObjType::kDeque: return "deque";
    case ObjType::kSet: return "set";
    case ObjType::kFrozenSet: return "frozenset";
    case ObjType::kDict: return "dict";
    default: return "object";
  }
}

// The thread's program point: the code position of every frame of its stack.
uint64_t PointOf(const ThreadRec& r) {
  uint64_t h = r.frames.size();
  for (const Frame& f : r.frames) h = absl::HashOf(h, f.code, f.pc);
  return h;
}

}  // namespace

GrowthWatch::GrowthWatch(const Interpreter& interp, int64_t max_object_size)
    : interp_(interp), threshold_(static_cast<uint64_t>(std::max<int64_t>(max_object_size / 25, 1))) {}

uint64_t GrowthWatch::LargestContainer(const Machine& m, uint32_t* obj) {
  uint64_t best = 0;
  for (uint32_t i = 0; i < m.objs.size(); ++i) {
    const int64_t n = Items(m.objs[i]);
    if (n > 0 && static_cast<uint64_t>(n) > best) {
      best = static_cast<uint64_t>(n);
      *obj = i;
    }
  }
  return best;
}

std::optional<VmEvent> GrowthWatch::ObserveStrings(const Machine& m, int t, int64_t depth) {
  const Interner& interner = *interp_.runtime().interner;
  const Program& program = interp_.runtime().program;
  uint64_t longest = 0;
  std::string name;
  auto consider = [&](Value v, auto&& describe) {
    if (!v.is_str()) return;
    const uint64_t n = interner.StrOf(v).size();
    if (n > longest) {
      longest = n;
      name = describe();
    }
  };
  for (size_t g = 0; g < m.globals.size(); ++g) {
    consider(m.globals[g], [&] {
      return absl::StrCat("the global `",
                          g < program.global_names.size() ? program.global_names[g] : "?",
                          "` (a str)");
    });
  }
  const ThreadRec& r = m.threads[t];
  for (const Frame& f : r.frames) {
    if (f.code < 0 || f.code >= static_cast<int32_t>(program.codes.size())) continue;
    const Code& c = program.codes[f.code];
    for (size_t i = 0; i < c.local_names.size(); ++i) {
      const size_t at = static_cast<size_t>(f.base) + i;
      if (at >= r.values.size()) break;
      consider(r.values[at], [&] {
        return absl::StrCat("the local `", c.local_names[i], "` of ", c.name, "() (a str)");
      });
    }
  }
  if (strings_[t].Record(depth, longest) < kRevisits || longest < threshold_) return {};
  return GrowthError(
      m, t,
      absl::StrCat("the state grows without bound: ", name, " is longer at each of the last ",
                   kRevisits, " samples of ", interp_.ThreadName(m, t), "'s path, every ",
                   kStringStride, " steps (", GroupedDigits(longest),
                   " characters now), so no search can store every state; bound the loop or the "
                   "string"));
}

VmEvent GrowthWatch::GrowthError(const Machine& m, int t, std::string message) const {
  VmEvent e;
  e.kind = VmEvent::Kind::kInputError;
  e.thread = t;
  e.loc = interp_.WaitLoc(m, t);
  e.message = std::move(message);
  return e;
}

std::optional<VmEvent> GrowthWatch::Observe(const Machine& m, int t, int64_t depth,
                                            size_t packed_words) {
  if (t >= m.num_threads || m.threads[t].finished) return {};
  if (depth % kStringStride == 0) {
    if (std::optional<VmEvent> e = ObserveStrings(m, t, depth)) return e;
  }
  if (packed_words < threshold_) return {};
  uint32_t obj = 0;
  const uint64_t items = LargestContainer(m, &obj);
  if (visits_[{t, PointOf(m.threads[t])}].Record(depth, items) < kRevisits ||
      items < threshold_)
    return {};
  return GrowthError(
      m, t,
      absl::StrCat("the state grows without bound: ", Describe(m, obj),
                   " is larger at each of the last ", kRevisits, " visits of this point by ",
                   interp_.ThreadName(m, t), " (", GroupedDigits(items),
                   " items now), so no search can store every state; bound the loop or the "
                   "container"));
}

std::string GrowthWatch::Describe(const Machine& m, uint32_t obj) const {
  const Program& program = interp_.runtime().program;
  const std::string type = TypeName(m.objs[obj].type);
  auto is = [&](Value v) { return v.is_obj() && v.payload() == obj; };
  auto global_name = [&](size_t g) {
    return g < program.global_names.size() ? program.global_names[g] : std::string("?");
  };
  for (size_t g = 0; g < m.globals.size(); ++g)
    if (is(m.globals[g])) return absl::StrCat("the global `", global_name(g), "` (a ", type, ")");
  for (int t = 0; t < m.num_threads; ++t) {
    const ThreadRec& r = m.threads[t];
    for (const Frame& f : r.frames) {
      if (f.code < 0 || f.code >= static_cast<int32_t>(program.codes.size())) continue;
      const Code& c = program.codes[f.code];
      for (size_t i = 0; i < c.local_names.size(); ++i) {
        const size_t at = static_cast<size_t>(f.base) + i;
        if (at < r.values.size() && is(r.values[at]))
          return absl::StrCat("the local `", c.local_names[i], "` of ", c.name, "() (a ", type,
                              ")");
      }
    }
  }
  // One level down: a container held by a global.
  for (size_t g = 0; g < m.globals.size(); ++g) {
    const Value v = m.globals[g];
    if (!v.is_obj() || Items(m.objs[v.payload()]) < 0) continue;
    const Value* p = m.payload(v);
    for (uint32_t i = 0; i < m.objs[v.payload()].size; ++i)
      if (is(p[i])) return absl::StrCat("a ", type, " held by the global `", global_name(g), "`");
  }
  return absl::StrCat("a ", type);
}

}  // namespace lockcheck
