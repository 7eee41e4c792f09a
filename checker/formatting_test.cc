// String formatting and int() from strings, end to end: each expectation is what python3
// prints for the same lines (the cases were run under python3 to write them), so a formatting
// that differs from CPython's fails here rather than giving a scenario a different value.
#include <string>
#include <vector>

#include "checker/testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace lockcheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RunOutput;

// `text % args`: flags, width, precision, every conversion modelled.
TEST(FormattingTest, PercentFormattingAsCPython) {
  EXPECT_THAT(RunOutput("percentformattingascpython", R"(
try:
    print(repr("%d" % 3))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%5d|%-5d|%05d" % (42, 42, 42)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%+d % d %d" % (5, 5, -5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%x %X %o %#x %#o %#X" % (255, 255, 8, 255, 8, 0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%.3d %8.3d" % (5, -5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%s and %r" % ("a", "a")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%.2s|%5s|%-5s|" % ("abc", "ab", "ab")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%f %.2f %10.3f %-10.1f|" % (3.14159, 2.5, -1.0, 0.25)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%e %.2E %g %G %g" % (12345.678, 0.00012, 0.0001, 1e20, 100000.0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%d%%" % 50))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%d" % 3.9))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%s" % [1, 2]))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%s %s" % (None, True)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%d" % True))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%c%c" % ("x", 65)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%05.1f|%+.0f" % (-2.25, 2.5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%s" % (1,)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%5.1f|%-6.2f|" % (float("inf"), float("-inf"))))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
)"),
              ElementsAre("'3'",
                          "'   42|42   |00042'",
                          "'+5  5 -5'",
                          "'ff FF 10 0xff 0o10 0X0'",
                          "'005     -005'",
                          "\"a and 'a'\"",
                          "'ab|   ab|ab   |'",
                          "'3.141590 2.50     -1.000 0.2       |'",
                          "'1.234568e+04 1.20E-04 0.0001 1E+20 100000'",
                          "'50%'",
                          "'3'",
                          "'[1, 2]'",
                          "'None True'",
                          "'1'",
                          "'xA'",
                          "'-02.2|+2'",
                          "'1'",
                          "'  inf|-inf  |'"));
}
// str.format: automatic, numbered and named fields, conversions, fill, align, sign, types.
TEST(FormattingTest, StrFormatAsCPython) {
  EXPECT_THAT(RunOutput("strformatascpython", R"(
try:
    print(repr("{} {}".format(1, 2)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{0}{1}{0}".format("a", "b")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{name}={value!r}".format(name="x", value="y")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:>6}|{:<6}|{:^6}|{:*^7}".format("ab", "ab", "ab", "ab")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:d} {:5d} {:<5d}| {:05d} {:+d} {: d}".format(1, 2, 3, 4, 5, 6)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:x} {:X} {:o} {:b} {:#x} {:#o} {:#b}".format(255, 255, 8, 5, 255, 8, 5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:f} {:.2f} {:8.3f} {:e} {:.1E} {:g} {:.3g}".format(3.14159, 2.005, -1.5, 1234.5, 0.00012, 1e-7, 3.14159)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:.1%} {:%}".format(0.256, 0.5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:s} {:.2s} {:5}|".format("abc", "abc", "ab")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{} {} {}".format(1.5, -0.0, 1e16)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:10} {:<10}|".format(1.5, 2.25)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:f}".format(3)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{!s} {!r}".format("q", "q")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{{}} {{{}}}".format(7)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:05}".format("ab")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:=+8.2f}".format(3.14159)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:08.3f} {:08d}".format(-3.14159, -42)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{}".format([1, "a"])))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{} {}".format(True, None)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:d}".format(True)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:.2f}".format(float("inf"))))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:>5}".format(True)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
)"),
              ElementsAre("'1 2'",
                          "'aba'",
                          "\"x='y'\"",
                          "'    ab|ab    |  ab  |**ab***'",
                          "'1     2 3    | 00004 +5  6'",
                          "'ff FF 10 101 0xff 0o10 0b101'",
                          "'3.141590 2.00   -1.500 1.234500e+03 1.2E-04 1e-07 3.14'",
                          "'25.6% 50.000000%'",
                          "'abc ab ab   |'",
                          "'1.5 -0.0 1e+16'",
                          "'       1.5 2.25      |'",
                          "'3.000000'",
                          "\"q 'q'\"",
                          "'{} {7}'",
                          "'ab000'",
                          "'+   3.14'",
                          "'-003.142 -0000042'",
                          "\"[1, 'a']\"",
                          "'True None'",
                          "'1'",
                          "'inf'",
                          "'    1'"));
}
// The exceptions CPython raises, with its messages.
TEST(FormattingTest, FormattingErrorsAsCPython) {
  EXPECT_THAT(RunOutput("formattingerrorsascpython", R"(
try:
    print(repr("%d" % "x"))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%x" % 1.5))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%d %d" % (1,)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%d" % (1, 2)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%q" % 1))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("%" % 1))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:d}".format(1.5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:d}".format("a")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{1}".format(0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{x}".format(y=1)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{} {0}".format(1, 2)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("}".format()))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{".format()))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:+}".format("a")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:.2}".format(5)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{:5}".format(None)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr("{!x}".format(1)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
)"),
              ElementsAre("TypeError %d format: a real number is required, not str",
                          "TypeError %x format: an integer is required, not float",
                          "TypeError not enough arguments for format string",
                          "TypeError not all arguments converted during string formatting",
                          "ValueError unsupported format character 'q' (0x71) at index 1",
                          "ValueError incomplete format",
                          "ValueError Unknown format code 'd' for object of type 'float'",
                          "ValueError Unknown format code 'd' for object of type 'str'",
                          "IndexError Replacement index 1 out of range for positional args tuple",
                          "KeyError 'x'",
                          "ValueError cannot switch from automatic field numbering to manual field specification",
                          "ValueError Single '}' encountered in format string",
                          "ValueError Single '{' encountered in format string",
                          "ValueError Sign not allowed in string format specifier",
                          "ValueError Precision not allowed in integer format specifier",
                          "TypeError unsupported format string passed to NoneType.__format__",
                          "ValueError Unknown conversion specifier x"));
}
// int(text, base) and int(float): bases, prefixes, underscores, the 4,300-digit limit.
TEST(FormattingTest, IntFromStringsAndFloatsAsCPython) {
  EXPECT_THAT(RunOutput("intfromstringsandfloatsascpython", R"(
try:
    print(repr(int("ff", 16)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("0x_ff", 0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int(" -0o17 ", 0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("zz", base=36)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("1_000")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("-9223372036854775808")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int(2.9)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int(-2.9)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("012", 0)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("1__0")))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("1", 37)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int(5, 10)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
try:
    print(repr(int("1" * 4301)))
except TypeError as x:
    print('TypeError', x)
except ValueError as x:
    print('ValueError', x)
except IndexError as x:
    print('IndexError', x)
except KeyError as x:
    print('KeyError', x)
)"),
              ElementsAre("255",
                          "255",
                          "-15",
                          "1295",
                          "1000",
                          "-9223372036854775808",
                          "2",
                          "-2",
                          "ValueError invalid literal for int() with base 0: '012'",
                          "ValueError invalid literal for int() with base 10: '1__0'",
                          "ValueError int() base must be >= 2 and <= 36, or 0",
                          "TypeError int() can't convert non-string with explicit base",
                          "ValueError Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit"));
}
// What is not modelled is an input error at its line, never another string or value.
TEST(FormattingTest, UnmodelledFormattingIsAnInputError) {
  for (const char* line : {"x = '%(a)s' % {'a': 1}\n", "x = '%*d' % (3, 1)\n",
                           "x = '{0.real}'.format(1)\n", "x = '{:,}'.format(1000)\n",
                           "x = '{:{}}'.format(1, 2)\n", "x = '{!a}'.format(1)\n",
                           "x = '{:.2}'.format(1.5)\n"}) {
    std::vector<std::string> out = RunOutput("unmodelled_format", line);
    ASSERT_EQ(out.size(), 1u) << line;
    EXPECT_THAT(out[0], HasSubstr(":1:5: error: unsupported in scenarios: ")) << line;
  }
}

TEST(FormattingTest, HugeWidthsAreRefusedBeforeTheyAreBuilt) {
  std::vector<std::string> out = RunOutput("huge_width", "x = '{:999999999999}'.format(1)\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0], HasSubstr(":1:5: error: object too large: a format width"));
  out = RunOutput("huge_pct", "x = '%999999999999999999999d' % 1\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0], HasSubstr(":1:5: error: object too large: a format width"));
}

// CPython reads other scripts' digits ("\u0663" is 3); the VM does not, so it refuses.
TEST(FormattingTest, IntOfNonAsciiTextIsAnInputError) {
  std::vector<std::string> out = RunOutput("int_non_ascii", "x = int('\u0663')\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0], HasSubstr(":1:5: error: unsupported in scenarios: int() of a string with "
                                "non-ASCII characters"));
}

// A value that does not fit in 64 bits is an input error, never a wrapped or zero value.
TEST(FormattingTest, IntBeyondSixtyFourBitsIsAnInputError) {
  for (const char* line : {"x = int(1e300)\n", "x = int('9' * 30)\n", "x = int('f' * 17, 16)\n",
                           "x = int(-9.3e18)\n"}) {
    std::vector<std::string> out = RunOutput("int_overflow", line);
    ASSERT_EQ(out.size(), 1u) << line;
    EXPECT_THAT(out[0], HasSubstr(":1:5: error: integer overflow")) << line;
  }
}

// A method CPython's type has and the VM lacks is refused, not an AttributeError "bug".
TEST(FormattingTest, UnmodelledMethodsAreInputErrors) {
  std::vector<std::string> out = RunOutput("unmodelled_method", "x = 'a'.title()\n");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_THAT(out[0], HasSubstr(":1:5: error: unsupported in scenarios: str.title (not modelled"));
  out = RunOutput("missing_method", R"(
try:
    'a'.no_such_method()
except AttributeError as e:
    print(e)
)");
  EXPECT_THAT(out, ElementsAre("'str' object has no attribute 'no_such_method'"));
}

}  // namespace
}  // namespace lockcheck
