#include "scenarios/vm/format.h"

#include <cmath>
#include <cstdio>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace lockcheck {
namespace {

using Error = Formatted::Error;

Formatted Fail(Error e, std::string message) { return {e, std::move(message)}; }

// The parts common to both notations, once the notation's own syntax is read.
struct Spec {
  char fill = ' ';
  char align = 0;  // '<', '>', '^', '=', or 0 for the type's default
  char sign = '-';  // '-', '+' or ' '
  bool alternate = false;
  int64_t width = 0;
  int64_t precision = -1;
  char type = 0;
  bool zero = false;  // the '0' option of a format spec set fill and align
};

// Digits of |v| in `base` (2, 8, 10, 16), lower or upper case.
std::string Digits(int64_t v, int base, bool upper) {
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  if (u == 0) return "0";
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (; u != 0; u /= base) out.insert(out.begin(), set[u % base]);
  return out;
}

// Sign, prefix and body padded to the width: '=' (or a zero fill) pads between the prefix
// and the body, as both notations do for numbers.
std::string Pad(std::string sign_prefix, std::string body, const Spec& s, char default_align) {
  int64_t len = static_cast<int64_t>(sign_prefix.size() + body.size());
  char align = s.align ? s.align : default_align;
  if (len >= s.width) return sign_prefix + body;
  std::string fill(static_cast<size_t>(s.width - len), s.fill);
  switch (align) {
    case '<': return sign_prefix + body + fill;
    case '^': {
      size_t left = fill.size() / 2;
      return fill.substr(0, left) + sign_prefix + body + fill.substr(left);
    }
    case '=': return sign_prefix + fill + body;
    default: return fill + sign_prefix + body;
  }
}

std::string SignOf(bool negative, char sign) {
  if (negative) return "-";
  return sign == '+' ? "+" : sign == ' ' ? " " : "";
}

// An int in type d, x, X, o, b; `min_digits` is printf's precision for integers.
std::string FormatInt(int64_t v, const Spec& s, bool alternate_prefix, int64_t min_digits,
                      char default_align) {
  char t = s.type ? s.type : 'd';
  int base = t == 'x' || t == 'X' ? 16 : t == 'o' ? 8 : t == 'b' ? 2 : 10;
  std::string body = Digits(v, base, t == 'X');
  if (min_digits > static_cast<int64_t>(body.size()))
    body.insert(0, static_cast<size_t>(min_digits) - body.size(), '0');
  std::string prefix = SignOf(v < 0, s.sign);
  if (alternate_prefix && base != 10) prefix += base == 16 ? (t == 'X' ? "0X" : "0x") : base == 8 ? "0o" : "0b";
  return Pad(prefix, body, s, default_align);
}

// A float in type e, E, f, F, g, G, % (C's printf renders these exactly as CPython does for
// finite values; inf and nan are spelled here).
std::string FormatFloat(double v, const Spec& s, char default_align) {
  char t = s.type;
  int64_t precision = s.precision < 0 ? 6 : s.precision;
  bool percent = t == '%';
  if (percent) {
    v *= 100;
    t = 'f';
  }
  bool negative = std::signbit(v) && !std::isnan(v);
  double a = std::fabs(v);
  std::string body;
  if (std::isinf(a) || std::isnan(a)) {
    body = std::isinf(a) ? "inf" : "nan";
    if (absl::ascii_isupper(static_cast<unsigned char>(t))) body = absl::AsciiStrToUpper(body);
  } else {
    std::string conv = absl::StrCat("%", s.alternate ? "#" : "", ".*", std::string(1, t));
    int n = std::snprintf(nullptr, 0, conv.c_str(), static_cast<int>(precision), a);
    body.resize(static_cast<size_t>(n) + 1);
    std::snprintf(body.data(), body.size(), conv.c_str(), static_cast<int>(precision), a);
    body.resize(static_cast<size_t>(n));
  }
  if (percent) body += '%';
  return Pad(SignOf(negative, s.sign), body, s, default_align);
}

bool IsFloatType(char t) {
  return t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%';
}

// ---- printf-style -------------------------------------------------------------------------

Formatted OnePercent(char conv, Spec s, bool zero, bool left, const FormatArg& a) {
  if (left) {
    s.align = '<';
    s.fill = ' ';
  } else if (zero) {
    s.align = '=';
    s.fill = '0';
  } else {
    s.align = '>';
  }
  switch (conv) {
    case 's':
    case 'r': {
      std::string text = conv == 's' ? a.str : a.repr;
      if (s.precision >= 0 && static_cast<int64_t>(text.size()) > s.precision)
        text.resize(static_cast<size_t>(s.precision));
      s.fill = ' ';
      if (s.align == '=') s.align = '>';
      return {Error::kNone, Pad("", text, s, '>')};
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o': {
      int64_t v;
      bool decimal = conv == 'd' || conv == 'i' || conv == 'u';
      if (a.kind == FormatArg::Kind::kInt) {
        v = a.int_value;
      } else if (a.kind == FormatArg::Kind::kFloat && decimal) {
        if (!std::isfinite(a.float_value))
          return Fail(std::isnan(a.float_value) ? Error::kValue : Error::kUnsupported,
                      std::isnan(a.float_value) ? "cannot convert float NaN to integer"
                                                : "%d of an infinite float");
        double t = std::trunc(a.float_value);
        if (std::fabs(t) >= 0x1p63)
          return Fail(Error::kUnsupported, "%d of a float beyond 64-bit integers");
        v = static_cast<int64_t>(t);
      } else if (decimal) {
        return Fail(Error::kType, absl::StrCat("%", std::string(1, conv),
                                               " format: a real number is required, not ",
                                               a.type_name));
      } else {
        return Fail(Error::kType, absl::StrCat("%", std::string(1, conv),
                                               " format: an integer is required, not ",
                                               a.type_name));
      }
      s.type = decimal ? 'd' : conv;
      // printf's precision is a minimum digit count; a precision cancels the zero fill.
      if (s.precision >= 0 && s.fill == '0') s.fill = ' ', s.align = '>';
      return {Error::kNone, FormatInt(v, s, s.alternate, s.precision, '>')};
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      double v;
      if (a.kind == FormatArg::Kind::kFloat) v = a.float_value;
      else if (a.kind == FormatArg::Kind::kInt) v = static_cast<double>(a.int_value);
      else return Fail(Error::kType, absl::StrCat("must be real number, not ", a.type_name));
      s.type = conv;
      if (!std::isfinite(v) && s.fill == '0') s.fill = ' ', s.align = '>';
      return {Error::kNone, FormatFloat(v, s, '>')};
    }
    case 'c': {
      std::string text;
      if (a.kind == FormatArg::Kind::kStr && a.str.size() == 1) text = a.str;
      else if (a.kind == FormatArg::Kind::kInt && a.int_value >= 0 && a.int_value < 128)
        text = std::string(1, static_cast<char>(a.int_value));
      else return Fail(Error::kUnsupported, "%c of anything but an ASCII character");
      s.fill = ' ';
      if (s.align == '=') s.align = '>';
      return {Error::kNone, Pad("", text, s, '>')};
    }
    default:
      return Fail(Error::kUnsupported, absl::StrCat("the %", std::string(1, conv), " conversion"));
  }
}

// ---- format-spec mini-language -------------------------------------------------------------

// [[fill]align][sign][#][0][width][.precision][type]
Formatted ParseSpec(absl::string_view text, Spec* s, int64_t max_size) {
  size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (text.size() >= 2 && is_align(text[1])) {
    s->fill = text[0];
    s->align = text[1];
    i = 2;
  } else if (!text.empty() && is_align(text[0])) {
    s->align = text[0];
    i = 1;
  }
  if (i < text.size() && (text[i] == '+' || text[i] == '-' || text[i] == ' ')) s->sign = text[i++];
  if (i < text.size() && text[i] == 'z') return Fail(Error::kUnsupported, "the 'z' format option");
  if (i < text.size() && text[i] == '#') s->alternate = true, ++i;
  if (i < text.size() && text[i] == '0') {
    if (!s->align) s->fill = '0', s->align = '=', s->zero = true;
    ++i;
  }
  auto number = [&](int64_t* out) {
    int64_t v = 0;
    while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      v = v * 10 + (text[i++] - '0');
      if (v > max_size) return false;
    }
    *out = v;
    return true;
  };
  if (!number(&s->width)) return Fail(Error::kTooLarge, "a format width");
  if (i < text.size() && (text[i] == ',' || text[i] == '_'))
    return Fail(Error::kUnsupported, "digit grouping in format specs");
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (i == text.size() || !absl::ascii_isdigit(static_cast<unsigned char>(text[i])))
      return Fail(Error::kValue, "Format specifier missing precision");
    if (!number(&s->precision)) return Fail(Error::kTooLarge, "a format precision");
  }
  if (i < text.size()) s->type = text[i++];
  if (i < text.size()) return Fail(Error::kValue, "Invalid format specifier");
  return {};
}

