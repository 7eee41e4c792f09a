#include "primitives/critical_section.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "scenarios/vm/machine.h"

namespace lockcheck {

namespace {

int StateOf(const Machine& m, Value cs) { return static_cast<int>(m.payload(cs)[kCsState].small_int()); }

bool OnStack(int state) {
  return state == kCsHolding || state == kCsFirstOnly || state == kCsSuspended;
}

// The thread's sections, bottom to top, each once (a section may also sit in a variable).
template <typename F>
void ForSections(const Machine& m, int t, F f) {
  const ThreadRec& th = m.threads[t];
  absl::InlinedVector<uint64_t, 4> seen;
  for (Value v : th.values) {
    if (!m.Is(v, ObjType::kCriticalSection) || !OnStack(StateOf(m, v))) continue;
    if (std::find(seen.begin(), seen.end(), v.raw()) != seen.end()) continue;
    seen.push_back(v.raw());
    f(v);
  }
}

Value Second(const Machine& m, Value cs) { return m.payload(cs)[kCsSecond]; }
Value First(const Machine& m, Value cs) { return m.payload(cs)[kCsFirst]; }

}  // namespace

int CsMutexHolder(const Machine& m, Value obj) {
  for (int t = 0; t < m.num_threads; ++t) {
    if (m.threads[t].finished) continue;
    bool holds = false;
    ForSections(m, t, [&](Value cs) {
      int st = StateOf(m, cs);
      holds |= (st == kCsHolding && (First(m, cs) == obj || Second(m, cs) == obj)) ||
               (st == kCsFirstOnly && First(m, cs) == obj);
    });
    if (holds) return t;
  }
  return -1;
}

bool CsHoldsAny(const Machine& m, int t) {
  bool any = false;
  ForSections(m, t, [&](Value cs) { any |= StateOf(m, cs) == kCsHolding; });
  return any;
}

Value CsTopMost(const Machine& m, int t) {
  Value top = Value::None();
  ForSections(m, t, [&](Value cs) { top = cs; });
  return top;
}

uint32_t CsChoices(const Machine& m, int t, uint32_t choices) {
  if (choices & (kChoiceProceed | kChoiceDraw)) return choices;  // it does not block
  return CsHoldsAny(m, t) ? kChoiceProceed : choices;
}

uint32_t CsWaitChoices(const Machine& m, int t, Value section, uint8_t wait) {
  Value first = First(m, section), second = Second(m, section);
  switch (wait) {
    case kWaitBeginFirst: return CsMutexHolder(m, first) < 0 ? kChoiceProceed : 0;
    case kWaitBeginSecond: return CsMutexHolder(m, second) < 0 ? kChoiceProceed : 0;
    case kWaitResume:
      return CsMutexHolder(m, first) < 0 && (second.is_none() || CsMutexHolder(m, second) < 0)
                 ? kChoiceProceed
                 : 0;
  }
  return 0;
}

int32_t CsWaitHolder(const Machine& m, int t, Value section, uint8_t wait) {
  Value first = First(m, section), second = Second(m, section);
  if (wait == kWaitBeginSecond) return CsMutexHolder(m, second);
  int holder = CsMutexHolder(m, first);
  if (holder < 0 && wait == kWaitResume && !second.is_none()) holder = CsMutexHolder(m, second);
  return holder;
}

Flow CsFunction(RoutineContext& cx, Builtin fn, const Value* args, size_t nargs,
                const Value* kwnames, size_t nkw, size_t below, Value* result) {
  bool two = fn == Builtin::kCriticalSection2;
  size_t want = two ? 2 : 1;
  absl::string_view name = BuiltinShortName(fn);
  if (nkw > 0) return cx.Raise(Builtin::kExcType, absl::StrCat(name, "() takes no keyword arguments"));
  if (nargs != want) {
    return cx.Raise(Builtin::kExcType, absl::StrCat(name, "() takes exactly ", want, " argument",
                                                    two ? "s" : "", " (", nargs, " given)"));
  }
  // The two-object form locks the lower identity first (CPython: the lower address), and an
  // object named twice once. Identity here is the value's word: a heap object's position in the
  // state (the 0x7f... of its repr), or the value itself for ints and strings.
  Value first = args[0], second = two ? args[1] : Value::None();
  if (two && first == second) second = Value::None();
  if (!second.is_none() && second.raw() < first.raw()) std::swap(first, second);
  std::string site = cx.SiteSource();
  size_t open = site.find('('), close = site.rfind(')');
  std::string label = open != std::string::npos && close != std::string::npos && close > open
                          ? site.substr(open + 1, close - open - 1)
                          : "?";
  Value label_value = cx.NewStr(label);
  *result = cx.NewObject(ObjType::kCriticalSection, kCsSlots);
  Value* p = cx.Fields(*result);
  p[kCsFirst] = first;
  p[kCsSecond] = second;
  p[kCsState] = Value::SmallInt(kCsNew);
  p[kCsLabel] = label_value;
  p[kCsTwo] = Value::Bool(two);
  return Flow::kNext;
}

namespace {

std::string Label(RoutineContext& cx, Value cs) { return cx.StrText(cx.Fields(cs)[kCsLabel]); }

std::string BeginText(RoutineContext& cx, Value cs) {
  bool two = cx.Fields(cs)[kCsTwo].is_true();
  return absl::StrCat(two ? "Py_BEGIN_CRITICAL_SECTION2(" : "Py_BEGIN_CRITICAL_SECTION(",
                      Label(cx, cs), ")");
}

Flow Begin(RoutineContext& cx, Value self) {
  const Machine& m = cx.State();
  int state = StateOf(m, self);
  if (state != kCsNew && state != kCsFirstOnly) {
    return cx.InputError("unsupported in scenarios: a critical section entered twice (make one "
                         "for each `with`)");
  }
  Value first = First(m, self), second = Second(m, self);
  if (state == kCsNew) {
    // _PyCriticalSection_BeginSlow: the top-most section already holds this mutex (3.14):
    // nothing is locked or pushed.
    Value top = CsTopMost(m, cx.Thread());
    if (second.is_none() && !top.is_none() && StateOf(m, top) == kCsHolding &&
        (First(m, top) == first || Second(m, top) == first)) {
      if (!cx.Visible({})) return Flow::kYield;
      if (cx.tracing()) cx.OpText(BeginText(cx, self));
      cx.Fields(self)[kCsState] = Value::SmallInt(kCsReentered);
      cx.Outcome("re-entered: the top-most section holds it already");
      return Flow::kNext;
    }
    if (!cx.GateWait(self, kWaitBeginFirst)) return Flow::kYield;
    if (cx.tracing()) cx.OpText(BeginText(cx, self));
    cx.Fields(self)[kCsState] = Value::SmallInt(second.is_none() ? kCsHolding : kCsFirstOnly);
    if (second.is_none()) {
      cx.Outcome("locked");
      return Flow::kNext;
    }
    cx.Outcome("locked the first mutex (lower identity)");
  }
  // critical_section2: the second mutex, keeping the first while it waits.
  if (!cx.GateWait(self, kWaitBeginSecond)) return Flow::kYield;
  if (cx.tracing()) cx.OpText(BeginText(cx, self) + " [the second mutex]");
  cx.Fields(self)[kCsState] = Value::SmallInt(kCsHolding);
  cx.Outcome("locked");
  return Flow::kNext;
}

Flow End(RoutineContext& cx, Value self) {
  if (!cx.Visible({})) return Flow::kYield;
  int state = StateOf(cx.State(), self);
  if (cx.tracing()) {
    cx.OpText(cx.Fields(self)[kCsTwo].is_true() ? "Py_END_CRITICAL_SECTION2()"
                                                 : "Py_END_CRITICAL_SECTION()");
  }
  if (state != kCsHolding && state != kCsReentered)
    return cx.InputError("internal error: a critical section ends while not active");
  cx.Fields(self)[kCsState] = Value::SmallInt(kCsEnded);
  cx.Outcome(state == kCsReentered ? "nothing to unlock (re-entered)"
                                   : absl::StrCat("unlocked ", Label(cx, self)));
  return Flow::kNext;
}

}  // namespace

Flow CsMethod(RoutineContext& cx, Value self, Attr attr, const Value* args, size_t nargs,
              const Value* kwnames, size_t nkw, size_t below, Value* result) {
  *result = Value::None();
  switch (attr) {
    case Attr::kEnter: return Begin(cx, self);
    case Attr::kExit: return End(cx, self);
    default:
      return cx.Raise(Builtin::kExcAttribute, NoAttributeMessage("critical_section", attr));
  }
}

std::string CsSuspendAll(RoutineContext& cx, const Machine& m) {
  std::string text;
  absl::InlinedVector<Value, 4> held;
  ForSections(m, cx.Thread(), [&](Value cs) {
    if (StateOf(m, cs) == kCsHolding) held.push_back(cs);
  });
  // Top-most first, as _PyCriticalSection_SuspendAll walks the stack.
  for (size_t i = held.size(); i-- > 0;) {
    cx.Fields(held[i])[kCsState] = Value::SmallInt(kCsSuspended);
    if (cx.tracing())
      absl::StrAppend(&text, text.empty() ? "" : "; ", "suspended the critical section on ",
                      Label(cx, held[i]));
  }
  return text;
}

void CsResume(RoutineContext& cx, Value section) {
  cx.Fields(section)[kCsState] = Value::SmallInt(kCsHolding);
  if (cx.tracing()) cx.Outcome(absl::StrCat("resumed the critical section on ", Label(cx, section)));
}

}  // namespace lockcheck
