// A self-contained HTML view of a report's failing execution: the data inline, drawn
// into SVG by a short script. No network, no build step.
#include <ostream>
#include <sstream>

#include <weft/trace_export.hpp>

#include "report/trace_timeline.hpp"

WEFT_BEGIN_NAMESPACE

namespace {

using detail::json_escape;

// The timeline as a JavaScript object literal (JSON).
std::string timeline_json(const report& r, const detail::timeline& t) {
  std::ostringstream out;
  out << "{\"kind\":\"" << to_string(r.kind()) << "\",\"message\":\"" << json_escape(r.message())
      << "\",\"token\":\"" << json_escape(r.replay_token()) << "\",\"failing\":" << t.failing_event << ",\"threads\":[";
  for (std::size_t i = 0; i < r.threads().size(); ++i) {
    const thread_state& s = r.threads()[i];
    out << (i ? "," : "") << "{\"id\":" << s.id << ",\"name\":\"" << json_escape(s.name) << "\",\"state\":\""
        << s.state << "\"}";
  }
  out << "],\"events\":[";
  for (std::size_t i = 0; i < r.trace().size(); ++i) {
    const trace_event& e = r.trace()[i];
    out << (i ? "," : "") << "{\"thread\":" << e.thread << ",\"op\":\"" << json_escape(e.operation) << "\",\"object\":\""
        << json_escape(e.object) << "\",\"where\":\"" << json_escape(detail::place_of(e)) << "\",\"at\":" << t.at_us[i]
        << ",\"stale\":\"" << json_escape(e.explanation) << "\"}";
  }
  out << "],\"slices\":[";
  for (std::size_t i = 0; i < t.slices.size(); ++i) {
    const auto& s = t.slices[i];
    out << (i ? "," : "") << "{\"event\":" << s.event << ",\"thread\":" << s.thread << ",\"start\":" << s.start_us
        << ",\"length\":" << s.length_us << ",\"category\":\"" << s.category << "\"}";
  }
  out << "],\"wakeups\":[";
  for (std::size_t i = 0; i < t.wakeups.size(); ++i) {
    out << (i ? "," : "") << "[" << t.wakeups[i].from << "," << t.wakeups[i].to << "]";
  }
  out << "],\"reads_from\":[";
  for (std::size_t i = 0; i < t.reads_from.size(); ++i) {
    out << (i ? "," : "") << "[" << t.reads_from[i].from << "," << t.reads_from[i].to << "]";
  }
  out << "]}";
  return out.str();
}

constexpr const char* page_script = R"JS(
const data = JSON.parse(document.getElementById('weft-data').textContent);
const svgNs = 'http://www.w3.org/2000/svg';
const laneHeight = 34, labelWidth = 170, scale = 6, marginTop = 10;
const lanes = new Map(data.threads.map((t, i) => [t.id, i]));
const end = data.events.length ? data.events[data.events.length - 1].at + 10 : 10;
const svg = document.createElementNS(svgNs, 'svg');
svg.setAttribute('width', labelWidth + end * scale + 40);
svg.setAttribute('height', marginTop + data.threads.length * laneHeight + 20);
function add(parent, tag, attributes, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  parent.appendChild(node);
  return node;
}
const y = thread => marginTop + lanes.get(thread) * laneHeight;
const x = at => labelWidth + at * scale;
for (const t of data.threads) {
  const lane = add(svg, 'g', {class: 'lane', 'data-thread': t.id});
  add(lane, 'rect', {x: 0, y: y(t.id), width: '100%', height: laneHeight - 4, class: 'lane-background'});
  add(lane, 'text', {x: 6, y: y(t.id) + 20, class: 'lane-label'}, 't' + t.id + ' ' + t.name + ' (' + t.state + ')');
}
const colors = {operation: '#4a7bd0', blocked: '#e8b64c', injected: '#9b59b6', timeout: '#16a085'};
data.slices.forEach(s => {
  const e = data.events[s.event];
  const failing = s.event === data.failing;
  const width = Math.max(s.length * scale, s.category === 'operation' ? 10 * scale - 4 : 6);
  const box = add(svg, 'rect', {x: x(s.start), y: y(s.thread) + (s.category === 'blocked' ? 20 : 4),
    width, height: s.category === 'blocked' ? 8 : 14, rx: 2,
    fill: failing ? '#d0312d' : colors[s.category], class: 'event ' + s.category, 'data-event': s.event + 1});
  if (failing) box.setAttribute('id', 'failing-event');
  add(box, 'title', {}, '#' + (s.event + 1) + ' ' + e.op + (e.object ? ' ' + e.object : '') + (e.where ? '  ' + e.where : '') +
    (e.stale ? '\n' + e.stale : ''));
});
const lastEvent = data.events[data.failing];
if (lastEvent && !document.getElementById('failing-event')) {
  add(svg, 'rect', {id: 'failing-event', x: x(lastEvent.at), y: y(lastEvent.thread) + 2, width: 10 * scale - 4,
    height: 18, fill: '#d0312d', class: 'event failure'});
}
data.wakeups.forEach(([from, to]) => {
  const a = data.events[from], b = data.events[to];
  add(svg, 'line', {x1: x(a.at) + 4, y1: y(a.thread) + 11, x2: x(b.at) + 4, y2: y(b.thread) + 11,
    class: 'wakeup', stroke: '#555', 'stroke-width': 1.2, 'marker-end': 'url(#arrow)'});
});
data.reads_from.forEach(([from, to]) => {
  const a = data.events[from], b = data.events[to];
  add(svg, 'line', {x1: x(a.at) + 4, y1: y(a.thread) + 11, x2: x(b.at) + 4, y2: y(b.thread) + 11,
    class: 'reads-from', stroke: '#b8860b', 'stroke-width': 1.2, 'stroke-dasharray': '4 3', 'marker-end': 'url(#arrow)'});
});
const defs = add(svg, 'defs', {});
const marker = add(defs, 'marker', {id: 'arrow', markerWidth: 8, markerHeight: 8, refX: 6, refY: 3, orient: 'auto'});
add(marker, 'path', {d: 'M0,0 L6,3 L0,6 z', fill: '#555'});
document.getElementById('timeline').appendChild(svg);
const list = document.getElementById('events');
data.events.forEach((e, i) => {
  const row = document.createElement('tr');
  if (i === data.failing) row.className = 'failing';
  for (const cell of [i + 1, 't' + e.thread, e.op + (e.object ? ' ' + e.object : ''), e.where, e.stale]) {
    const td = document.createElement('td');
    td.textContent = cell;
    row.appendChild(td);
  }
  list.appendChild(row);
});
)JS";

}  // namespace

