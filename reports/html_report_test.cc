// Structure of the swimlane pages: lanes per thread, holding bars and blocked stretches where
// the trace says, loop and cycle marks, escaping of hostile scenario text, file names, the index.
#include "reports/html_report.h"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reports/report_fixtures.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every match of `pattern`'s first group, in order.
std::vector<std::string> All(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

ScenarioResult OneBug(const Bug& b) {
  ScenarioResult r = fixtures::FailingScenario();
  r.bugs = {b};
  return r;
}

const std::vector<std::string> kSource = {"import threading", "", "a = threading.Lock()"};

TEST(HtmlReportTest, OneLanePerThreadInThreadOrder) {
  std::string page = RenderHtmlPage(OneBug(fixtures::DeadlockBug()), kSource);
  EXPECT_EQ(Count(page, "<div class=\"lane\""), 3u);
  EXPECT_THAT(page, HasSubstr("<body data-lanes=\"3\">"));
  // Lane heads by thread number; the two threads of the cycle marked.
  EXPECT_EQ(All(page, "<div class=\"th[^\"]*\" title=\"([^\"]*)\""),
            (std::vector<std::string>{"MainThread", "Thread-1 (one)", "Thread-2 (two)"}));
  EXPECT_EQ(Count(page, "<div class=\"th cyc\""), 2u);
  // Each step sits in its thread's lane, in trace order.
  EXPECT_EQ(All(page, "<div class=\"st\" style=\"--l:(\\d+);"),
            (std::vector<std::string>{"0", "0", "1", "1", "2"}));
  EXPECT_EQ(All(page, "<div class=\"row[^\"]*\" data-i=\"(\\d+)\""),
            (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  // The final rows: every thread's end state, the cycle's in red.
  EXPECT_THAT(page, HasSubstr("<div class=\"fin blocked cyc\" style=\"--l:1;--p:1\" title=\"blocked in "
                              "b.acquire() (line 13), held by Thread-2 (two)\">"));
  EXPECT_THAT(page, HasSubstr("<div class=\"fin blocked\" style=\"--l:0;--p:0\" title=\"blocked in "
                              "t1.join() (line 26), waiting for Thread-1 (one)\">"));
}

TEST(HtmlReportTest, HoldingBarsFollowTheTrace) {
  // Deadlock: Thread-1 holds a from step 3 on, Thread-2 b from step 5 on, both to the end
  // (the middle of the final rows, at row 6).
  std::string page = RenderHtmlPage(OneBug(fixtures::DeadlockBug()), kSource);
  EXPECT_EQ(All(page, "<div class=\"hold (c\\d\" style=\"[^\"]*)\""),
            (std::vector<std::string>{"c0\" style=\"--l:1;--k:0;--y:2.5;--h:3.5",
                                      "c1\" style=\"--l:2;--k:0;--y:4.5;--h:1.5"}));
  EXPECT_THAT(page, HasSubstr("title=\"Thread-1 (one) holds a, from step 3 to the end\""));
  // Lock order: nested holdings side by side; released bars end at the releasing step.
  page = RenderHtmlPage(OneBug(fixtures::LockOrderBug()), kSource);
  EXPECT_EQ(All(page, "<div class=\"hold (c\\d\" style=\"[^\"]*)\""),
            (std::vector<std::string>{"c0\" style=\"--l:1;--k:0;--y:1.5;--h:4",
                                      "c1\" style=\"--l:1;--k:1;--y:3.5;--h:1",
                                      "c1\" style=\"--l:2;--k:0;--y:7.5;--h:2.5",
                                      "c0\" style=\"--l:2;--k:1;--y:8.5;--h:1.5"}));
  EXPECT_THAT(page, HasSubstr("title=\"Thread-1 (one) holds b, steps 4-5\""));
  // Step text moves right of the widest set of bars in its lane.
  EXPECT_THAT(page, HasSubstr("<div class=\"st\" style=\"--l:1;--p:2\""));
  EXPECT_THAT(page, HasSubstr("<div class=\"st\" style=\"--l:0;--p:0\""));
  // Steps with no lock held draw no bar.
  EXPECT_EQ(Count(RenderHtmlPage(fixtures::ExpectedHandledScenario(), kSource), "class=\"hold"), 0u);
}

TEST(HtmlReportTest, BlockedTimeIsShaded) {
  // All three threads blocked after the last step: shaded from row 5 through the final rows.
  std::string page = RenderHtmlPage(OneBug(fixtures::DeadlockBug()), kSource);
  EXPECT_EQ(All(page, "<div class=\"(blk[^\"]*\" style=\"[^\"]*)\""),
            (std::vector<std::string>{"blk\" style=\"--l:0;--y:5;--h:2",
                                      "blk cyc\" style=\"--l:1;--y:5;--h:2",
                                      "blk cyc\" style=\"--l:2;--y:5;--h:2"}));
  // A thread let go in the middle: blocked after steps 2 and 3, free after step 4.
  Bug b = fixtures::LockOrderBug();
  b.trace[1].blocked = {2};
  b.trace[2].blocked = {2};
  page = RenderHtmlPage(OneBug(b), kSource);
  EXPECT_EQ(All(page, "<div class=\"(blk[^\"]*\" style=\"[^\"]*)\""),
            (std::vector<std::string>{"blk\" style=\"--l:2;--y:2;--h:1.5"}));
}

TEST(HtmlReportTest, LassoLoopIsMarked) {
  std::string page = RenderHtmlPage(OneBug(fixtures::StarvationBug()), kSource);
  EXPECT_THAT(page, HasSubstr("<div class=\"loopband\" style=\"--y:2;--h:2\" title=\"steps 3-4 repeat forever\">"));
  EXPECT_EQ(All(page, "<div class=\"row lp\" data-i=\"(\\d+)\""),
            (std::vector<std::string>{"2", "3"}));
  EXPECT_THAT(page, HasSubstr("steps 3-4 are the loop"));
  EXPECT_THAT(page, HasSubstr("<span class=\"badge lasso\">starvation</span>"));
  // Not a lasso: no loop mark.
  EXPECT_THAT(RenderHtmlPage(OneBug(fixtures::DeadlockBug()), kSource), Not(HasSubstr("class=\"loopband\"")));
}

TEST(HtmlReportTest, CycleReplayFinalStateAndGraphs) {
  std::string page = RenderHtmlPage(fixtures::FailingScenario(), kSource);
  EXPECT_THAT(page, HasSubstr("wait-for cycle: Thread-1 (one) \u2192 Thread-2 (two) \u2192 Thread-1 (one)"));
  EXPECT_THAT(page, HasSubstr("<code>lockcheck replay scenarios/corpus/lock_order.py --schedule lc1:aabbc</code>"));
  EXPECT_THAT(page, HasSubstr("<li class=\"cyc\">Thread-1 (one) waits in <code>b.acquire()</code> (line 13), held by Thread-2 (two)</li>"));
  EXPECT_THAT(page, HasSubstr("<li>MainThread waits in <code>t1.join()</code> (line 26)</li>"));
  EXPECT_THAT(page, HasSubstr("Thread-1 (one) acquires <b>b</b> in <code>b.acquire()</code> (line 13, col 14) while holding <b>a</b>"));
  // A lock-order trace ends where a thread holding one lock goes for the next.
  Bug order = fixtures::LockOrderBug();
  order.trace.resize(3);  // Thread-1 holds a
  order.final_state = {{0, "MainThread", "runnable", false, "", 0, "", {}},
                       {1, "Thread-1 (one)", "runnable", false, "", 0, "", {}}};
  EXPECT_THAT(RenderHtmlPage(OneBug(order), kSource),
              HasSubstr(">goes for b in b.acquire() (line 13) while holding a</div>"));
  EXPECT_THAT(page, HasSubstr("<td>Thread-2 (two)</td><td>blocked in a.acquire() (line 18), held by Thread-1 (one)</td><td class=\"stack\">two (line 18)</td>"));
  // Three bugs, three sections, a lane count over all of them (the lasso fixture has no final
  // state, so only its two stepping threads).
  EXPECT_EQ(Count(page, "<section class=\"bug\""), 3u);
  EXPECT_THAT(page, HasSubstr("<body data-lanes=\"8\">"));
  EXPECT_THAT(page, HasSubstr("<p class=\"verdict bad\">FAIL (3 bugs: deadlock, starvation, lock-order; expected: pass)</p>"));
}

TEST(HtmlReportTest, SourceLineOnEveryStep) {
  Bug b = fixtures::DeadlockBug();
  for (TraceStep& s : b.trace) s.line = 3;
  b.trace[4].line = 99;  // not in the source: the title still says which line
  std::string page = RenderHtmlPage(OneBug(b), kSource);
  EXPECT_EQ(Count(page, "title=\"line 3: a = threading.Lock()"), 4u);
  EXPECT_EQ(Count(page, "title=\"line 99: &#10;b.acquire() \u2192 acquired\""), 1u);
  // The print's output is in its step and title.
  EXPECT_THAT(page, HasSubstr("<span class=\"pr\">\u2192 one has a</span>"));
  EXPECT_THAT(page, HasSubstr("&#10;print(&#39;one has a&#39;) \u2192 printed&#10;printed: one has a\""));
  // The source is embedded for the detail panel and listed.
  EXPECT_THAT(page, HasSubstr("\"src\":[\"import threading\",\"\",\"a = threading.Lock()\"]"));
  EXPECT_THAT(page, HasSubstr("<span><b>3</b>a = threading.Lock()</span>"));
  EXPECT_THAT(RenderHtmlPage(OneBug(b), {}), HasSubstr("(the source could not be read)"));
}

TEST(HtmlReportTest, HostileScenarioTextCannotInject) {
  const std::string evil = "</script><img src=x onerror=alert(1)><!--\"'&";
  ScenarioResult r = fixtures::FailingScenario();
  r.file = "scenarios/" + evil + ".py";
  r.description = evil;
  for (Bug& b : r.bugs) {
    b.message = evil;
    b.replay = "lc1:a'b";
    b.location.file = r.file;
    for (TraceStep& s : b.trace) {
      s.thread_name = evil;
      s.op = evil;
      s.outcome = evil + "\x01\xff";
      s.output = {evil};
      if (!s.holds.empty()) s.holds[0] = evil;
    }
    for (ThreadState& t : b.final_state) {
      t.name = evil;
      t.waits_on = evil;
      for (StackFrame& f : t.stack) f.function = evil;
    }
    for (WaitEdge& e : b.wait_graph) e.thread = e.held_by = evil;
    for (std::string& t : b.wait_cycle) t = evil;
    for (LockOrderEdge& e : b.lock_order) e.thread = e.holds = e.acquires = e.op = evil;
  }
  const std::vector<std::string> source = {evil, "x = '</SCRIPT >'", "\x02\t<!-- -->"};
  const std::string page = RenderHtmlPage(r, source);
  // Only the page's own two script elements open or close; no element or comment from the text.
  EXPECT_EQ(Count(page, "<script"), 2u);
  EXPECT_EQ(Count(page, "</script>"), 2u);
  EXPECT_THAT(page, Not(HasSubstr("</SCRIPT")));
  EXPECT_THAT(page, Not(HasSubstr("<img")));
  EXPECT_THAT(page, Not(HasSubstr("<!--")));
  EXPECT_THAT(page, HasSubstr("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--&quot;&#39;&amp;"));
  // In the JSON block, '<' '>' '&' are escapes.
  EXPECT_THAT(page, HasSubstr("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"));
  // A control character shows escaped, a bad byte as U+FFFD.
  EXPECT_THAT(page, HasSubstr("\\x01\xEF\xBF\xBD"));
  EXPECT_THAT(page, Not(HasSubstr("\xff")));
  // The replay command is shell-quoted, then escaped.
  EXPECT_THAT(page, HasSubstr("--schedule &#39;lc1:a&#39;\\&#39;&#39;b&#39;</code>"));
  // The index escapes too.
  RunReport report;
  report.scenarios = {r};
  const std::string index = RenderHtmlIndex(report, {HtmlPageName(r.file)});
  EXPECT_THAT(index, Not(HasSubstr("<img")));
  EXPECT_EQ(Count(index, "<script"), 0u);
}

TEST(HtmlReportTest, SameResultSameBytes) {
  const std::string a = RenderHtmlPage(fixtures::FailingScenario(), kSource);
  EXPECT_EQ(a, RenderHtmlPage(fixtures::FailingScenario(), kSource));
  EXPECT_EQ(RenderHtmlIndex(fixtures::FullReport(), {}), RenderHtmlIndex(fixtures::FullReport(), {}));
}

TEST(HtmlReportTest, LongTracesStayLinear) {
  // 5,000 steps of 8 threads: one row per step, blocks of kRowsPerBlock, no per-lane cells.
  Bug b = fixtures::DeadlockBug();
  b.trace.clear();
  for (int i = 0; i < 5000; ++i) {
    TraceStep s{i % 8, absl::StrCat("Thread-", i % 8), "x.acquire()", 3, 1, "acquired", {}, "", "", false, {}, {}};
    if (i % 16 < 8) s.holds = {"x"};
    b.trace.push_back(s);
  }
  b.final_state.clear();
  const std::string page = RenderHtmlPage(OneBug(b), kSource);
  EXPECT_EQ(Count(page, "<div class=\"row"), 5000u);
  EXPECT_EQ(Count(page, "<div class=\"chunk\""), (5000u + kRowsPerBlock - 1) / kRowsPerBlock);
  EXPECT_EQ(Count(page, "<div class=\"lane\""), 8u);
  // Each thread takes x at one of its steps and drops it at the next: a bar per two steps,
  // 313 for each thread's 625.
  EXPECT_EQ(Count(page, "class=\"hold"), 8u * 313u);
  EXPECT_LT(page.size(), 5000u * 400);
}

TEST(HtmlReportTest, PageNames) {
  EXPECT_EQ(HtmlPageName("scenarios/corpus/lock_order_inversion.py"),
            "scenarios--corpus--lock_order_inversion.py.html");
  // Same base name, different folders; names that would meet if '/' became '_'.
  std::set<std::string> names = {HtmlPageName("a/x.py"), HtmlPageName("b/x.py"),
                                 HtmlPageName("a_b/c.py"), HtmlPageName("a/b_c.py"),
                                 HtmlPageName("a-b/c.py"), HtmlPageName("a--b/c.py"),
                                 HtmlPageName("a/-b/c.py")};
  EXPECT_EQ(names.size(), 7u);
  EXPECT_EQ(HtmlPageName("./a/../b/x.py"), HtmlPageName("b/x.py"));
  EXPECT_EQ(HtmlPageName("/tmp/x y.py"), "--tmp--x-20y.py.html");
  EXPECT_NE(HtmlPageName("index"), "index.html");
  const std::string long_a = std::string(300, 'a') + "/x.py", long_b = std::string(301, 'a') + "/x.py";
  EXPECT_LE(HtmlPageName(long_a).size(), 255u);
  EXPECT_NE(HtmlPageName(long_a), HtmlPageName(long_b));
}

TEST(HtmlReportTest, IndexListsEveryScenario) {
  RunReport report = fixtures::FullReport();
  std::vector<std::string> pages;
  for (const ScenarioResult& r : report.scenarios)
    pages.push_back(HasHtmlPage(r) ? HtmlPageName(r.file) : "");
  const std::string index = RenderHtmlIndex(report, pages);
  EXPECT_EQ(Count(index, "<tr><td class=\"file\">"), report.scenarios.size());
  EXPECT_EQ(All(index, "<span class=\"pill (\\w+)\">"),
            (std::vector<std::string>{"error", "incomplete", "fail", "ok", "ok"}));
  EXPECT_THAT(index, HasSubstr("<a href=\"scenarios--corpus--lock_order.py.html\">scenarios/corpus/lock_order.py</a>"));
  EXPECT_THAT(index, HasSubstr("<a href=\"scenarios--corpus--lock_order.py.html#bug-3\">lock-order</a>"));
  EXPECT_THAT(index, HasSubstr("<td class=\"file\">scenarios/corpus/locked_counter.py</td>"));
  EXPECT_THAT(index, HasSubstr("ok (found the expected unlock-not-held)"));
  EXPECT_THAT(index, HasSubstr("2 matched their expectation, 3 did not"));
}

TEST(HtmlReportTest, SourceLinesSplit) {
  EXPECT_EQ(SourceLines("a\r\nb\n\nc\n"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(SourceLines(""), std::vector<std::string>{});
}

}  // namespace
}  // namespace lockcheck
