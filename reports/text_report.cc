#include "reports/text_report.h"

#include <algorithm>
#include <filesystem>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "checker/estimate.h"
#include "scenarios/lang/source.h"

namespace lockcheck {
namespace {

// Column caps: one very long operation or thread name should overflow its own row, not push
// every other row of the trace to the right. Nothing is ever cut: the text must stay a faithful
// copy of the report.
constexpr size_t kMaxOpColumn = 40;
constexpr size_t kMaxNameColumn = 32;

// Width on a terminal, counted in code points (names and string literals may be non-ASCII).
size_t Width(absl::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Scenario text (thread names, printed output) is untrusted: a control character would move
// the cursor or colour the terminal, and a tab or newline would break the columns. They show
// escaped, as Python's repr would show them.
std::string Printable(absl::string_view s) {
  std::string out;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += absl::StrFormat("\\x%02x", c);
    else out += ch;
  }
  return out;
}

void AppendPadded(std::string* out, absl::string_view s, size_t width) {
  std::string text = Printable(s);
  *out += text;
  size_t w = Width(text);
  if (w < width) out->append(width - w, ' ');
}

// The widest entry not over `cap`.
template <typename Range, typename Get>
size_t ColumnWidth(const Range& rows, Get get, size_t cap) {
  size_t width = 0;
  for (const auto& row : rows) {
    size_t w = Width(Printable(get(row)));
    if (w <= cap) width = std::max(width, w);
  }
  return width;
}

// Appends `line` without trailing blanks (a padded last column leaves some) and a newline.
void AppendLine(std::string* out, absl::string_view line) {
  absl::StrAppend(out, absl::StripTrailingAsciiWhitespace(line), "\n");
}

std::string Thousands(uint64_t n) {
  std::string digits = absl::StrCat(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Plural(uint64_t n, absl::string_view one, absl::string_view many) {
  return absl::StrCat(Thousands(n), " ", n == 1 ? one : many);
}

std::string HumanBytes(uint64_t n) {
  if (n < 1024) return absl::StrCat(n, " B");
  if (n < (uint64_t{1} << 20)) return absl::StrFormat("%.1f KiB", n / 1024.0);
  if (n < (uint64_t{1} << 30)) return absl::StrFormat("%.1f MiB", n / 1048576.0);
  return absl::StrFormat("%.1f GiB", n / 1073741824.0);
}

// "deadlock, exception", or "pass" for no kinds (a scenario that expects no bug).
std::string KindList(const std::vector<BugKind>& kinds) {
  if (kinds.empty()) return "pass";
  std::vector<absl::string_view> names;
  for (BugKind k : kinds) names.push_back(BugKindName(k));
  return absl::StrJoin(names, ", ");
}

// The distinct kinds of the bugs, in order of first appearance.
std::vector<BugKind> FoundKinds(const std::vector<Bug>& bugs) {
  std::vector<BugKind> found;
  for (const Bug& b : bugs)
    if (std::find(found.begin(), found.end(), b.kind) == found.end()) found.push_back(b.kind);
  return found;
}

std::string Completion(const Stats& s) {
  if (s.complete) return "complete";
  if (s.limit == "strategy") return absl::StrCat(s.strategy, " strategy, not exhaustive");
  if (s.limit == "interrupted") return "interrupted";
  // The estimate said no exhaustive search can finish (checker/estimate.h, Hopeless).
  if (s.limit == "state-space") return "stopped: the state space is past what the memory holds";
  // A merged swarm none of whose members finished (checker/swarm.h).
  if (s.limit == "swarm") return "swarm search, not exhaustive";
  // A distributed search of a program with loops (checker/distributed.h).
  if (s.limit == "cycles-distributed")
    return "fair cycles not checked by a distributed search";
  return absl::StrCat("stopped by ", s.limit.empty() ? "a bound" : s.limit);
}

// The fixed statistics block (after SPIN): always the search size and whether it was
// exhaustive; timing and memory only in verbose mode, as they differ from run to run.
std::string StatsLines(const Stats& s, bool verbose) {
  std::string out = absl::StrCat("  explored ", Plural(s.states, "state", "states"), ", ",
                                 Plural(s.transitions, "transition", "transitions"), ", ",
                                 Completion(s), "\n");
  if (!s.coverage.empty()) absl::StrAppend(&out, "  covered: ", s.coverage, "\n");
  // The probes' estimate (checker/estimate.h), where it matters: a search that did not finish
  // or cannot; always in verbose mode. When it is hit is a timing figure: verbose only.
  if (s.estimated_states > 0 && (verbose || !s.complete || !s.predicted_limit.empty())) {
    absl::StrAppend(&out, "  estimated: ", EstimateText(s.estimated_states, s.estimate_at_least),
                    " states (", Plural(s.estimate_walks, "random probe", "random probes"),
                    ")");
    if (!s.predicted_limit.empty()) {
      absl::StrAppend(&out, "; an exhaustive search hits ", s.predicted_limit, " first");
      if (verbose && s.predicted_seconds > 0)
        absl::StrAppend(&out, ", at ~", DurationText(s.predicted_seconds));
    }
    out += "\n";
  }
  if (verbose) {
    double per_state =
        s.states == 0 ? 0.0 : static_cast<double>(s.store_bytes) / static_cast<double>(s.states);
    absl::StrAppendFormat(
        &out, "  %s search, depth %d, %.2f s, peak memory %s, store %s (%.1f bytes/state)\n",
        s.search_order.empty() ? s.strategy : s.search_order, s.max_depth, s.seconds, HumanBytes(s.peak_memory_bytes), HumanBytes(s.store_bytes), per_state);
    absl::StrAppendFormat(&out, "  fingerprint collision odds %.1e (60-bit fingerprints)\n",
                          s.collision_odds);
    if (s.strategy == "dfs") {
      absl::StrAppend(&out, "  partial-order reduction: ", Thousands(s.reduced_states), " of ",
                      Plural(s.states, "state", "states"), " took one thread's step alone\n");
    }
    if (!s.ranks.empty()) {
      std::vector<std::string> shares;
      uint64_t messages = 0, bytes = 0, sent = 0;
      for (const RankShare& r : s.ranks) {
        shares.push_back(Thousands(r.states));
        messages += r.messages;
        bytes += r.bytes_sent;
        sent += r.states_sent;
      }
      absl::StrAppend(&out, "  distributed over ", Plural(s.ranks.size(), "rank", "ranks"),
                      ": states ", absl::StrJoin(shares, " / "), "; ",
                      Plural(sent, "state", "states"), " sent in ",
                      Plural(messages, "message", "messages"), ", ", HumanBytes(bytes), "\n");
    }
  }
  return out;
}

// A word a POSIX shell passes through unchanged, or the word in single quotes. Tokens hold '!',
// '{' and '}' (threads from 26 on), which an interactive shell would expand.
std::string ShellQuote(absl::string_view s) {
  bool plain = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
           absl::string_view("_-./:@%+,=").find(c) != absl::string_view::npos;
  });
  if (plain) return std::string(s);
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// ", held by X" for a lock; for a join the "holder" is the thread being joined, which holds
// nothing and just runs on: ", waiting for X".
std::string HolderPhrase(const std::string& waits_on, const std::string& holder) {
  bool join = waits_on.find(".join(") != std::string::npos;
  return absl::StrCat(join ? ", waiting for " : ", held by ", holder);
}

// What a thread is doing at the end of the counterexample, e.g.
// "blocked in b.acquire() (line 10), held by Thread-2 (worker)".
std::string DescribeThread(const ThreadState& t) {
  std::string out = t.status.empty() ? "unknown" : t.status;
  if (!t.waits_on.empty()) {
    absl::StrAppend(&out, " in ", t.waits_on);
    if (t.waits_line > 0) absl::StrAppend(&out, " (line ", t.waits_line, ")");
  }
  if (!t.held_by.empty()) out += HolderPhrase(t.waits_on, t.held_by);
  if (t.daemon) out += " [daemon]";
  return out;
}

std::string RenderFinalState(const std::vector<ThreadState>& threads) {
  size_t name_width = ColumnWidth(
      threads, [](const ThreadState& t) -> const std::string& { return t.name; },
      kMaxNameColumn);
  std::string out = "  final state:\n";
  for (const ThreadState& t : threads) {
    std::string line = "    ";
    AppendPadded(&line, t.name, name_width);
    absl::StrAppend(&line, "  ", Printable(DescribeThread(t)));
    AppendLine(&out, line);
    // Innermost last, as a Python traceback prints it.
    for (const StackFrame& f : t.stack) {
      absl::StrAppendFormat(&out, "        File \"%s\", line %d, in %s\n", Printable(f.file), f.line,
                            Printable(f.function));
    }
  }
  return out;
}

// "(line 9)", "(line 9, col 5)", or "" when the line is unknown (0).
std::string LinePart(int32_t line, int32_t column = 0) {
  if (line <= 0) return "";
  if (column <= 0) return absl::StrCat(" (line ", line, ")");
  return absl::StrCat(" (line ", line, ", col ", column, ")");
}

// Every blocked thread of a deadlock, then the cycle among them, closed back to its start:
//   wait-for graph:
//     Thread-1 (one) waits in b.acquire() (line 13), held by Thread-2 (two)
//     MainThread waits in t1.join() (line 26)
//   cycle: Thread-1 (one) -> Thread-2 (two) -> Thread-1 (one)
std::string RenderWaitGraph(const std::vector<WaitEdge>& graph,
                            const std::vector<std::string>& cycle) {
  std::string out;
  if (!graph.empty()) out += "  wait-for graph:\n";
  for (const WaitEdge& e : graph) {
    absl::StrAppend(&out, "    ", Printable(e.thread), " waits in ", Printable(e.waits_on),
                    LinePart(e.line));
    if (!e.held_by.empty()) out += HolderPhrase(Printable(e.waits_on), Printable(e.held_by));
    out += "\n";
  }
  if (!cycle.empty()) {
    std::vector<std::string> names;
    for (const std::string& name : cycle) names.push_back(Printable(name));
    absl::StrAppend(&out, "  cycle: ", absl::StrJoin(names, " -> "), " -> ", names.front(), "\n");
  }
  return out;
}

// One line per acquisition that closes the lock-order cycle:
//   lock order cycle:
//     Thread-1 (one) acquires b in b.acquire() (line 13, col 14) while holding a
std::string RenderLockOrder(const std::vector<LockOrderEdge>& edges) {
  std::string out = "  lock order cycle:\n";
  for (const LockOrderEdge& e : edges) {
    absl::StrAppend(&out, "    ", Printable(e.thread), " acquires ", Printable(e.acquires), " in ",
                    Printable(e.op), LinePart(e.line, e.column), " while holding ",
                    Printable(e.holds), "\n");
  }
  return out;
}

// The verdict's line: "FILE: ok (...)".
std::string VerdictLine(const ScenarioResult& r) {
  // A scenario's path is untrusted text too (a control character in a file name would reach the
  // terminal).
  const std::string f = Printable(r.file);
  switch (r.status) {
    case ScenarioStatus::kError: {
      size_t n = std::max(r.errors.size(), r.rendered_errors.size());
      return absl::StrCat(f, ": ERROR (", Plural(n, "input error", "input errors"), ")\n");
    }
    case ScenarioStatus::kIncomplete:
      // Cut short after finding bugs (by the clock, or before every declared one was found):
      // what it found before the cut.
      return absl::StrCat(f, ": INCOMPLETE (", Completion(r.stats),
                          r.bugs.empty() ? "; no bug found in "
                                         : absl::StrCat("; found ", KindList(FoundKinds(r.bugs)),
                                                        " before it, in "),
                          Plural(r.stats.states, "state", "states"),
                          r.expected.empty() ? "" : "; expected: " + KindList(r.expected), ")\n");
    case ScenarioStatus::kPass:
      if (r.matched_expectation) {
        return absl::StrCat(f, ": ok (", Plural(r.stats.states, "state", "states"), ", ",
                            Completion(r.stats), ")\n");
      }
      // The scenario declares a bug that no interleaving shows.
      return absl::StrCat(f, ": FAIL (no bug found in ", Plural(r.stats.states, "state", "states"),
                          "; expected: ", KindList(r.expected), ")\n");
    case ScenarioStatus::kFail:
      break;
  }
  std::vector<BugKind> found = FoundKinds(r.bugs);
  if (r.matched_expectation)
    return absl::StrCat(f, ": ok (found the expected ", KindList(found), ")\n");
  return absl::StrCat(f, ": FAIL (", Plural(r.bugs.size(), "bug", "bugs"),
                      found.empty() ? "" : ": " + KindList(found), "; expected: ",
                      KindList(r.expected), ")\n");
}

// The verdict's line, and a profile other than the default after it, as the verdict holds
// under that profile only.
std::string SummaryLine(const ScenarioResult& r) {
  std::string line = VerdictLine(r);
  if (r.status != ScenarioStatus::kError && r.profile != "language")
    line.insert(line.size() - 1, absl::StrCat(", profile ", r.profile));
  return line;
}

// One line of a trace as shown: a step, the folded set-up, or a folded repetition.
struct Row {
  enum Kind { kStep, kSetUp, kRepeat } kind = kStep;
  size_t first = 0, last = 0;  // the steps it stands for (0-based, inclusive)
  size_t period = 0;           // kRepeat: steps per turn
};

// A step that must stay on its own line: it decides the bug, printed, or raised.
bool Matters(const TraceStep& s) {
  return s.decisive || !s.output.empty() || absl::StartsWith(s.outcome, "raised ");
}

// Two steps are "the same" for folding when this key is (see RenderTrace): the outcome with
// every run of digits as one '#'.
std::string RepeatKey(const TraceStep& s) {
  std::string outcome;
  for (size_t i = 0; i < s.outcome.size(); ++i) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(s.outcome[i]))) {
      if (i == 0 || !absl::ascii_isdigit(static_cast<unsigned char>(s.outcome[i - 1])))
        outcome += '#';
    } else {
      outcome += s.outcome[i];
    }
  }
  return absl::StrCat(s.thread, "\x1f", s.op, "\x1f", s.line, "\x1f", s.column, "\x1f",
                      s.access, "\x1f", outcome);
}

