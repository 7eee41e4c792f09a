// The JUnit report on the shared fixtures: counts, one testcase per scenario with its verdict
// element, classnames, the failure's kind, message and text trace, escaping of untrusted text,
// and timing that can be left out. The CTest junit_read reads a real run back with junitparser;
// tools/golden/*.junit.xml pin whole files of corpus runs.
#include "reports/junit_report.h"

#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reports/report_fixtures.h"
#include "reports/text_report.h"

namespace lockcheck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The testcase element of `name` (from "<testcase" to its end).
std::string Testcase(const std::string& xml, const std::string& name) {
  size_t at = xml.find("name=\"" + name + "\"");
  if (at == std::string::npos) return "";
  size_t start = xml.rfind("<testcase", at);
  size_t self_closed = xml.find("/>\n", at), open_end = xml.find(">\n", at);
  if (self_closed != std::string::npos && self_closed < open_end) return xml.substr(start, self_closed + 3 - start);
  size_t end = xml.find("</testcase>\n", at);
  return xml.substr(start, end + 12 - start);
}

TEST(JunitReportTest, SuiteCountsAndOneTestcasePerScenario) {
  std::string xml = RenderJunit(fixtures::FullReport(), {/*include_timing=*/false});
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lockcheck\" "
                      "tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"0.000\">\n"
                      "  <testsuite name=\"lockcheck\" tests=\"5\" failures=\"1\" errors=\"1\" "
                      "skipped=\"1\" time=\"0.000\">\n",
                      0),
            0u);
  size_t cases = 0;
  for (size_t at = xml.find("<testcase "); at != std::string::npos;
       at = xml.find("<testcase ", at + 1))
    ++cases;
  EXPECT_EQ(cases, 5u);
  // In the order checked.
  EXPECT_LT(xml.find("name=\"syntax\""), xml.find("name=\"dining_5\""));
  EXPECT_LT(xml.find("name=\"lock_order\""), xml.find("name=\"release_twice_caught\""));
  EXPECT_THAT(xml, HasSubstr("      <property name=\"max_states\" value=\"null\"/>\n"
                             "      <property name=\"fairness\" value=\"weak\"/>\n"));
  EXPECT_TRUE(absl::EndsWith(xml, "    </testcase>\n  </testsuite>\n</testsuites>\n"));
}

TEST(JunitReportTest, UnexpectedBugIsAFailureWithKindMessageAndTrace) {
  RunReport report = fixtures::FullReport();
  std::string tc = Testcase(RenderJunit(report, {false}), "lock_order");
  EXPECT_THAT(tc, HasSubstr("<testcase classname=\"scenarios.corpus\" name=\"lock_order\" "
                            "file=\"scenarios/corpus/lock_order.py\" time=\"0.000\">\n"));
  // The first error comes first; the others are named in the message.
  EXPECT_THAT(tc, HasSubstr("<failure type=\"deadlock\" message=\"Thread-1 (one), Thread-2 (two) "
                            "wait for each other (and 2 more: starvation, lock-order)\">"));
  // The text is the scenario's full text report, escaped: every bug with its trace.
  std::string text = RenderText(report.scenarios[2], TextOptions{});
  EXPECT_THAT(tc, HasSubstr(XmlEscape(text, false)));
  EXPECT_THAT(tc, HasSubstr("replay: lockcheck replay scenarios/corpus/lock_order.py --schedule "
                            "lc1:aabbc"));
  EXPECT_THAT(tc, HasSubstr("wait-for graph:"));
}

TEST(JunitReportTest, WarningComesAfterErrorsAndAloneIsTheType) {
  RunReport report;
  report.version = "0.1.0";
  ScenarioResult s = fixtures::FailingScenario();
  s.bugs = {fixtures::LockOrderBug(), fixtures::StarvationBug()};
  report.scenarios = {s};
  EXPECT_THAT(RenderJunit(report), HasSubstr("<failure type=\"starvation\""));
  report.scenarios[0].bugs = {fixtures::LockOrderBug()};
  EXPECT_THAT(RenderJunit(report), HasSubstr("<failure type=\"lock-order\" message=\"locks a and "
                                             "b are taken in both orders\">"));
}

TEST(JunitReportTest, MissingExpectedBugIsAFailure) {
  RunReport report;
  ScenarioResult s = fixtures::PassingScenario();
  s.expected = {BugKind::kDeadlock};
  s.matched_expectation = false;
  report.scenarios = {s};
  EXPECT_THAT(RenderJunit(report),
              HasSubstr("<failure type=\"expected-bug-not-found\" message=\"expected deadlock, "
                        "but none of the 58 states explored shows it\">"));
}

TEST(JunitReportTest, InputErrorIsAnErrorWithTheCaretLine) {
  std::string tc = Testcase(RenderJunit(fixtures::FullReport(), {false}), "syntax");
  EXPECT_THAT(tc, HasSubstr("classname=\"scenarios.bad\""));
  EXPECT_THAT(tc, HasSubstr("<error type=\"input-error\" message=\"'(' was never closed\">"));
  EXPECT_THAT(tc, HasSubstr("scenarios/bad/syntax.py:1:5: error: '(' was never closed\n"
                            "    x = (1,\n"
                            "        ^\n"));
}