Formatted FormatOne(const FormatArg& a, absl::string_view spec_text, int64_t max_size) {
  if (spec_text.empty()) return {Error::kNone, a.str};
  Spec s;
  Formatted parsed = ParseSpec(spec_text, &s, max_size);
  if (parsed.error != Error::kNone) return parsed;
  auto unknown = [&]() {
    return Fail(Error::kValue, absl::StrCat("Unknown format code '", std::string(1, s.type),
                                            "' for object of type '", a.type_name, "'"));
  };
  switch (a.kind) {
    case FormatArg::Kind::kStr: {
      if (s.type != 0 && s.type != 's') return unknown();
      if (s.sign != '-') return Fail(Error::kValue, "Sign not allowed in string format specifier");
      if (s.alternate)
        return Fail(Error::kValue, "Alternate form (#) not allowed in string format specifier");
      if (s.zero) s.align = '<';  // format('ab', '05') is 'ab000'
      if (s.align == '=')
        return Fail(Error::kValue, "'=' alignment not allowed in string format specifier");
      std::string text = a.str;
      if (s.precision >= 0 && static_cast<int64_t>(text.size()) > s.precision)
        text.resize(static_cast<size_t>(s.precision));
      return {Error::kNone, Pad("", text, s, '<')};
    }
    case FormatArg::Kind::kInt: {
      if (s.type == 0 || s.type == 'd' || s.type == 'x' || s.type == 'X' || s.type == 'o' ||
          s.type == 'b') {
        if (s.precision >= 0)
          return Fail(Error::kValue, "Precision not allowed in integer format specifier");
        return {Error::kNone, FormatInt(a.int_value, s, s.alternate, 0, '>')};
      }
      if (IsFloatType(s.type))
        return {Error::kNone, FormatFloat(static_cast<double>(a.int_value), s, '>')};
      if (s.type == 'n' || s.type == 'c')
        return Fail(Error::kUnsupported, absl::StrCat("the '", std::string(1, s.type), "' format type"));
      return unknown();
    }
    case FormatArg::Kind::kFloat:
      if (IsFloatType(s.type)) return {Error::kNone, FormatFloat(a.float_value, s, '>')};
      if (s.type == 0) {
        if (s.precision >= 0)
          return Fail(Error::kUnsupported, "a precision on a float with no format type");
        Spec plain = s;
        bool negative = !a.str.empty() && a.str[0] == '-';
        return {Error::kNone,
                Pad(SignOf(negative, s.sign), negative ? a.str.substr(1) : a.str, plain, '>')};
      }
      if (s.type == 'n') return Fail(Error::kUnsupported, "the 'n' format type");
      return unknown();
    case FormatArg::Kind::kOther:
      return Fail(Error::kType,
                  absl::StrCat("unsupported format string passed to ", a.type_name, ".__format__"));
  }
  return unknown();
}