// The longest turn a repetition can have: a loop body of up to this many steps, or as many
// threads taking turns.
constexpr size_t kMaxPeriod = 64;

// Rows for steps [begin, end), folding repetitions: at each step, the period whose repeats
// run longest (the shortest period on ties), when it repeats at least three times and folds
// at least two steps away. The first turn and the run's last `period` steps are shown; when
// the run ends inside a turn, the fold also holds the first steps of that turn again.
void RepeatRows(const std::vector<int64_t>& key, size_t begin, size_t end,
                std::vector<Row>& rows) {
  size_t i = begin;
  while (i < end) {
    size_t best_period = 0, best_run = 0;
    for (size_t p = 1; p <= kMaxPeriod && i + 3 * p <= end; ++p) {
      // The steps from i on that equal the one a period later.
      size_t same = 0;
      while (i + same + p < end && key[i + same] >= 0 && key[i + same] == key[i + same + p])
        ++same;
      const size_t run = p + same;
      if (run >= 3 * p && run - 2 * p >= 2 && run > best_run) {
        best_period = p;
        best_run = run;
      }
    }
    if (best_period == 0) {
      rows.push_back({Row::kStep, i, i});
      ++i;
      continue;
    }
    const size_t p = best_period, run_end = i + best_run;
    for (size_t k = i; k < i + p; ++k) rows.push_back({Row::kStep, k, k});
    rows.push_back({Row::kRepeat, i + p, run_end - p - 1, p});
    for (size_t k = run_end - p; k < run_end; ++k) rows.push_back({Row::kStep, k, k});
    i = run_end;
  }
}

