#include "scenarios/lang/source.h"

#include "gtest/gtest.h"

namespace lockcheck {
namespace {

TEST(SourceTest, RenderPointsAtTheColumnInCodePoints) {
  SourceFile f("s.py", "x = 1\n\xc3\xa9t\xc3\xa9 = bad(\n");
  EXPECT_EQ(RenderDiagnostic({"oops", "s.py", 2, 7}, &f),
            "s.py:2:7: error: oops\n"
            "    \xc3\xa9t\xc3\xa9 = bad(\n"
            "          ^\n");
}

TEST(SourceTest, InvalidBytesPrintAsQuestionMarks) {
  SourceFile f("s.py", "x = 1\n\xff\xfe = 2\n");
  EXPECT_EQ(RenderDiagnostic({"file is not valid UTF-8", "s.py", 2, 1}, &f),
            "s.py:2:1: error: file is not valid UTF-8\n"
            "    ?? = 2\n"
            "    ^\n");
}

TEST(SourceTest, NoSourceLineWithoutAFile) {
  EXPECT_EQ(RenderDiagnostic({"bad token", "s.py", 0, 0}, nullptr), "s.py: error: bad token\n");
}

TEST(SourceTest, SliceAndLines) {
  SourceFile f("s.py", "a = 1\r\nbb = 2\n");
  EXPECT_EQ(f.line_count(), 2);
  EXPECT_EQ(std::string(f.Line(1)), "a = 1");
  EXPECT_EQ(std::string(f.Slice({{2, 1}, {2, 3}})), "bb");
}

}  // namespace
}  // namespace lockcheck