TEST(JunitReportTest, IncompleteIsSkipped) {
  std::string tc = Testcase(RenderJunit(fixtures::FullReport(), {false}), "dining_5");
  EXPECT_THAT(tc, HasSubstr("<skipped message=\"the search was stopped by max-states after "
                            "1000000 states with no bug found\">"));
  EXPECT_THAT(tc, Not(HasSubstr("<failure")));
}

TEST(JunitReportTest, ASearchTheClockCutIsSkippedWithWhatItFoundBeforeTheLimit) {
  RunReport report;
  ScenarioResult r = fixtures::IncompleteScenario();
  r.stats.limit = "time-limit";
  r.bugs = {fixtures::DeadlockBug()};
  report.scenarios = {r};
  std::string tc = Testcase(RenderJunit(report, {false}), "dining_5");
  EXPECT_THAT(tc, HasSubstr("<skipped message=\"the search was stopped by time-limit after "
                            "1000000 states; found before the limit: 1 bug (listed), but a run "
                            "cut by the clock gives no verdict\">"));
  EXPECT_THAT(tc, Not(HasSubstr("<failure")));
}

TEST(JunitReportTest, PassingScenariosHaveNoVerdictElement) {
  std::string xml = RenderJunit(fixtures::FullReport(), {false});
  EXPECT_EQ(Testcase(xml, "locked_counter"),
            "<testcase classname=\"scenarios.corpus\" name=\"locked_counter\" "
            "file=\"scenarios/corpus/locked_counter.py\" time=\"0.000\"/>\n");
  // A declared bug passes; its trace is kept as output.
  std::string tc = Testcase(xml, "release_twice_caught");
  EXPECT_THAT(tc, Not(HasSubstr("<failure")));
  EXPECT_THAT(tc, HasSubstr("<system-out>scenarios/corpus/release_twice_caught.py: ok (found the "
                            "expected unlock-not-held)\n"));
}

TEST(JunitReportTest, TimeIsTheSearchTimeUnlessLeftOut) {
  std::string xml = RenderJunit(fixtures::FullReport());
  EXPECT_THAT(xml, HasSubstr("name=\"lock_order\" file=\"scenarios/corpus/lock_order.py\" "
                             "time=\"0.012\""));
  EXPECT_THAT(xml, HasSubstr("name=\"dining_5\" file=\"scenarios/corpus/dining_5.py\" "
                             "time=\"2.250\""));
  EXPECT_THAT(xml, HasSubstr("tests=\"5\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"2.762\""));
  EXPECT_EQ(RenderJunit(fixtures::FullReport()), xml);
}

TEST(JunitReportTest, Classnames) {
  EXPECT_EQ(JunitClassname("scenarios/corpus/x.py"), "scenarios.corpus");
  EXPECT_EQ(JunitClassname("./scenarios/corpus/sub/x.py"), "scenarios.corpus.sub");
  EXPECT_EQ(JunitClassname("x.py"), "lockcheck");
  EXPECT_EQ(JunitClassname("/tmp/t/x.py"), "tmp.t");
  EXPECT_EQ(JunitClassname("../up/x.py"), "up");
}

TEST(JunitReportTest, EscapesMarkupControlCharactersAndBadUtf8) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'", true), "a&lt;b&gt;&amp;&quot;c'");
  EXPECT_EQ(XmlEscape("a<b>&\"c'", false), "a&lt;b&gt;&amp;\"c'");
  // Newline and tab stay in text and are kept as references in attributes; CR always is one.
  EXPECT_EQ(XmlEscape("1\n2\t3\r", false), "1\n2\t3&#13;");
  EXPECT_EQ(XmlEscape("1\n2\t3\r", true), "1&#10;2&#9;3&#13;");
  // C0 and C1 controls (a terminal colour, a NUL) never reach the XML.
  EXPECT_EQ(XmlEscape(std::string("\x1b[31mred\0!", 10), false), "\\x1b[31mred\\x00!");
  EXPECT_EQ(XmlEscape("\xC2\x85", false), "\\x85");
  // Invalid UTF-8 (a lone byte, an overlong form, a surrogate) and U+FFFE become U+FFFD;
  // other non-ASCII stays.
  EXPECT_EQ(XmlEscape("\xff|\xC0\xAF|\xED\xA0\x80|\xEF\xBF\xBE|\xC3\xA9",
                      false),
            "\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
            "\xEF\xBF\xBD|\xC3\xA9");
}

TEST(JunitReportTest, UntrustedScenarioTextIsEscapedEverywhere) {
  RunReport report;
  ScenarioResult s = fixtures::FailingScenario();
  s.file = "scenarios/<odd> & \"dir\"/x.py";
  s.bugs = {fixtures::DeadlockBug()};
  s.bugs[0].message = "thread \x1b]0;title\x07 waits";
  s.bugs[0].trace[3].output = {"</failure><script>"};
  report.scenarios = {s};
  std::string xml = RenderJunit(report);
  EXPECT_THAT(xml, HasSubstr("classname=\"scenarios.&lt;odd&gt; &amp; &quot;dir&quot;\""));
  EXPECT_THAT(xml, HasSubstr("message=\"thread \\x1b]0;title\\x07 waits\""));
  EXPECT_THAT(xml, HasSubstr("| &lt;/failure&gt;&lt;script&gt;"));
  EXPECT_THAT(xml, Not(HasSubstr("\x1b")));
  EXPECT_THAT(xml, Not(HasSubstr("\x07")));
}

}  // namespace
}  // namespace lockcheck