// The rows of a trace: each step alone, or, with `fold`, the set-up and repetitions folded.
std::vector<Row> TraceRows(const std::vector<TraceStep>& steps, size_t cycle_start, bool fold) {
  std::vector<Row> rows;
  if (!fold) {
    for (size_t i = 0; i < steps.size(); ++i) rows.push_back({Row::kStep, i, i});
    return rows;
  }
  // The set-up: the main thread's steps before the one that starts the first thread (or,
  // for a thread started otherwise, before the main thread's last step ahead of it).
  size_t setup_end = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].thread != 0) {
      setup_end = i == 0 ? 0 : i - 1;
      break;
    }
    if (steps[i].access == "start") {
      setup_end = i;
      break;
    }
  }
  setup_end = std::min(setup_end, cycle_start);
  size_t i = 0;
  while (i < setup_end) {
    size_t j = i;
    while (j < setup_end && !Matters(steps[j])) ++j;
    if (j - i >= 2) {
      rows.push_back({Row::kSetUp, i, j - 1});
    } else {
      for (size_t k = i; k < j; ++k) rows.push_back({Row::kStep, k, k});
    }
    if (j < setup_end) rows.push_back({Row::kStep, j, j});
    i = j + 1;
  }
  // Repetitions: steps interned to numbers, -1 for a step that matters (never the same).
  std::vector<int64_t> key(steps.size(), -1);
  absl::flat_hash_map<std::string, int64_t> ids;
  for (size_t k = setup_end; k < steps.size(); ++k) {
    if (Matters(steps[k])) continue;
    const int64_t next = static_cast<int64_t>(ids.size());
    key[k] = ids.try_emplace(RepeatKey(steps[k]), next).first->second;
  }
  RepeatRows(key, setup_end, std::max(setup_end, cycle_start), rows);
  RepeatRows(key, std::max(setup_end, cycle_start), steps.size(), rows);
  return rows;
}

