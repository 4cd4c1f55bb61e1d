"""One self-contained, offline HTML file for reviewers who will not read a terminal: the draft with every
finding highlighted in place, a sidebar grouped by category with counts, click to jump, filters by
category and severity. No external resources; everything from the draft is escaped."""
from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from . import formatter
from ..diagnostics import CATEGORIES, SEVERITIES, SEVERITY_RANK

SEVERITY_NAMES = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}
CATEGORY_NAMES = {
    "numbering": "序号", "placeholder": "占位符", "unfinished": "残缺", "outdated": "过时提法",
    "political": "政治表述", "artifact": "网站残留", "boilerplate": "套话", "typo": "错别字",
    "punctuation": "标点", "consistency": "前后不一", "script": "繁简",
}


def _e(value) -> str:
    return escape(str(value), quote=True)


def _category_order(category):
    return (CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES), category)


class _Finding:
    __slots__ = ("fid", "file", "d")

    def __init__(self, fid, file, d):
        self.fid, self.file, self.d = fid, file, d


def _pieces_by_line(findings, lines):
    """line index → list of (start, end, finding, is_first_line) clipped to that line (column offsets, end exclusive)."""
    pieces = defaultdict(list)
    count = len(lines)
    for f in findings:
        d = f.d
        first, last = d.line - 1, (d.end_line or d.line) - 1
        if first < 0 or first >= count:
            continue
        last = min(max(last, first), count - 1)
        column = max(0, min(d.column - 1, len(lines[first])))
        if first == last and d.end_column and d.end_column <= d.column:
            pieces[first].append((column, column, f, True))      # an insertion point
            continue
        for index in range(first, last + 1):
            length = len(lines[index])
            start = column if index == first else 0
            end = max(0, min(d.end_column - 1, length)) if index == d.end_line - 1 else length
            if end > start:
                pieces[index].append((start, end, f, index == first))
            elif index == first:
                pieces[index].append((start, start, f, True))
    return pieces


def _mark(text, covering, anchors=(), insertion=False):
    ids = " ".join(f.fid for f in covering)
    sev = max((f.d.severity for f in covering), key=lambda s: SEVERITY_RANK.get(s, 1))
    title = "\n".join(f"{f.d.rule} [{f.d.category}] {f.d.message}" for f in covering)
    cls = f"hl sev-{sev}" + (" ins" if insertion else "")
    anchor_html = "".join(f'<span class="anchor" id="{a}"></span>' for a in anchors)
    return f'{anchor_html}<mark class="{_e(cls)}" data-f="{ids}" title="{_e(title)}">{_e(text)}</mark>'


def _render_line(text, pieces):
    """Split the line at every start and end of a finding; each segment is marked with all findings that
    cover it, so overlapping findings stay visible and a filter can hide one but not the other."""
    if not pieces:
        return _e(text)
    starts = defaultdict(list)
    inserts = defaultdict(list)
    bounds = {0, len(text)}
    ends = defaultdict(list)
    anchored = set()          # the anchor of a finding goes where it starts, not on its later lines
    for start, end, f, first in pieces:
        if start == end:
            inserts[start].append(f)
        else:
            starts[start].append(f)
            ends[end].append(f)
            bounds.add(end)
        bounds.add(start)
        if first:
            anchored.add(f.fid)
    out, active = [], {}
    points = sorted(bounds)
    for i, pos in enumerate(points):
        for f in ends.get(pos, ()):
            active.pop(f.fid, None)
        if inserts.get(pos):
            out.append(_mark("\u2038", inserts[pos], [f.fid for f in inserts[pos]], insertion=True))
        new = starts.get(pos, ())
        for f in new:
            active[f.fid] = f
        if i + 1 == len(points):
            break
        segment = text[pos:points[i + 1]]
        if not segment:
            continue
        if active:
            out.append(_mark(segment, list(active.values()), [f.fid for f in new if f.fid in anchored]))
        else:
            out.append(_e(segment))
    return "".join(out)


def _file_section(number, result, findings):
    lines = result.lines or []
    kind = " · Word 文档：一段为一行" if result.kind == "docx" else ""
    head = (f'<section class="file" id="file-{number}"><h2>{_e(result.path)}'
            f' <small>{len(result.diagnostics)} 个问题 · {_e(result.encoding)}{kind}</small></h2>')
    if result.error:
        head += f'<p class="file-error">{_e(result.error)}</p>'
    if not lines:
        return head + '<p class="no-text">（没有原文可显示）</p></section>'
    pieces = _pieces_by_line(findings, lines)
    rows = []
    for index, text in enumerate(lines):
        body = _render_line(text, pieces.get(index))
        rows.append(f'<div class="line" id="file-{number}-L{index + 1}"><span class="ln">{index + 1}</span>'
                    f'<span class="tx">{body}</span></div>')
    return head + '<div class="text">' + "".join(rows) + "</div></section>"