void write_html_trace(const report& r, std::ostream& out) {
  const detail::timeline t = detail::lay_out(r);
  std::string data = timeline_json(r, t);
  // Inside a <script> element only "</" could end it early.
  for (std::size_t at = 0; (at = data.find("</", at)) != std::string::npos; at += 3) data.replace(at, 2, "<\\/");
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>weft: "
      << to_string(r.kind()) << "</title>\n<style>\n"
      << "body{font-family:system-ui,sans-serif;margin:16px;color:#222}"
      << "h1{font-size:18px}pre{background:#f4f4f4;padding:8px;white-space:pre-wrap}"
      << ".lane-background{fill:#f7f7f9}.lane-label{font-size:12px;fill:#333}"
      << "#timeline{overflow-x:auto;border:1px solid #ddd}table{border-collapse:collapse;font-size:12px}"
      << "td{padding:2px 8px;border-bottom:1px solid #eee}tr.failing td{background:#fbe3e2;font-weight:bold}"
      << "</style></head><body>\n<h1>weft: " << to_string(r.kind()) << "</h1>\n<pre id=\"message\"></pre>\n"
      << "<p>Lanes are simulated threads; blue: an operation, amber: blocked, purple: injected, green: a "
         "timeout, red: where the failure was found; arrows: who woke whom; dashed arrows: the older store a "
         "load read (weak memory). Hover for file:line.</p>\n"
      << "<div id=\"timeline\"></div>\n<h2>Events</h2><table><tbody id=\"events\"></tbody></table>\n"
      << "<script type=\"application/json\" id=\"weft-data\">" << data << "</script>\n<script>" << page_script
      << "document.getElementById('message').textContent = data.message + '\\nreplay token: ' + data.token;\n"
      << "</script>\n</body></html>\n";
}

WEFT_END_NAMESPACE