// "wrote counter, threads, t" for a folded set-up: the targets its steps wrote, in order.
std::string SetUpSummary(const std::vector<TraceStep>& steps, const Row& row) {
  std::vector<std::string> written;
  for (size_t k = row.first; k <= row.last; ++k) {
    const TraceStep& s = steps[k];
    if (s.access != "write" || s.target.empty()) continue;
    if (std::find(written.begin(), written.end(), s.target) == written.end())
      written.push_back(Printable(s.target));
  }
  std::string out = Plural(row.last - row.first + 1, "step", "steps");
  if (!written.empty()) absl::StrAppend(&out, ": wrote ", absl::StrJoin(written, ", "));
  return out;
}

// The short name a trace gives an imported module's file: its name, and for a package's
// `__init__.py` the package's directory too ("futures/__init__.py").
std::string ModuleFileName(const std::string& file) {
  const std::filesystem::path path(file);
  if (path.filename() == "__init__.py" && path.has_parent_path() &&
      !path.parent_path().filename().empty())
    return (path.parent_path().filename() / path.filename()).string();
  return path.filename().string();
}

// RenderTrace, saying in `folded` what it folded: "set-up", "repeats", "set-up and repeats",
// or "" for nothing.
std::string TraceText(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start,
                      bool fold, std::string* folded) {
  // A lasso: the steps from loop_start on repeat forever. One marker line before the first of
  // them says how many repeat, one after the last says where the run goes back to, in the
  // step numbers the trace shows (1-based). A loop start outside the trace is a checker bug.
  size_t cycle_start = steps.size();  // no marker before any step
  std::string cycle_end;              // the line after the last step
  if (loop_start && *loop_start >= 0 && static_cast<size_t>(*loop_start) < steps.size()) {
    cycle_start = static_cast<size_t>(*loop_start);
    cycle_end = absl::StrCat("    -- (back to step ", cycle_start + 1, "; the cycle repeats) --\n");
  } else if (loop_start) {
    cycle_end = absl::StrCat("    -- internal error: loop_start ", *loop_start, " is outside this ",
                             steps.size(), "-step trace; no cycle to show --\n");
  }
  const std::vector<Row> rows = TraceRows(steps, cycle_start, fold);
  auto any = [&](Row::Kind kind) {
    return std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return r.kind == kind; });
  };
  const bool setup = any(Row::kSetUp), repeats = any(Row::kRepeat);
  *folded = setup && repeats ? "set-up and repeats" : setup ? "set-up" : repeats ? "repeats" : "";

  // Columns: mark, step number (right-aligned), thread, operation, line, outcome. The widths
  // are those of the rows shown, so a folded trace is as narrow as its lines.
  const bool marks =
      std::any_of(steps.begin(), steps.end(), [](const TraceStep& s) { return s.decisive; });
  auto label = [](const Row& r) {
    return r.first == r.last ? absl::StrCat(r.first + 1)
                             : absl::StrCat(r.first + 1, "-", r.last + 1);
  };
  // "line 7", or for a folded set-up "lines 1-17". A step in an imported module names its
  // file: "helpers.py:7" (ModuleFileName; the bug's location and the stacks give the whole
  // path). A set-up that runs through modules gives each file its own range, in the order the
  // run first enters it: "lines 1-5, _base.py:4-57, thread.py:8-22" (a range over every file's
  // lines would mix the scenario's lines with the modules').
  auto line_field = [&](const Row& r) {
    struct Span {
      const std::string* file;
      int32_t lo, hi;
    };
    std::vector<Span> spans;
    for (size_t k = r.first; k <= r.last; ++k) {
      const TraceStep& s = steps[k];
      auto it = std::find_if(spans.begin(), spans.end(),
                             [&](const Span& x) { return *x.file == s.file; });
      if (it == spans.end()) {
        spans.push_back({&s.file, s.line, s.line});
      } else {
        it->lo = std::min(it->lo, s.line);
        it->hi = std::max(it->hi, s.line);
      }
    }
    std::vector<std::string> parts;
    for (const Span& x : spans) {
      const std::string lines =
          x.lo == x.hi ? absl::StrCat(x.lo) : absl::StrCat(x.lo, "-", x.hi);
      if (!x.file->empty())
        parts.push_back(absl::StrCat(Printable(ModuleFileName(*x.file)), ":", lines));
      else
        parts.push_back(absl::StrCat(x.lo == x.hi ? "line " : "lines ", lines));
    }
    return absl::StrJoin(parts, ", ");
  };
  std::vector<const TraceStep*> shown;
  size_t number_width = 4, line_width = 0;
  for (const Row& r : rows) {
    if (r.kind == Row::kRepeat) continue;
    number_width = std::max(number_width, label(r).size());
    if (r.kind != Row::kStep) continue;
    shown.push_back(&steps[r.first]);
    // A folded set-up's "lines 1-17" overflows its own row, as a long operation does.
    line_width = std::max(line_width, line_field(r).size());
  }
  size_t name_width = ColumnWidth(
      shown, [](const TraceStep* s) -> const std::string& { return s->thread_name; },
      kMaxNameColumn);
  size_t op_width = ColumnWidth(
      shown, [](const TraceStep* s) -> const std::string& { return s->op; }, kMaxOpColumn);
  const std::string kSetUpOp = "(set-up)";
  for (const Row& r : rows) {
    if (r.kind != Row::kSetUp) continue;
    const size_t name = Width(Printable(steps[r.first].thread_name));
    name_width = std::max(name_width, std::min(kMaxNameColumn, name));
    op_width = std::max(op_width, kSetUpOp.size());
  }
  // Printed output sits under the thread column, marked so it cannot pass for a step.
  const std::string output_indent(2 + number_width + 2, ' ');

  std::string out;
  for (const Row& r : rows) {
    if (r.first == cycle_start && r.kind != Row::kRepeat) {
      size_t n = steps.size() - cycle_start;
      out += n == 1 ? "    -- the next step repeats forever --\n"
                    : absl::StrCat("    -- the next ", Thousands(n), " steps repeat forever --\n");
    }
    if (r.kind == Row::kRepeat) {
      const size_t n = r.last - r.first + 1, turns = n / r.period, rest = n % r.period;
      absl::StrAppend(&out, "    ... the same ",
                      r.period == 1 ? "step" : absl::StrCat(r.period, " steps"));
      if (turns > 0)
        absl::StrAppend(&out, " x ", Thousands(turns), turns == 1 ? " more time" : " more times");
      if (rest == 1) absl::StrAppend(&out, ", then the first of them again");
      if (rest > 1) absl::StrAppend(&out, ", then the first ", rest, " of them again");
      absl::StrAppend(&out, " (steps ", r.first + 1, "-", r.last + 1, ")\n");
      continue;
    }
    const TraceStep& s = steps[r.first];
    const bool marked = marks && s.decisive && r.kind == Row::kStep;
    std::string line = absl::StrFormat("%s%*s  ", marked ? "* " : "  ", number_width, label(r));
    AppendPadded(&line, s.thread_name, name_width);
    line += "  ";
    if (r.kind == Row::kSetUp) {
      AppendPadded(&line, kSetUpOp, op_width);
      absl::StrAppendFormat(&line, "  %-*s  %s", line_width, line_field(r),
                            SetUpSummary(steps, r));
      AppendLine(&out, line);
      continue;
    }
    AppendPadded(&line, s.op, op_width);
    absl::StrAppendFormat(&line, "  %-*s  %s", line_width, line_field(r), Printable(s.outcome));
    AppendLine(&out, line);
    // Verbatim: printed text keeps its own spacing (an empty line shows as a bare bar).
    for (const std::string& text : s.output)
      absl::StrAppend(&out, output_indent, text.empty() ? "|" : "| " + Printable(text), "\n");
  }
  return out + cycle_end;
}

}  // namespace