Formatted CheckSize(Formatted f, int64_t max_size) {
  if (f.error == Error::kNone && static_cast<int64_t>(f.text.size()) > max_size)
    return Fail(Error::kTooLarge, absl::StrCat("a string of ", f.text.size(), " characters"));
  return f;
}

}  // namespace

Formatted PercentFormat(absl::string_view format, const std::vector<FormatArg>& args,
                        int64_t max_size) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    ++i;
    if (i < format.size() && format[i] == '(')
      return Fail(Error::kUnsupported, "%-formatting with mapping keys ('%(name)s')");
    Spec s;
    bool zero = false, left = false;
    for (; i < format.size(); ++i) {
      char c = format[i];
      if (c == '-') left = true;
      else if (c == '+') s.sign = '+';
      else if (c == ' ') { if (s.sign != '+') s.sign = ' '; }
      else if (c == '#') s.alternate = true;
      else if (c == '0') zero = true;
      else break;
    }
    auto number = [&](int64_t* v) {
      *v = 0;
      while (i < format.size() && absl::ascii_isdigit(static_cast<unsigned char>(format[i]))) {
        *v = *v * 10 + (format[i++] - '0');
        if (*v > max_size) return false;
      }
      return true;
    };
    if (i < format.size() && format[i] == '*')
      return Fail(Error::kUnsupported, "'*' widths in %-formatting");
    if (!number(&s.width)) return Fail(Error::kTooLarge, "a format width");
    if (i < format.size() && format[i] == '.') {
      ++i;
      if (i < format.size() && format[i] == '*')
        return Fail(Error::kUnsupported, "'*' precisions in %-formatting");
      if (!number(&s.precision)) return Fail(Error::kTooLarge, "a format precision");
    }
    while (i < format.size() && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L')) ++i;
    if (i >= format.size()) return Fail(Error::kValue, "incomplete format");
    char conv = format[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    static constexpr absl::string_view kKnown = "sridiuxXoeEfFgGca";
    if (kKnown.find(conv) == absl::string_view::npos) {
      return Fail(Error::kValue,
                  absl::StrFormat("unsupported format character '%c' (0x%x) at index %d", conv,
                                  static_cast<unsigned char>(conv), i));
    }
    if (next >= args.size()) return Fail(Error::kType, "not enough arguments for format string");
    Formatted one = OnePercent(conv, s, zero, left, args[next++]);
    if (one.error != Error::kNone) return one;
    out += one.text;
    if (static_cast<int64_t>(out.size()) > max_size) break;
  }
  if (next < args.size() && static_cast<int64_t>(out.size()) <= max_size)
    return Fail(Error::kType, "not all arguments converted during string formatting");
  return CheckSize({Error::kNone, std::move(out)}, max_size);
}

