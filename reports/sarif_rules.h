// The rules of the SARIF report: one per bug kind, in kAllBugKinds order, then the two
// findings that are not bugs of the program (an input error, an expected bug not found). What
// each means, written once, is the rule's description and help in every SARIF file.
#ifndef LOCKCHECK_REPORTS_SARIF_RULES_H_
#define LOCKCHECK_REPORTS_SARIF_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "checker/result.h"

namespace lockcheck {

inline constexpr char kInputErrorRule[] = "input-error";
inline constexpr char kExpectedNotFoundRule[] = "expected-bug-not-found";

struct SarifRule {
  std::string id;                 // the bug kind's name, or kInputErrorRule / kExpectedNotFoundRule
  std::string name;               // PascalCase, as SARIF's reportingDescriptor.name
  std::string short_description;  // one sentence
  std::string full_description;   // what the finding means
  Severity severity = Severity::kError;  // the default level: warning for lock-order
  bool has_trace = false;         // a bug kind: a result carries a trace and a replay command
};

// Every rule, in the order the report lists them (ruleIndex is the position here).
std::vector<SarifRule> SarifRules();

// The position of a bug kind's rule in SarifRules().
int SarifRuleIndex(BugKind kind);
int SarifRuleIndex(const std::string& id);  // -1 for an unknown id

// The rule's help: what it means, then (bug kinds) how to read the trace and how to replay it.
std::string SarifRuleHelpText(const SarifRule& rule);
std::string SarifRuleHelpMarkdown(const SarifRule& rule);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_SARIF_RULES_H_