std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start,
                        bool fold) {
  std::string folded;
  return TraceText(steps, loop_start, fold, &folded);
}

std::string RenderBug(const Bug& bug, const std::string& file, const TextOptions& options) {
  std::string out(BugKindName(bug.kind));
  if (bug.severity == Severity::kWarning) out += " (warning)";
  absl::StrAppend(&out, ": ", Printable(bug.message),
                  bug.handled ? " (handled by the scenario)" : "", "\n");
  absl::StrAppend(&out, "  at ", Printable(bug.location.file));
  if (bug.location.line > 0) absl::StrAppend(&out, ":", bug.location.line);
  if (bug.location.line > 0 && bug.location.column > 0)
    absl::StrAppend(&out, ":", bug.location.column);
  out += "\n";
  if (!bug.trace.empty()) {
    std::string folded;
    std::string trace = TraceText(bug.trace, bug.loop_start, !options.full_trace, &folded);
    absl::StrAppend(&out, "  trace (", Plural(bug.trace.size(), "step", "steps"),
                    folded.empty()
                        ? ""
                        : absl::StrCat("; ", folded, " folded, --trace full shows every step"),
                    "):\n", trace);
    if (!bug.decisive.empty())
      absl::StrAppend(&out, "  decisive steps (*): ", Printable(bug.decisive), "\n");
  }
  if (!bug.final_state.empty()) out += RenderFinalState(bug.final_state);
  out += RenderWaitGraph(bug.wait_graph, bug.wait_cycle);
  // The one-line form says what the graph says; only producers without a graph need it.
  if (bug.wait_graph.empty() && !bug.wait_for.empty())
    absl::StrAppend(&out, "  wait-for cycle: ", Printable(bug.wait_for), "\n");
  if (!bug.lock_order.empty()) out += RenderLockOrder(bug.lock_order);
  if (!bug.replay.empty()) {
    absl::StrAppend(&out, "  replay: ", Printable(ReplayCommandLine(file, bug.replay, options.profile)), "\n");
  }
  return out;
}

