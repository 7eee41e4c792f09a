#include "reports/html_report.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "nlohmann/json.hpp"
#include "reports/html_assets.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

// ---- text ------------------------------------------------------------------------------------

// The length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates,
// nothing past U+10FFFF).
size_t Utf8Length(absl::string_view s, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = at(i);
  size_t n = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3
                          : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((at(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && c == 0xE0 && at(i + 1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && at(i + 1) >= 0xA0) return 0;  // surrogate
  if (n == 4 && c == 0xF0 && at(i + 1) < 0x90) return 0;   // overlong
  if (n == 4 && c == 0xF4 && at(i + 1) >= 0x90) return 0;  // past U+10FFFF
  return n;
}

// Scenario text as the page shows it: valid UTF-8 (a bad byte becomes U+FFFD) and control
// characters escaped as the text report escapes them (a tab stays a tab in source lines).
std::string Clean(absl::string_view s, bool keep_tabs = false) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = Utf8Length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (c == '\t' && keep_tabs) out += '\t';
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += absl::StrFormat("\\x%02x", c);
    else out.append(s.data() + i, n);
    i += n;
  }
  return out;
}

// Text or a double-quoted attribute value.
std::string Esc(absl::string_view s, bool keep_tabs = false) {
  std::string clean = Clean(s, keep_tabs), out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON for a <script type="application/json"> block: nothing in it can close the element or
// open a comment, whatever the strings hold.
std::string ScriptJson(const nlohmann::json& j) {
  std::string dumped = j.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(dumped.size());
  for (size_t i = 0; i < dumped.size(); ++i) {
    const char c = dumped[i];
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else if (c == '\xE2' && i + 2 < dumped.size() && dumped[i + 1] == '\x80' &&
             (dumped[i + 2] == '\xA8' || dumped[i + 2] == '\xA9')) {
      out += dumped[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

// Positions are in rows (CSS multiplies by the row height); halves are as fine as they go.
std::string Rows(int64_t half_rows) {
  return half_rows % 2 == 0 ? absl::StrCat(half_rows / 2) : absl::StrCat(half_rows / 2, ".5");
}

bool IsLasso(const Bug& bug) { return bug.loop_start.has_value(); }

// The quiet text report's verdict without the file name: "ok (found the expected deadlock)".
std::string Verdict(const ScenarioResult& r) {
  std::string line = RenderText(r, TextOptions{/*quiet=*/true, /*verbose=*/false});
  line = line.substr(0, line.find('\n'));
  const std::string prefix = r.file + ": ";
  if (absl::StartsWith(line, prefix)) line = line.substr(prefix.size());
  return line;
}

bool VerdictOk(const ScenarioResult& r) {
  return r.matched_expectation && r.status != ScenarioStatus::kError;
}

std::string StatsText(const Stats& s) {
  std::string out = absl::StrCat("explored ", s.states, s.states == 1 ? " state, " : " states, ",
                                 s.transitions, s.transitions == 1 ? " transition" : " transitions");
  if (s.complete) return out + ", complete";
  return absl::StrCat(out, ", not exhaustive (", s.limit.empty() ? "a bound" : s.limit, ")");
}

// "blocked in b.acquire() (line 12), held by Thread-2 (two)"; a join's holder is the thread
// joined, which holds nothing: "waiting for".
std::string DescribeThread(const ThreadState& t) {
  std::string out = t.status.empty() ? "unknown" : t.status;
  if (!t.waits_on.empty()) absl::StrAppend(&out, " in ", t.waits_on);
  if (t.waits_line > 0) absl::StrAppend(&out, " (line ", t.waits_line, ")");
  if (!t.held_by.empty()) {
    const bool join = absl::StrContains(t.waits_on, ".join(");
    absl::StrAppend(&out, join ? ", waiting for " : ", held by ", t.held_by);
  }
  if (t.daemon) out += " [daemon]";
  return out;
}

// ---- one bug -------------------------------------------------------------------------------

// The lanes of a bug: every thread of its final state and of its trace, by thread number.
struct Lanes {
  std::vector<int32_t> threads;  // thread number of each lane
  std::vector<std::string> names;
  std::map<int32_t, size_t> lane_of;

  explicit Lanes(const Bug& bug) {
    std::map<int32_t, std::string> found;
    for (const ThreadState& t : bug.final_state) found.emplace(t.thread, t.name);
    for (const TraceStep& s : bug.trace) found.emplace(s.thread, s.thread_name);
    for (const auto& [thread, name] : found) {
      lane_of[thread] = threads.size();
      threads.push_back(thread);
      names.push_back(name);
    }
  }
  size_t size() const { return threads.size(); }
};

// A vertical stretch of a lane, in half rows.
struct Stretch {
  size_t lane;
  int64_t top, bottom;
  int slot = 0;       // holding bars: which of the lane's bars, from the left
  std::string what;   // holding bars: the lock
};

// With `n` steps, the final-state rows start at row n and take two rows.
int64_t EndMiddle(size_t n) { return 2 * static_cast<int64_t>(n) + 2; }
int64_t EndBottom(size_t n) { return 2 * static_cast<int64_t>(n) + 4; }

// Lock holding, per thread, from its own steps' `holds`: a bar from the middle of the step
// whose thread first holds the lock to the middle of its step that no longer does, or into the
// final rows. (A Lock released by another thread shows released at its holder's next step.)
// Bars of locks held at once stand side by side, each in the leftmost free slot.
std::vector<Stretch> Holdings(const Bug& bug, const Lanes& lanes, std::vector<int>* slots_used) {
  std::vector<Stretch> out;
  slots_used->assign(lanes.size(), 0);
  struct Open {
    int64_t top;
    int slot;
  };
  std::vector<std::map<std::string, Open>> open(lanes.size());
  auto close = [&](size_t lane, const std::string& lock, const Open& o, int64_t bottom) {
    out.push_back({lane, o.top, bottom, o.slot, lock});
  };
  for (size_t i = 0; i < bug.trace.size(); ++i) {
    const TraceStep& s = bug.trace[i];
    const size_t lane = lanes.lane_of.at(s.thread);
    auto& held = open[lane];
    const int64_t middle = 2 * static_cast<int64_t>(i) + 1;
    for (auto it = held.begin(); it != held.end();) {
      if (std::find(s.holds.begin(), s.holds.end(), it->first) == s.holds.end()) {
        close(lane, it->first, it->second, middle);
        it = held.erase(it);
      } else {
        ++it;
      }
    }
    for (const std::string& lock : s.holds) {
      if (held.count(lock)) continue;
      std::set<int> taken;
      for (const auto& [name, o] : held) taken.insert(o.slot);
      int slot = 0;
      while (taken.count(slot)) ++slot;
      held[lock] = {middle, slot};
      (*slots_used)[lane] = std::max((*slots_used)[lane], slot + 1);
    }
  }
  for (size_t lane = 0; lane < lanes.size(); ++lane)
    for (const auto& [lock, o] : open[lane]) close(lane, lock, o, EndMiddle(bug.trace.size()));
  // Deterministic order: by lane, then top, then slot.
  std::sort(out.begin(), out.end(), [](const Stretch& a, const Stretch& b) {
    return std::tie(a.lane, a.top, a.slot) < std::tie(b.lane, b.top, b.slot);
  });
  return out;
}

// Blocked time, from each step's `blocked`: from the end of the step after which the thread
// could not run to the middle of the step after which it could again (the one that let it go),
// or through the final rows.
std::vector<Stretch> BlockedStretches(const Bug& bug, const Lanes& lanes) {
  std::vector<Stretch> out;
  std::vector<int64_t> since(lanes.size(), -1);
  for (size_t i = 0; i < bug.trace.size(); ++i) {
    std::vector<bool> now(lanes.size(), false);
    for (int32_t t : bug.trace[i].blocked) {
      auto it = lanes.lane_of.find(t);
      if (it != lanes.lane_of.end()) now[it->second] = true;
    }
    for (size_t lane = 0; lane < lanes.size(); ++lane) {
      if (now[lane] && since[lane] < 0) since[lane] = 2 * static_cast<int64_t>(i) + 2;
      if (!now[lane] && since[lane] >= 0) {
        out.push_back({lane, since[lane], 2 * static_cast<int64_t>(i) + 1, 0, ""});
        since[lane] = -1;
      }
    }
  }
  for (size_t lane = 0; lane < lanes.size(); ++lane)
    if (since[lane] >= 0) out.push_back({lane, since[lane], EndBottom(bug.trace.size()), 0, ""});
  std::sort(out.begin(), out.end(), [](const Stretch& a, const Stretch& b) {
    return std::tie(a.lane, a.top) < std::tie(b.lane, b.top);
  });
  return out;
}

// Locks by first appearance in the trace: each gets one of eight colours.
std::vector<std::string> LocksInOrder(const Bug& bug) {
  std::vector<std::string> locks;
  for (const TraceStep& s : bug.trace)
    for (const std::string& l : s.holds)
      if (std::find(locks.begin(), locks.end(), l) == locks.end()) locks.push_back(l);
  return locks;
}

std::string SourceLine(const std::vector<std::string>& source, int32_t line) {
  if (line < 1 || static_cast<size_t>(line) > source.size()) return "";
  return std::string(absl::StripAsciiWhitespace(source[line - 1]));
}

nlohmann::json BugData(const Bug& bug, const Lanes& lanes) {
  using Json = nlohmann::json;
  Json steps = Json::array();
  for (const TraceStep& s : bug.trace) {
    Json output = Json::array(), holds = Json::array(), blocked = Json::array();
    for (const std::string& o : s.output) output.push_back(Clean(o));
    for (const std::string& h : s.holds) holds.push_back(Clean(h));
    for (int32_t t : s.blocked) blocked.push_back(t);
    steps.push_back(Json::array({lanes.lane_of.at(s.thread), s.line, s.column, Clean(s.op),
                                 Clean(s.outcome), std::move(output), std::move(holds),
                                 std::move(blocked)}));
  }
  Json names = Json::object(), lane_names = Json::array();
  for (size_t l = 0; l < lanes.size(); ++l) {
    names[absl::StrCat(lanes.threads[l])] = Clean(lanes.names[l]);
    lane_names.push_back(Clean(lanes.names[l]));
  }
  return Json{{"lanes", std::move(lane_names)}, {"names", std::move(names)},
              {"steps", std::move(steps)}};
}

void AppendSwimlanes(std::string& out, const Bug& bug, const Lanes& lanes,
                     const std::vector<std::string>& source) {
  const size_t n = bug.trace.size();
  std::vector<int> slots;
  const std::vector<Stretch> holds = Holdings(bug, lanes, &slots);
  const std::vector<Stretch> blocked = BlockedStretches(bug, lanes);
  const std::vector<std::string> locks = LocksInOrder(bug);
  auto colour = [&](const std::string& lock) {
    return std::find(locks.begin(), locks.end(), lock) - locks.begin();
  };
  std::set<std::string> in_cycle(bug.wait_cycle.begin(), bug.wait_cycle.end());
  std::map<int32_t, const ThreadState*> final_of;
  for (const ThreadState& t : bug.final_state) final_of.emplace(t.thread, &t);
  const bool loop = bug.loop_start && *bug.loop_start >= 0 &&
                    static_cast<size_t>(*bug.loop_start) < n;

  // The legend: what the marks mean, and each lock's colour.
  out += "<div class=\"legend\">";
  for (size_t i = 0; i < locks.size(); ++i)
    absl::StrAppend(&out, "<span><i class=\"c", i % 8, "\"></i>holds ", Esc(locks[i]), "</span>");
  if (!blocked.empty()) out += "<span><i class=\"blkkey\"></i>blocked</span>";
  if (!in_cycle.empty()) out += "<span><i class=\"cyckey\"></i>blocked in the wait-for cycle</span>";
  if (loop) out += "<span><i class=\"loopkey\"></i>the loop, repeating forever</span>";
  out += "<span>hover a step for its source line; click to pin it (\u2191\u2193 to move)</span></div>\n";

  absl::StrAppend(&out, "<div class=\"lanes\" style=\"--lanes:", lanes.size(), ";--rows:", n + 2,
                  "\">\n<div class=\"heads\"><div class=\"gh\">step</div>");
  for (size_t l = 0; l < lanes.size(); ++l) {
    const bool cyc = in_cycle.count(lanes.names[l]) > 0;
    auto f = final_of.find(lanes.threads[l]);
    std::string status = f == final_of.end() ? "" : f->second->status;
    if (cyc) status += status.empty() ? "in the wait-for cycle" : ", in the wait-for cycle";
    absl::StrAppend(&out, "<div class=\"th", cyc ? " cyc" : "", "\" title=\"", Esc(lanes.names[l]),
                    "\">", Esc(lanes.names[l]), "<small>", Esc(status), "</small></div>");
  }
  out += "</div>\n<div class=\"body\">\n";
  for (size_t l = 0; l < lanes.size(); ++l)
    absl::StrAppend(&out, "<div class=\"lane\" style=\"--l:", l, "\"></div>");
  out += "\n";
  if (loop) {
    const int64_t top = 2 * static_cast<int64_t>(*bug.loop_start);
    absl::StrAppend(&out, "<div class=\"loopband\" style=\"--y:", Rows(top), ";--h:",
                    Rows(2 * static_cast<int64_t>(n) - top), "\" title=\"steps ",
                    *bug.loop_start + 1, "-", n, " repeat forever\"><span>\u21bb</span></div>\n");
  }
  for (const Stretch& s : blocked) {
    const bool cyc = in_cycle.count(lanes.names[s.lane]) > 0;
    std::string title = absl::StrCat(lanes.names[s.lane], " blocked");
    auto f = final_of.find(lanes.threads[s.lane]);
    if (s.bottom == EndBottom(n) && f != final_of.end()) title = lanes.names[s.lane] + ": " + DescribeThread(*f->second);
    absl::StrAppend(&out, "<div class=\"blk", cyc ? " cyc" : "", "\" style=\"--l:", s.lane,
                    ";--y:", Rows(s.top), ";--h:", Rows(s.bottom - s.top), "\" title=\"",
                    Esc(title), "\"></div>\n");
  }
  for (const Stretch& s : holds) {
    const int64_t first = s.top / 2 + 1;
    std::string span = s.bottom == EndMiddle(n)
                           ? absl::StrCat("from step ", first, " to the end")
                           : absl::StrCat("steps ", first, "-", s.bottom / 2 + 1);
    absl::StrAppend(&out, "<div class=\"hold c", colour(s.what) % 8, "\" style=\"--l:", s.lane,
                    ";--k:", s.slot, ";--y:", Rows(s.top), ";--h:", Rows(s.bottom - s.top),
                    "\" title=\"", Esc(lanes.names[s.lane]), " holds ", Esc(s.what), ", ",
                    span, "\"></div>\n");
  }
  for (size_t c = 0; c < n; c += kRowsPerBlock) {
    const size_t rows = std::min<size_t>(kRowsPerBlock, n - c);
    absl::StrAppend(&out, "<div class=\"chunk\" style=\"--c:", c, ";--n:", rows, "\">\n");
    for (size_t i = c; i < c + rows; ++i) {
      const TraceStep& s = bug.trace[i];
      const size_t lane = lanes.lane_of.at(s.thread);
      const bool in_loop = loop && i >= static_cast<size_t>(*bug.loop_start);
      // Escaped piece by piece: "&#10;" is a line break inside the tooltip.
      // A step in an imported module names its file; the page shows the scenario's source.
      std::string where = s.file.empty()
                              ? absl::StrCat("line ", s.line, ": ", SourceLine(source, s.line))
                              : absl::StrCat(s.file, ":", s.line);
      std::string title = absl::StrCat(Esc(where),
                                       "&#10;", Esc(absl::StrCat(s.op, " \u2192 ", s.outcome)));
      if (!s.output.empty())
        absl::StrAppend(&title, "&#10;", Esc(absl::StrCat("printed: ", absl::StrJoin(s.output, " / "))));
      absl::StrAppend(&out, "<div class=\"row", in_loop ? " lp" : "", "\" data-i=\"", i,
                      "\" style=\"--r:", i - c, "\"><span class=\"n\">", i + 1,
                      "</span><div class=\"st\" style=\"--l:", lane, ";--p:", slots[lane],
                      "\" title=\"", title, "\">", Esc(s.op), " <span class=\"o\">",
                      Esc(s.outcome), "</span>");
      if (!s.output.empty())
        absl::StrAppend(&out, " <span class=\"pr\">\u2192 ", Esc(s.output.front()), "</span>");
      out += "</div></div>\n";
    }
    out += "</div>\n";
  }
  // The final rows: where each thread stands at the end.
  std::vector<std::vector<std::string>> last_holds(lanes.size());
  for (const TraceStep& s : bug.trace) last_holds[lanes.lane_of.at(s.thread)] = s.holds;
  absl::StrAppend(&out, "<div class=\"end\" style=\"--r:", n, "\"><span class=\"n\">end</span>");
  for (size_t l = 0; l < lanes.size(); ++l) {
    auto f = final_of.find(lanes.threads[l]);
    if (f == final_of.end()) continue;
    const ThreadState& t = *f->second;
    const bool is_blocked = t.status == "blocked";
    const bool cyc = in_cycle.count(t.name) > 0;
    std::string text = DescribeThread(t);
    // A lock-order warning's trace stops where a thread holding one lock goes for the next.
    for (const LockOrderEdge& e : bug.lock_order) {
      if (e.thread == t.name && t.status == "runnable" &&
          std::find(last_holds[l].begin(), last_holds[l].end(), e.holds) != last_holds[l].end()) {
        text = absl::StrCat("goes for ", e.acquires, " in ", e.op, " (line ", e.line,
                            ") while holding ", e.holds);
      }
    }
    absl::StrAppend(&out, "<div class=\"fin", is_blocked ? " blocked" : "", cyc ? " cyc" : "",
                    "\" style=\"--l:", l, ";--p:", slots[l], "\" title=\"", Esc(text), "\">", Esc(text),
                    "</div>");
  }
  out += "</div>\n</div>\n</div>\n";
}

void AppendFinalState(std::string& out, const Bug& bug) {
  if (bug.final_state.empty()) return;
  out += "<h3>Final state</h3>\n<table class=\"state\"><tr><th>thread</th><th>state</th>"
         "<th>stack (innermost last)</th></tr>\n";
  for (const ThreadState& t : bug.final_state) {
    std::vector<std::string> frames;
    for (const StackFrame& f : t.stack)
      frames.push_back(absl::StrCat(Esc(f.function), " (line ", f.line, ")"));
    absl::StrAppend(&out, "<tr><td>", Esc(t.name), "</td><td>", Esc(DescribeThread(t)),
                    "</td><td class=\"stack\">", absl::StrJoin(frames, " \u2192 "), "</td></tr>\n");
  }
  out += "</table>\n";
}

void AppendWaitGraph(std::string& out, const Bug& bug) {
  if (bug.wait_graph.empty()) return;
  std::set<std::string> in_cycle(bug.wait_cycle.begin(), bug.wait_cycle.end());
  out += "<h3>Wait-for graph</h3>\n<ul class=\"graph\">\n";
  for (const WaitEdge& e : bug.wait_graph) {
    const bool join = absl::StrContains(e.waits_on, ".join(");
    absl::StrAppend(&out, "<li", in_cycle.count(e.thread) ? " class=\"cyc\"" : "", ">",
                    Esc(e.thread), " waits in <code>", Esc(e.waits_on), "</code> (line ", e.line,
                    ")");
    if (!e.held_by.empty())
      absl::StrAppend(&out, join ? ", waiting for " : ", held by ", Esc(e.held_by));
    out += "</li>\n";
  }
  out += "</ul>\n";
}

void AppendLockOrder(std::string& out, const Bug& bug) {
  if (bug.lock_order.empty()) return;
  out += "<h3>Lock-order cycle</h3>\n<ul class=\"graph\">\n";
  for (const LockOrderEdge& e : bug.lock_order) {
    absl::StrAppend(&out, "<li>", Esc(e.thread), " acquires <b>", Esc(e.acquires), "</b> in <code>",
                    Esc(e.op), "</code> (line ", e.line, ", col ", e.column,
                    ") while holding <b>", Esc(e.holds), "</b></li>\n");
  }
  out += "</ul>\n";
}

void AppendBug(std::string& out, const ScenarioResult& r, size_t index, const Bug& bug,
               const std::vector<std::string>& source) {
  const Lanes lanes(bug);
  const std::string kind(BugKindName(bug.kind));
  const char* badge = bug.severity == Severity::kWarning ? "badge warning"
                      : IsLasso(bug)                     ? "badge lasso"
                                                         : "badge";
  absl::StrAppend(&out, "<section class=\"bug\" id=\"bug-", index + 1, "\" data-bug=\"", index,
                  "\">\n<h2><span class=\"", badge, "\">", Esc(kind),
                  bug.severity == Severity::kWarning ? " (warning)" : "", "</span>",
                  Esc(bug.message), "</h2>\n");
  absl::StrAppend(&out, "<p class=\"meta\">at <code>", Esc(bug.location.file), ":",
                  bug.location.line, ":", bug.location.column, "</code> \u00b7 ", bug.trace.size(),
                  bug.trace.size() == 1 ? " step" : " steps", " \u00b7 ", lanes.size(),
                  lanes.size() == 1 ? " thread" : " threads",
                  bug.handled ? " \u00b7 the scenario catches the exception" : "",
                  " \u00b7 id ", Esc(bug.id), "</p>\n");
  if (!bug.wait_cycle.empty()) {
    std::vector<std::string> names;
    for (const std::string& t : bug.wait_cycle) names.push_back(Esc(t));
    absl::StrAppend(&out, "<p class=\"note cycle\">wait-for cycle: ",
                    absl::StrJoin(names, " \u2192 "), " \u2192 ", names.front(), "</p>\n");
  }
  if (bug.loop_start) {
    absl::StrAppend(&out, "<p class=\"note loop\">steps ", *bug.loop_start + 1, "-",
                    bug.trace.size(), " are the loop: they come back to where they began and "
                    "repeat forever</p>\n");
  }
  if (!bug.replay.empty()) {
    absl::StrAppend(&out, "<p class=\"replay\">replay: <code>", Esc(ReplayCommandLine(r.file, bug.replay, r.profile)),
                    "</code></p>\n");
  }
  AppendSwimlanes(out, bug, lanes, source);
  AppendFinalState(out, bug);
  AppendWaitGraph(out, bug);
  AppendLockOrder(out, bug);
  out += "</section>\n";
}

void AppendHead(std::string& out, const std::string& title) {
  absl::StrAppend(&out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>", Esc(title), "</title>\n<style>", kHtmlStyle, "</style>\n</head>\n");
}

}  // namespace

bool HasHtmlPage(const ScenarioResult& result) { return !result.bugs.empty(); }

std::vector<std::string> SourceLines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (std::string& l : lines)
    if (!l.empty() && l.back() == '\r') l.pop_back();
  return lines;
}

std::string HtmlPageName(const std::string& scenario_path) {
  const std::string path = std::filesystem::path(scenario_path).lexically_normal().string();
  std::string name;
  for (unsigned char c : path) {
    if (absl::ascii_isalnum(c) || c == '.' || c == '_') name += static_cast<char>(c);
    else if (c == '/') name += "--";
    else name += absl::StrFormat("-%02x", c);
  }
  if (name == "index") name = "-69ndex";  // 'i' spelled as an escape: the index keeps its name
  if (name.size() > 200) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a of the whole path
    for (unsigned char c : path) h = (h ^ c) * 1099511628211ull;
    name = absl::StrFormat("-%016x%s", h, name.substr(name.size() - 160));
  }
  return name + ".html";
}

std::string RenderHtmlPage(const ScenarioResult& r, const std::vector<std::string>& source_lines) {
  std::string out;
  AppendHead(out, absl::StrCat("lockcheck: ", r.file));
  size_t lane_count = 0;
  nlohmann::json bugs = nlohmann::json::array();
  for (const Bug& b : r.bugs) {
    Lanes lanes(b);
    lane_count += lanes.size();
    bugs.push_back(BugData(b, lanes));
  }
  absl::StrAppend(&out, "<body data-lanes=\"", lane_count, "\">\n<header class=\"page\">\n",
                  "<div class=\"brand\">lockcheck \u00b7 <a href=\"index.html\">all scenarios</a></div>\n",
                  "<h1>", Esc(r.file), "</h1>\n");
  // A docstring's line breaks are where it was wrapped, not where the page should break.
  if (!r.description.empty()) {
    absl::StrAppend(&out, "<p class=\"desc\">",
                    Esc(absl::StrReplaceAll(r.description, {{"\r\n", " "}, {"\n", " "}})), "</p>\n");
  }
  absl::StrAppend(&out, "<p class=\"verdict ", VerdictOk(r) ? "ok" : "bad", "\">", Esc(Verdict(r)),
                  "</p>\n<p class=\"stats\">", Esc(StatsText(r.stats)), "</p>\n");
  if (r.bugs.size() > 1) {
    out += "<nav class=\"bugs\">";
    for (size_t i = 0; i < r.bugs.size(); ++i) {
      absl::StrAppend(&out, "<a href=\"#bug-", i + 1, "\">", i + 1, ". ",
                      Esc(BugKindName(r.bugs[i].kind)), "</a>");
    }
    out += "</nav>\n";
  }
  out += "</header>\n<main>\n";
  for (size_t i = 0; i < r.bugs.size(); ++i) AppendBug(out, r, i, r.bugs[i], source_lines);
  if (r.bugs.empty()) out += "<p>No findings.</p>\n";
  out += "<details class=\"source\"><summary>Source of the scenario</summary>\n";
  if (source_lines.empty()) {
    out += "<p>(the source could not be read)</p>\n";
  } else {
    out += "<pre class=\"listing\">";
    for (size_t i = 0; i < source_lines.size(); ++i)
      absl::StrAppend(&out, "<span><b>", i + 1, "</b>", Esc(source_lines[i], true), "</span>");
    out += "</pre>\n";
  }
  out += "</details>\n</main>\n<aside id=\"detail\" hidden></aside>\n";
  nlohmann::json src = nlohmann::json::array();
  for (const std::string& l : source_lines) src.push_back(Clean(l, true));
  nlohmann::json data{{"src", std::move(src)}, {"bugs", std::move(bugs)}};
  absl::StrAppend(&out, "<script type=\"application/json\" id=\"lc-data\">", ScriptJson(data),
                  "</script>\n<script>", kHtmlScript, "</script>\n</body>\n</html>\n");
  return out;
}

std::string RenderHtmlIndex(const RunReport& report, const std::vector<std::string>& pages) {
  std::string out;
  AppendHead(out, "lockcheck: scenarios");
  size_t ok = 0;
  for (const ScenarioResult& r : report.scenarios) ok += VerdictOk(r);
  absl::StrAppend(&out, "<body data-lanes=\"0\">\n<header class=\"page\">\n<div class=\"brand\">lockcheck ",
                  Esc(report.version), "</div>\n<h1>", report.scenarios.size(),
                  report.scenarios.size() == 1 ? " scenario" : " scenarios", "</h1>\n<p class=\"verdict ",
                  ok == report.scenarios.size() ? "ok" : "bad", "\">", ok, " matched their expectation, ",
                  report.scenarios.size() - ok, " did not</p>\n</header>\n<main>\n");
  out += "<table class=\"index\"><tr><th>scenario</th><th>status</th><th>verdict</th>"
         "<th>findings</th><th>states</th></tr>\n";
  for (size_t i = 0; i < report.scenarios.size(); ++i) {
    const ScenarioResult& r = report.scenarios[i];
    const std::string page = i < pages.size() ? pages[i] : "";
    const std::string status(ScenarioStatusName(r.status));
    const char* pill = r.status == ScenarioStatus::kError ? "error"
                       : r.status == ScenarioStatus::kIncomplete && !r.matched_expectation
                           ? "incomplete"
                       : r.matched_expectation ? "ok"
                                               : "fail";
    std::vector<std::string> findings;
    for (size_t k = 0; k < r.bugs.size(); ++k) {
      std::string name = Esc(BugKindName(r.bugs[k].kind));
      findings.push_back(page.empty() ? name
                                      : absl::StrCat("<a href=\"", Esc(page), "#bug-", k + 1,
                                                     "\">", name, "</a>"));
    }
    std::string file = Esc(r.file);
    if (!page.empty()) file = absl::StrCat("<a href=\"", Esc(page), "\">", file, "</a>");
    absl::StrAppend(&out, "<tr><td class=\"file\">", file, "</td><td><span class=\"pill ", pill,
                    "\">", Esc(status), "</span></td><td>", Esc(Verdict(r)), "</td><td>",
                    findings.empty() ? "\u2014" : absl::StrJoin(findings, ", "), "</td><td>",
                    r.stats.states, "</td></tr>\n");
  }
  out += "</table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace lockcheck