Formatted BraceFormat(absl::string_view format, const std::vector<FormatArg>& positional,
                      const std::vector<std::pair<std::string, FormatArg>>& named,
                      int64_t max_size) {
  std::string out;
  int auto_index = 0;
  bool used_auto = false, used_manual = false;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '}') {
      if (i + 1 < format.size() && format[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      return Fail(Error::kValue, "Single '}' encountered in format string");
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    if (i + 1 == format.size()) return Fail(Error::kValue, "Single '{' encountered in format string");
    size_t close = format.find('}', i + 1);
    if (close == absl::string_view::npos)
      return Fail(Error::kValue, "expected '}' before end of string");
    absl::string_view field = format.substr(i + 1, close - i - 1);
    if (field.find('{') != absl::string_view::npos)
      return Fail(Error::kUnsupported, "nested replacement fields in format specs");
    i = close;
    absl::string_view spec;
    size_t colon = field.find(':');
    if (colon != absl::string_view::npos) {
      spec = field.substr(colon + 1);
      field = field.substr(0, colon);
    }
    char conversion = 0;
    size_t bang = field.find('!');
    if (bang != absl::string_view::npos) {
      absl::string_view conv = field.substr(bang + 1);
      field = field.substr(0, bang);
      if (conv.size() != 1) return Fail(Error::kValue, "expected ':' after conversion specifier");
      conversion = conv[0];
      if (conversion == 'a') return Fail(Error::kUnsupported, "the !a conversion");
      if (conversion != 'r' && conversion != 's')
        return Fail(Error::kValue, absl::StrCat("Unknown conversion specifier ", conv));
    }
    if (field.find_first_of(".[") != absl::string_view::npos)
      return Fail(Error::kUnsupported, "attribute or index lookups in format fields");
    const FormatArg* arg = nullptr;
    if (field.empty() || absl::ascii_isdigit(static_cast<unsigned char>(field[0]))) {
      int64_t index;
      if (field.empty()) {
        if (used_manual)
          return Fail(Error::kValue, "cannot switch from manual field specification to "
                                     "automatic field numbering");
        used_auto = true;
        index = auto_index++;
      } else {
        if (used_auto)
          return Fail(Error::kValue, "cannot switch from automatic field numbering to manual "
                                     "field specification");
        used_manual = true;
        index = 0;
        for (char d : field) {
          if (!absl::ascii_isdigit(static_cast<unsigned char>(d)))
            return Fail(Error::kUnsupported, "this format field name");
          index = index * 10 + (d - '0');
          if (index > max_size) break;
        }
      }
      if (index >= static_cast<int64_t>(positional.size()))
        return Fail(Error::kIndex, absl::StrCat("Replacement index ", index,
                                                " out of range for positional args tuple"));
      arg = &positional[static_cast<size_t>(index)];
    } else {
      for (const auto& [name, value] : named)
        if (name == field) arg = &value;
      if (arg == nullptr) return Fail(Error::kKey, absl::StrCat("'", field, "'"));
    }
    FormatArg converted;
    if (conversion != 0) {
      converted.kind = FormatArg::Kind::kStr;
      converted.str = conversion == 'r' ? arg->repr : arg->str;
      converted.type_name = "str";
      arg = &converted;
    }
    Formatted one = FormatOne(*arg, spec, max_size);
    if (one.error != Error::kNone) return one;
    out += one.text;
    if (static_cast<int64_t>(out.size()) > max_size) break;
  }
  return CheckSize({Error::kNone, std::move(out)}, max_size);
}

}  // namespace lockcheck
