// The style sheet and script every swimlane page inlines (reports/html_report.h). They are
// constants, so a page's bytes depend only on the result it shows.
#ifndef LOCKCHECK_REPORTS_HTML_ASSETS_H_
#define LOCKCHECK_REPORTS_HTML_ASSETS_H_

namespace lockcheck {

// Row height and lane geometry are CSS variables here; html_report.cc positions elements in
// rows and lanes (--r, --l, --y, --h), never in pixels.
extern const char kHtmlStyle[];
// Reads the page's JSON block (#lc-data), wires hover and click on the lanes to the detail
// panel, and marks <html data-laid-out=N> once it has checked that the N lanes are laid out.
extern const char kHtmlScript[];

}  // namespace lockcheck

#endif  // LOCKCHECK_REPORTS_HTML_ASSETS_H_
