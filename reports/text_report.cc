#include "reports/text_report.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
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
  return absl::StrCat("stopped by ", s.limit.empty() ? "a bound" : s.limit);
}

// The fixed statistics block (after SPIN): always the search size and whether it was
// exhaustive; timing and memory only in verbose mode, as they differ from run to run.
std::string StatsLines(const Stats& s, bool verbose) {
  std::string out = absl::StrCat("  explored ", Plural(s.states, "state", "states"), ", ",
                                 Plural(s.transitions, "transition", "transitions"), ", ",
                                 Completion(s), "\n");
  if (!s.coverage.empty()) absl::StrAppend(&out, "  covered: ", s.coverage, "\n");
  if (verbose) {
    double per_state =
        s.states == 0 ? 0.0 : static_cast<double>(s.store_bytes) / static_cast<double>(s.states);
    absl::StrAppendFormat(
        &out, "  %s search, depth %d, %.2f s, peak memory %s, store %s (%.1f bytes/state)\n",
        s.search_order.empty() ? s.strategy : s.search_order, s.max_depth, s.seconds, HumanBytes(s.peak_memory_bytes), HumanBytes(s.store_bytes), per_state);
    absl::StrAppendFormat(&out, "  fingerprint collision odds %.1e (64-bit fingerprints)\n",
                          s.collision_odds);
    if (s.strategy == "dfs") {
      absl::StrAppend(&out, "  partial-order reduction: ", Thousands(s.reduced_states), " of ",
                      Plural(s.states, "state", "states"), " took one thread's step alone\n");
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
      absl::StrAppendFormat(&out, "        File \"%s\", line %d, in %s\n", f.file, f.line,
                            f.function);
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

std::string SummaryLine(const ScenarioResult& r) {
  const std::string& f = r.file;
  switch (r.status) {
    case ScenarioStatus::kError: {
      size_t n = std::max(r.errors.size(), r.rendered_errors.size());
      return absl::StrCat(f, ": ERROR (", Plural(n, "input error", "input errors"), ")\n");
    }
    case ScenarioStatus::kIncomplete:
      // Cut short after finding some of the declared bugs: what it found, and what it did not
      // reach.
      if (!r.bugs.empty()) {
        return absl::StrCat(f, ": INCOMPLETE (", Completion(r.stats), "; found ",
                            KindList(FoundKinds(r.bugs)), " in ",
                            Plural(r.stats.states, "state", "states"),
                            "; expected: ", KindList(r.expected), ")\n");
      }
      return absl::StrCat(f, ": INCOMPLETE (", Completion(r.stats), "; no bug found in ",
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

}  // namespace

std::string RenderTrace(const std::vector<TraceStep>& steps, std::optional<int32_t> loop_start) {
  // Columns: step number (right-aligned), thread, operation, line, outcome.
  size_t number_width = std::max<size_t>(4, absl::StrCat(steps.size()).size());
  size_t name_width = ColumnWidth(
      steps, [](const TraceStep& s) -> const std::string& { return s.thread_name; },
      kMaxNameColumn);
  size_t op_width = ColumnWidth(
      steps, [](const TraceStep& s) -> const std::string& { return s.op; }, kMaxOpColumn);
  size_t line_width = 0;
  for (const TraceStep& s : steps) line_width = std::max(line_width, absl::StrCat(s.line).size());
  // Printed output sits under the thread column, marked so it cannot pass for a step.
  const std::string output_indent(2 + number_width + 2, ' ');

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

  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (i == cycle_start) {
      size_t n = steps.size() - cycle_start;
      out += n == 1 ? "    -- the next step repeats forever --\n"
                    : absl::StrCat("    -- the next ", Thousands(n), " steps repeat forever --\n");
    }
    const TraceStep& s = steps[i];
    std::string line = absl::StrFormat("  %*d  ", number_width, i + 1);
    AppendPadded(&line, s.thread_name, name_width);
    line += "  ";
    AppendPadded(&line, s.op, op_width);
    absl::StrAppendFormat(&line, "  line %-*d  %s", line_width, s.line, Printable(s.outcome));
    AppendLine(&out, line);
    // Verbatim: printed text keeps its own spacing (an empty line shows as a bare bar).
    for (const std::string& text : s.output)
      absl::StrAppend(&out, output_indent, text.empty() ? "|" : "| " + Printable(text), "\n");
  }
  return out + cycle_end;
}

std::string RenderBug(const Bug& bug, const std::string& file) {
  std::string out(BugKindName(bug.kind));
  if (bug.severity == Severity::kWarning) out += " (warning)";
  absl::StrAppend(&out, ": ", Printable(bug.message),
                  bug.handled ? " (handled by the scenario)" : "", "\n");
  absl::StrAppend(&out, "  at ", bug.location.file);
  if (bug.location.line > 0) absl::StrAppend(&out, ":", bug.location.line);
  if (bug.location.line > 0 && bug.location.column > 0)
    absl::StrAppend(&out, ":", bug.location.column);
  out += "\n";
  if (!bug.trace.empty()) {
    absl::StrAppend(&out, "  trace (", Plural(bug.trace.size(), "step", "steps"), "):\n");
    out += RenderTrace(bug.trace, bug.loop_start);
  }
  if (!bug.final_state.empty()) out += RenderFinalState(bug.final_state);
  out += RenderWaitGraph(bug.wait_graph, bug.wait_cycle);
  // The one-line form says what the graph says; only producers without a graph need it.
  if (bug.wait_graph.empty() && !bug.wait_for.empty())
    absl::StrAppend(&out, "  wait-for cycle: ", Printable(bug.wait_for), "\n");
  if (!bug.lock_order.empty()) out += RenderLockOrder(bug.lock_order);
  if (!bug.replay.empty()) {
    absl::StrAppend(&out, "  replay: ", ReplayCommandLine(file, bug.replay), "\n");
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
    std::string at = b.location.file.empty() ? r.file : b.location.file;
    if (b.location.line > 0) absl::StrAppend(&at, ":", b.location.line);
    if (b.location.line > 0 && b.location.column > 0) absl::StrAppend(&at, ":", b.location.column);
    absl::StrAppend(&out, at, ": ", BugKindName(b.kind),
                    b.severity == Severity::kWarning ? " (warning)" : "", ": ",
                    Printable(b.message), b.handled ? " (handled by the scenario)" : "", "\n");
  }
  return out;
}

std::string ReplayCommandLine(const std::string& file, const std::string& token) {
  return absl::StrCat("lockcheck replay ", ShellQuote(file), " --schedule ", ShellQuote(token));
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
      return out + StatsLines(r.stats, options.verbose);
    case ScenarioStatus::kFail:
      break;
  }
  out += StatsLines(r.stats, options.verbose);
  for (const Bug& b : r.bugs) absl::StrAppend(&out, "\n", RenderBug(b, r.file));
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