def _sidebar(findings, many_files):
    by_cat = defaultdict(list)
    for f in findings:
        by_cat[f.d.category].append(f)
    severities = Counter(f.d.severity for f in findings)
    out = ['<div id="filters"><fieldset><legend>级别</legend>']
    for sev in reversed(SEVERITIES):
        if severities[sev]:
            out.append(f'<label class="sev-{sev}"><input type="checkbox" checked data-sev="{sev}"> '
                       f'{SEVERITY_NAMES[sev]} <span class="count">{severities[sev]}</span></label>')
    out.append('</fieldset><fieldset><legend>类别</legend>')
    cats = sorted(by_cat, key=_category_order)
    for cat in cats:
        out.append(f'<label><input type="checkbox" checked data-cat="{_e(cat)}"> {_e(cat)} '
                   f'{_e(CATEGORY_NAMES.get(cat, ""))} <span class="count">{len(by_cat[cat])}</span></label>')
    out.append('</fieldset></div><nav id="findings">')
    for cat in cats:
        out.append(f'<section class="group" data-cat="{_e(cat)}"><h3>{_e(cat)} {_e(CATEGORY_NAMES.get(cat, ""))}'
                   f' <span class="count">{len(by_cat[cat])}</span></h3><ol>')
        for f in by_cat[cat]:
            d = f.d
            where = f"{f.file}:{d.line}:{d.column}" if many_files else f"{d.line}:{d.column}"
            out.append(f'<li class="item sev-{_e(d.severity)}" data-f="{f.fid}" data-cat="{_e(cat)}" '
                       f'data-sev="{_e(d.severity)}"><a href="#{f.fid}"><span class="loc">{_e(where)}</span> '
                       f'<code>{_e(d.rule)}</code> {_e(d.message)}</a></li>')
        out.append("</ol></section>")
    out.append("</nav>")
    return "".join(out)


def render(results) -> str:
    per_file, every = [], []
    for number, r in enumerate(results):
        found = [_Finding(f"f{len(every) + i}", r.path, d) for i, d in enumerate(r.diagnostics)]
        every.extend(found)
        per_file.append(found)
    total = len(every)
    many = len(results) > 1
    title = results[0].path if len(results) == 1 else f"{len(results)} 个文件"
    fixed = sum(getattr(r, "fixed", 0) for r in results)
    summary = f'共 <b id="total">{total}</b> 个问题'
    summary += f'，显示 <b id="shown">{total}</b> 个' + (f"；已自动修正 {fixed} 处" if fixed else "")
    files = "".join(_file_section(n, r, found) for n, (r, found) in enumerate(zip(results, per_file)))
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>speechlint 报告：{_e(title)}</title><style>{CSS}</style></head><body>"
        f'<aside id="sidebar"><h1>speechlint 检查报告</h1><p class="summary">{summary}</p>'
        f"{_sidebar(every, many)}</aside>"
        f'<main id="draft">{files}</main><script>{JS}</script></body></html>\n'
    )


@formatter("html")
def format_html(results, out, **_):
    out.write(render(results))


CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 "Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;color:#222}
[hidden]{display:none!important}
#sidebar{position:fixed;top:0;left:0;bottom:0;width:26rem;overflow-y:auto;padding:0 1rem 2rem;
 background:#f6f7f9;border-right:1px solid #d8dbe0}
