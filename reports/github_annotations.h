// `--format github`: GitHub Actions workflow commands, one `::error` (or `::warning`) line per
// finding of a scenario that did not match its expectation and per input error, which the
// Actions runner turns into annotations on the file and line of the pull request.
//
//   ::error file=scenarios/x.py,line=12,col=14,title=lockcheck deadlock::Thread-1 ... wait for each other
//
// Property values escape '%', CR, LF, ':' and ',' and the message '%', CR and LF, as the
// runner's command syntax requires (otherwise a scenario's text could end the command early or
// forge another one).
#ifndef LOCKCHECK_REPORTS_GITHUB_ANNOTATIONS_H_
#define LOCKCHECK_REPORTS_GITHUB_ANNOTATIONS_H_

#include <string>

#include "checker/result.h"

namespace lockcheck {

std::string RenderGithubAnnotations(const ScenarioResult& result);

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_GITHUB_ANNOTATIONS_H_