std::string RenderFindingLines(const ScenarioResult& r) {
  std::string out;
  if (r.status == ScenarioStatus::kError) {
    // The first line of each rendered error is already "file:line:col: error: message".
    for (const Diagnostic& d : r.errors) out += RenderDiagnostic(d, nullptr);
    return out;
  }
  if (r.matched_expectation) return out;
  for (const Bug& b : r.bugs) {
    std::string at = Printable(b.location.file.empty() ? r.file : b.location.file);
    if (b.location.line > 0) absl::StrAppend(&at, ":", b.location.line);
    if (b.location.line > 0 && b.location.column > 0) absl::StrAppend(&at, ":", b.location.column);
    absl::StrAppend(&out, at, ": ", BugKindName(b.kind),
                    b.severity == Severity::kWarning ? " (warning)" : "", ": ",
                    Printable(b.message), b.handled ? " (handled by the scenario)" : "", "\n");
  }
  return out;
}

std::string ReplayCommandLine(const std::string& file, const std::string& token,
                              absl::string_view profile) {
  return absl::StrCat("lockcheck replay ", ShellQuote(file), " --schedule ", ShellQuote(token),
                      profile == "language" ? "" : absl::StrCat(" --profile ", profile));
}

std::string RenderText(const ScenarioResult& r, const TextOptions& options) {
  std::string out = SummaryLine(r);
  if (options.quiet) return out + RenderFindingLines(r);
  switch (r.status) {
    case ScenarioStatus::kError:
      // Each entry is already "file:line:col: error: ..." plus the source line and caret.
      for (const std::string& e : r.rendered_errors) {
        out += e;
        if (!e.empty() && e.back() != '\n') out += "\n";
      }
      if (r.rendered_errors.empty())
        for (const Diagnostic& d : r.errors) out += RenderDiagnostic(d, nullptr);
      out += "\n";
      return out;
    case ScenarioStatus::kPass:
      if (r.matched_expectation && !options.verbose) return out;
      return out + StatsLines(r.stats, options.verbose);
    case ScenarioStatus::kIncomplete:
      // A search the clock cut keeps what it found (check.cc, Conclude): shown like a failure's.
      if (!CutByTime(r.stats) || r.bugs.empty())
        return out + StatsLines(r.stats, options.verbose);
      break;
    case ScenarioStatus::kFail:
      break;
  }
  out += StatsLines(r.stats, options.verbose);
  TextOptions bug_options = options;
  bug_options.profile = r.profile;
  for (const Bug& b : r.bugs) absl::StrAppend(&out, "\n", RenderBug(b, r.file, bug_options));
  out += "\n";
  return out;
}

std::string RenderSummary(const std::vector<ScenarioResult>& results) {
  uint64_t ok = 0, failed = 0, errors = 0, incomplete = 0;
  for (const ScenarioResult& r : results) {
    if (r.status == ScenarioStatus::kError) ++errors;
    else if (r.matched_expectation) ++ok;
    else if (r.status == ScenarioStatus::kIncomplete) ++incomplete;
    else ++failed;
  }
  return absl::StrCat(Plural(results.size(), "scenario", "scenarios"), ": ", Thousands(ok),
                      " ok, ", Thousands(failed), " failed, ",
                      Plural(errors, "error", "errors"), ", ", Thousands(incomplete),
                      " incomplete\n");
}

}  // namespace lockcheck
