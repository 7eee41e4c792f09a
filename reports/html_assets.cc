#include "reports/html_assets.h"

namespace lockcheck {

const char kHtmlStyle[] = R"css(
:root{--rh:26px;--gw:56px;--lw:250px;--ink:#1f2430;--mute:#6b7280;--line:#e5e7eb;
--bg:#f7f7f9;--red:#c0262d;--amber:#b45309;--violet:#6d28d9;--blue:#1d4ed8}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:var(--bg)}
code,pre,.st,.n,.src{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
header.page{background:#fff;border-bottom:1px solid var(--line);padding:14px 24px 12px}
header.page h1{font-size:19px;margin:0 0 2px;word-break:break-all}
.brand{font-size:12px;color:var(--mute);letter-spacing:.04em}
.brand a{color:var(--blue);text-decoration:none}
.desc{margin:4px 0;color:#374151}
.verdict{margin:6px 0 0;font-weight:600}
.verdict.ok{color:#15803d}.verdict.bad{color:var(--red)}
.stats{margin:2px 0 0;color:var(--mute);font-size:13px}
nav.bugs{margin-top:8px;display:flex;flex-wrap:wrap;gap:6px}
nav.bugs a{font-size:12px;text-decoration:none;border:1px solid var(--line);border-radius:12px;
padding:1px 9px;color:var(--ink);background:#fafafa}
main{padding:8px 24px 180px}
section.bug{background:#fff;border:1px solid var(--line);border-radius:8px;margin:16px 0;
padding:14px 16px}
section.bug h2{font-size:16px;margin:0 0 4px;line-height:1.35}
.badge{display:inline-block;font-size:12px;font-weight:700;color:#fff;border-radius:4px;
padding:1px 7px;margin-right:6px;vertical-align:1px;background:var(--red)}
.badge.warning{background:var(--amber)}.badge.lasso{background:var(--violet)}
.meta{margin:0 0 6px;color:var(--mute);font-size:13px}
.replay{margin:6px 0 8px;font-size:13px}
.replay{display:flex;gap:6px;align-items:flex-start}
.replay code{background:#f3f4f6;border:1px solid var(--line);border-radius:4px;padding:2px 6px;
user-select:all;word-break:break-all;max-height:4.6em;overflow:auto}
.note{margin:4px 0;font-size:13px}
.note.cycle{color:var(--red);font-weight:600}.note.loop{color:var(--violet);font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:12px;margin:6px 0 8px;font-size:12px;color:var(--mute)}
.legend span{display:inline-flex;align-items:center;gap:5px}
.legend i{display:inline-block;width:14px;height:10px;border-radius:2px}
.legend i.blkkey{background:repeating-linear-gradient(135deg,#9ca3af 0 2px,transparent 2px 5px)}
.legend i.cyckey{background:repeating-linear-gradient(135deg,var(--red) 0 2px,transparent 2px 5px)}
.legend i.loopkey{background:#ede9fe;border:1px dashed var(--violet)}
.lanes{position:relative;overflow:auto;max-height:72vh;border:1px solid var(--line);
border-radius:6px;background:#fff}
.heads{position:sticky;top:0;z-index:6;display:flex;background:#f9fafb;
border-bottom:1px solid var(--line);width:calc(var(--gw) + var(--lanes)*var(--lw))}
.heads .gh{flex:0 0 var(--gw);font-size:11px;color:var(--mute);padding:6px 8px}
.th{flex:0 0 var(--lw);padding:5px 10px;border-left:1px solid var(--line);font-weight:600;
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.th small{display:block;font-weight:400;color:var(--mute);font-size:11px}
.th.cyc{color:var(--red)}.th.cyc small{color:var(--red)}
.body{position:relative;height:calc(var(--rows)*var(--rh));
width:calc(var(--gw) + var(--lanes)*var(--lw))}
.lane{position:absolute;top:0;bottom:0;left:calc(var(--gw) + var(--l)*var(--lw));
width:var(--lw);border-left:1px solid var(--line)}
.lane:nth-of-type(even){background:#fcfcfd}
.loopband{position:absolute;left:0;right:0;top:calc(var(--y)*var(--rh));
height:calc(var(--h)*var(--rh));background:#f5f3ff;border-top:2px dashed var(--violet);
border-bottom:2px dashed var(--violet);z-index:1}
.loopband span{position:absolute;left:5px;top:2px;font-size:13px;font-weight:700;color:var(--violet)}
.blk{position:absolute;left:calc(var(--gw) + var(--l)*var(--lw) + 1px);width:calc(var(--lw) - 1px);
top:calc(var(--y)*var(--rh));height:calc(var(--h)*var(--rh));z-index:2;
background:repeating-linear-gradient(135deg,rgba(107,114,128,.22) 0 3px,transparent 3px 9px)}
.blk.cyc{background:repeating-linear-gradient(135deg,rgba(192,38,45,.24) 0 3px,transparent 3px 9px)}
.hold{position:absolute;left:calc(var(--gw) + var(--l)*var(--lw) + 6px + var(--k)*8px);width:6px;
top:calc(var(--y)*var(--rh));height:calc(var(--h)*var(--rh));border-radius:3px;z-index:3}
.c0{background:#2563eb}.c1{background:#d97706}.c2{background:#059669}.c3{background:#db2777}
.c4{background:#7c3aed}.c5{background:#0891b2}.c6{background:#65a30d}.c7{background:#9f1239}
.chunk{position:absolute;left:0;right:0;top:calc(var(--c)*var(--rh));
height:calc(var(--n)*var(--rh));content-visibility:auto;z-index:4}
.row{position:absolute;left:0;right:0;top:calc(var(--r)*var(--rh));height:var(--rh);cursor:pointer}
.row:hover{background:rgba(29,78,216,.06)}
.row.sel{background:rgba(29,78,216,.13)}
.n{position:absolute;left:0;width:var(--gw);padding-right:10px;text-align:right;
line-height:var(--rh);font-size:12px;color:var(--mute)}
.row.lp .n{color:var(--violet);font-weight:700}
.st{position:absolute;left:calc(var(--gw) + var(--l)*var(--lw) + 12px + var(--p)*8px);
width:calc(var(--lw) - 18px - var(--p)*8px);line-height:var(--rh);font-size:12.5px;
white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.st .o{color:var(--mute)}
.st .pr{color:var(--blue)}
.end{position:absolute;left:0;right:0;top:calc(var(--r)*var(--rh));height:calc(2*var(--rh));
border-top:1px solid #d1d5db;background:rgba(243,244,246,.6);z-index:1}
.end .n{line-height:calc(2*var(--rh));font-size:11px}
.fin{position:absolute;left:calc(var(--gw) + var(--l)*var(--lw) + 12px + var(--p)*8px);
width:calc(var(--lw) - 18px - var(--p)*8px);
top:3px;font-size:11.5px;line-height:1.3;max-height:calc(2*var(--rh) - 6px);overflow:hidden}
.fin.blocked{color:#374151;font-weight:600}.fin.cyc{color:var(--red)}
h3{font-size:13px;margin:14px 0 4px;color:#374151}
table.state{border-collapse:collapse;font-size:13px}
table.state td,table.state th{border-bottom:1px solid var(--line);padding:3px 12px 3px 0;
text-align:left;vertical-align:top}
table.state .stack{color:var(--mute);font-size:12px}
ul.graph{margin:2px 0;padding-left:18px;font-size:13px}
ul.graph li.cyc{color:var(--red)}
details.source{margin:16px 0}
details.source summary{cursor:pointer;color:#374151;font-weight:600}
pre.listing{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 0;
overflow:auto;font-size:12.5px;line-height:1.45}
pre.listing span{display:block;padding:0 12px}
pre.listing b{display:inline-block;width:3.5em;color:var(--mute);font-weight:400;user-select:none}
#detail{position:fixed;left:0;right:0;bottom:0;background:#111827;color:#e5e7eb;z-index:20;
padding:10px 24px 12px;font-size:13px;box-shadow:0 -4px 16px rgba(0,0,0,.18);max-height:40vh;
overflow:auto}
#detail[hidden]{display:none}
#detail .hd{font-weight:600;color:#fff}
#detail .hd .x{float:right;color:#9ca3af;cursor:pointer;font-weight:400}
#detail .src{margin:6px 0 0;white-space:pre;font-size:12.5px}
#detail .src div{padding:0 6px}
#detail .src .cur{background:#374151;color:#fff}
#detail .src b{display:inline-block;width:3.5em;color:#9ca3af;font-weight:400}
#detail .kvs{display:flex;flex-wrap:wrap;column-gap:28px}
#detail .kv{color:#9ca3af;margin-top:4px}
#detail .kv span{color:#e5e7eb}
table.index{border-collapse:collapse;background:#fff;border:1px solid var(--line);font-size:13px;
width:100%}
table.index th,table.index td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left}
table.index th{background:#f9fafb;font-size:12px;color:var(--mute)}
table.index td.file{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;word-break:break-all}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.pill.ok{background:#dcfce7;color:#166534}.pill.fail{background:#fee2e2;color:#991b1b}
.pill.error{background:#fde68a;color:#92400e}.pill.incomplete{background:#e0e7ff;color:#3730a3}
)css";

const char kHtmlScript[] = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lc-data').textContent);
  var panel = document.getElementById('detail');
  var pinned = null;  // {bug, i}
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function kv(label, value) {
    var d = el('div', 'kv', label + ': ');
    d.appendChild(el('span', '', value));
    return d;
  }
  // step: [lane, line, column, op, outcome, output, holds, blocked]
  function show(b, i) {
    var bug = data.bugs[b], s = bug.steps[i];
    panel.textContent = '';
    var hd = el('div', 'hd', 'step ' + (i + 1) + ' of ' + bug.steps.length + ' \u00b7 ' +
                bug.lanes[s[0]] + ' \u00b7 ' + s[3] + ' \u2192 ' + s[4]);
    var x = el('span', 'x', 'close (Esc)');
    x.addEventListener('click', function () { unpin(); panel.hidden = true; });
    hd.appendChild(x);
    panel.appendChild(hd);
    var src = el('div', 'src');
    var line = s[1];
    if (line >= 1 && line <= data.src.length) {
      for (var k = Math.max(1, line - 2); k <= Math.min(data.src.length, line + 2); k++) {
        var row = el('div', k === line ? 'cur' : '');
        row.appendChild(el('b', '', String(k)));
        row.appendChild(document.createTextNode(data.src[k - 1]));
        src.appendChild(row);
      }
    } else {
      src.appendChild(el('div', '', data.src.length ? '(line ' + line + ' is not in the source)'
                                                    : '(the source could not be read)'));
    }
    panel.appendChild(src);
    var kvs = el('div', 'kvs');
    kvs.appendChild(kv('line', line + (s[2] > 0 ? ', column ' + s[2] : '')));
    kvs.appendChild(kv('holds after the step', s[6].length ? s[6].join(', ') : 'no lock'));
    var blocked = s[7].map(function (t) { return bug.names[t] || ('thread ' + t); });
    kvs.appendChild(kv('blocked after the step', blocked.length ? blocked.join(', ') : 'none'));
    panel.appendChild(kvs);
    if (s[5].length) panel.appendChild(kv('printed', s[5].join(' \u23ce ')));
    panel.hidden = false;
  }
  function rowOf(b, i) {
    return document.querySelector('#bug-' + (b + 1) + ' .row[data-i="' + i + '"]');
  }
  function unpin() {
    if (!pinned) return;
    var r = rowOf(pinned.bug, pinned.i);
    if (r) r.classList.remove('sel');
    pinned = null;
  }
  function pin(b, i) {
    unpin();
    pinned = {bug: b, i: i};
    var r = rowOf(b, i);
    if (r) r.classList.add('sel');
    show(b, i);
    // A pinned step has an address: #bug-1-step-9 opens the page on it.
    history.replaceState(null, '', '#bug-' + (b + 1) + '-step-' + (i + 1));
  }
  var sections = document.querySelectorAll('section.bug');
  var laidOut = 0, problems = [];
  sections.forEach(function (sec) {
    var b = Number(sec.getAttribute('data-bug'));
    var bug = data.bugs[b];
    var lanes = sec.querySelectorAll('.lane');
    if (!bug || lanes.length !== bug.lanes.length) {
      problems.push('bug ' + (b + 1) + ': lanes do not match the data');
      return;
    }
    var x = -1;
    lanes.forEach(function (lane) {
      var r = lane.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0 || r.left <= x) problems.push('bug ' + (b + 1) + ': a lane is not laid out');
      x = r.left;
    });
    laidOut += lanes.length;
    var body = sec.querySelector('.body');
    body.addEventListener('click', function (ev) {
      var row = ev.target.closest('.row[data-i]');
      if (row) pin(b, Number(row.getAttribute('data-i')));
    });
    body.addEventListener('mouseover', function (ev) {
      var row = ev.target.closest('.row[data-i]');
      if (row) show(b, Number(row.getAttribute('data-i')));
    });
    body.addEventListener('mouseleave', function () {
      if (pinned) show(pinned.bug, pinned.i); else panel.hidden = true;
    });
  });
  document.addEventListener('keydown', function (ev) {
    if (!pinned) return;
    var n = data.bugs[pinned.bug].steps.length;
    var i = pinned.i;
    if (ev.key === 'ArrowDown' || ev.key === 'j') i = Math.min(n - 1, i + 1);
    else if (ev.key === 'ArrowUp' || ev.key === 'k') i = Math.max(0, i - 1);
    else if (ev.key === 'Escape') { unpin(); panel.hidden = true; return; }
    else return;
    ev.preventDefault();
    pin(pinned.bug, i);
    var r = rowOf(pinned.bug, i);
    if (r) r.scrollIntoView({block: 'nearest'});
  });
  var at = /^#bug-(\d+)-step-(\d+)$/.exec(location.hash);
  if (at && data.bugs[at[1] - 1] && data.bugs[at[1] - 1].steps[at[2] - 1]) {
    pin(at[1] - 1, at[2] - 1);
    var r = rowOf(at[1] - 1, at[2] - 1);
    if (r) r.scrollIntoView({block: 'nearest'});
  }
  if (problems.length) {
    console.error('lockcheck page: ' + problems.join('; '));
  } else {
    document.documentElement.setAttribute('data-laid-out', String(laidOut));
  }
})();
)js";

}  // namespace lockcheck