#sidebar h1{font-size:1.15rem;margin:1rem 0 .3rem}
.summary{margin:.2rem 0 .6rem}
fieldset{border:1px solid #d8dbe0;margin:.4rem 0;padding:.3rem .6rem}
fieldset label{display:inline-block;margin:.1rem .8rem .1rem 0;cursor:pointer;white-space:nowrap}
.count{display:inline-block;min-width:1.6em;padding:0 .35em;border-radius:.8em;background:#e3e6eb;
 font-size:.85em;text-align:center}
#findings h3{font-size:1rem;margin:1rem 0 .3rem;border-bottom:1px solid #d8dbe0}
#findings ol{list-style:none;margin:0;padding:0}
#findings li{margin:.15rem 0;padding:.15rem .4rem;border-left:4px solid #999;font-size:.9rem}
#findings li a{color:inherit;text-decoration:none;display:block}
#findings li:hover{background:#e9ecf1}
#findings li.current{background:#dde6f7}
li.sev-error{border-left-color:#d33!important}
li.sev-warning{border-left-color:#d9a400!important}
li.sev-info{border-left-color:#3a8bd6!important}
.loc{color:#666;font-variant-numeric:tabular-nums}
code{font-size:.85em;background:#e3e6eb;padding:0 .25em;border-radius:3px}
main{margin-left:26rem;padding:0 2rem 40vh}
.file h2{font-size:1.05rem;margin:1.2rem 0 .6rem;word-break:break-all}
.file h2 small{font-weight:normal;color:#666}
.text{font-family:"Noto Serif CJK SC","Source Han Serif SC",SimSun,serif;font-size:16px}
.line{display:flex;min-height:1.6em}
.ln{flex:none;width:3.5em;padding-right:.8em;text-align:right;color:#aaa;user-select:none;font-size:.8em;line-height:2}
.tx{flex:1;white-space:pre-wrap;word-break:break-all}
mark.hl{background:#fff0b3;border-bottom:2px solid #d9a400;cursor:pointer;color:inherit}
mark.sev-error{background:#ffd9d9;border-bottom-color:#d33}
mark.sev-info{background:#dcecfc;border-bottom-color:#3a8bd6}
mark.ins{background:none;border:none;color:#d33;font-weight:bold}
mark.off{background:none!important;border-bottom-color:transparent!important;cursor:auto}
mark.ins.off{color:transparent}
mark.flash{outline:3px solid #2957c7;outline-offset:1px}
.anchor{scroll-margin-top:40vh}
.file-error{color:#d33}
@media print{#sidebar{display:none}main{margin:0}}
"""

JS = """
(function(){
  var RANK={info:0,warning:1,error:2};
  var hidden={cat:{},sev:{}};
  var items=Array.prototype.slice.call(document.querySelectorAll('#findings li.item'));
  var marks=Array.prototype.slice.call(document.querySelectorAll('mark.hl'));
  var sevOf={};
  items.forEach(function(li){sevOf[li.dataset.f]=li.dataset.sev;});
  function apply(){
    var visible={},shown=0;
    items.forEach(function(li){
      var on=!hidden.cat[li.dataset.cat]&&!hidden.sev[li.dataset.sev];
      li.hidden=!on; if(on){visible[li.dataset.f]=true;shown++;}
    });
    document.querySelectorAll('#findings .group').forEach(function(g){
      var n=g.querySelectorAll('li.item:not([hidden])').length;
      g.querySelector('.count').textContent=n; g.hidden=n===0;
    });
    marks.forEach(function(m){
      var best=null;
      m.dataset.f.split(' ').forEach(function(id){
        if(visible[id]&&(best===null||RANK[sevOf[id]]>RANK[best]))best=sevOf[id];
      });
      m.classList.toggle('off',best===null);
      ['error','warning','info'].forEach(function(s){m.classList.toggle('sev-'+s,s===best);});
    });
    document.getElementById('shown').textContent=shown;
  }
  document.querySelectorAll('#filters input').forEach(function(input){
    input.addEventListener('change',function(){
      var kind=input.dataset.cat!==undefined?'cat':'sev';
      hidden[kind][input.dataset[kind]]=!input.checked; apply();
    });
  });
  function flash(id){
    document.querySelectorAll('.flash').forEach(function(m){m.classList.remove('flash');});
    document.querySelectorAll('mark.hl[data-f~="'+id+'"]').forEach(function(m){m.classList.add('flash');});
  }
  function select(id,scrollText,scrollList){
    items.forEach(function(li){li.classList.toggle('current',li.dataset.f===id);});
    var anchor=document.getElementById(id);
    if(scrollText&&anchor)anchor.scrollIntoView({block:'center'});
    var li=document.querySelector('#findings li[data-f="'+id+'"]');
    if(scrollList&&li)li.scrollIntoView({block:'nearest'});
    flash(id);
  }
  items.forEach(function(li){
    li.querySelector('a').addEventListener('click',function(e){
      e.preventDefault(); select(li.dataset.f,true,false);
      history.replaceState(null,'','#'+li.dataset.f);
    });
  });
  marks.forEach(function(m){
    m.addEventListener('click',function(){
      if(m.classList.contains('off'))return;
      var ids=m.dataset.f.split(' ').filter(function(id){
        var li=document.querySelector('#findings li[data-f="'+id+'"]');return li&&!li.hidden;});
      if(ids.length)select(ids[0],false,true);
    });
  });
})();
"""
