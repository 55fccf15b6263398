// Chrome trace-event JSON of a report's failing execution.
#include <ostream>
#include <set>

#include <weft/trace_export.hpp>

#include "report/naming.hpp"
#include "report/trace_timeline.hpp"

WEFT_BEGIN_NAMESPACE

using detail::json_escape;

void write_chrome_trace(const report& r, std::ostream& out) {
  const detail::timeline t = detail::lay_out(r);
  const auto& events = r.trace();
  out << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"failure\":\"" << to_string(r.kind()) << "\",\"message\":\""
      << json_escape(r.message()) << "\",\"replay_token\":\"" << json_escape(r.replay_token()) << "\",\"strategy\":\""
      << json_escape(r.strategy()) << "\"},\"traceEvents\":[";
  bool first = true;
  const auto next = [&]() -> std::ostream& {
    if (!first) out << ",\n";
    first = false;
    return out;
  };
  std::set<std::uint32_t> threads;
  for (const thread_state& s : r.threads()) threads.insert(s.id);
  for (const trace_event& e : events) threads.insert(e.thread);
  for (std::uint32_t id : threads) {
    std::string name = detail::thread_label(id);
    for (const thread_state& s : r.threads()) {
      if (s.id == id) name += " " + s.name;
    }
    next() << "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":" << id << ",\"args\":{\"name\":\""
           << json_escape(name) << "\"}}";
  }
  for (const detail::timeline::slice& s : t.slices) {
    const trace_event& e = events[s.event];
    const std::string label = detail::operation_text(e.operation, e.object);
    std::string args = "{\"where\":\"" + json_escape(detail::place_of(e)) + "\",\"event\":" +
                       std::to_string(s.event + 1) + ",\"virtual_time_ns\":" + std::to_string(e.virtual_ns);
    if (!e.explanation.empty()) args += ",\"stale_read\":\"" + json_escape(e.explanation) + "\"";
    args += "}";
    if (s.category == "injected" || s.category == "timeout") {
      next() << "{\"ph\":\"i\",\"s\":\"t\",\"name\":\"" << json_escape(label) << "\",\"cat\":\"" << s.category
             << "\",\"pid\":1,\"tid\":" << s.thread << ",\"ts\":" << s.start_us << ",\"args\":" << args << "}";
    } else {
      next() << "{\"ph\":\"X\",\"name\":\"" << json_escape(label) << "\",\"cat\":\"" << s.category
             << "\",\"pid\":1,\"tid\":" << s.thread << ",\"ts\":" << s.start_us << ",\"dur\":" << s.length_us
             << ",\"args\":" << args << "}";
    }
  }
  for (std::size_t i = 0; i < t.wakeups.size(); ++i) {
    const detail::timeline::wakeup& w = t.wakeups[i];
    next() << "{\"ph\":\"s\",\"id\":" << i << ",\"name\":\"wakeup\",\"cat\":\"wakeup\",\"pid\":1,\"tid\":"
           << events[w.from].thread << ",\"ts\":" << t.at_us[w.from] << "}";
    next() << "{\"ph\":\"f\",\"bp\":\"e\",\"id\":" << i << ",\"name\":\"wakeup\",\"cat\":\"wakeup\",\"pid\":1,\"tid\":"
           << events[w.to].thread << ",\"ts\":" << t.at_us[w.to] << "}";
  }
  for (std::size_t i = 0; i < t.reads_from.size(); ++i) {
    const detail::timeline::wakeup& w = t.reads_from[i];
    const std::size_t id = t.wakeups.size() + i;
    next() << "{\"ph\":\"s\",\"id\":" << id << ",\"name\":\"reads from\",\"cat\":\"reads_from\",\"pid\":1,\"tid\":"
           << events[w.from].thread << ",\"ts\":" << t.at_us[w.from] << "}";
    next() << "{\"ph\":\"f\",\"bp\":\"e\",\"id\":" << id
           << ",\"name\":\"reads from\",\"cat\":\"reads_from\",\"pid\":1,\"tid\":" << events[w.to].thread
           << ",\"ts\":" << t.at_us[w.to] << "}";
  }
  if (!events.empty()) {
    const trace_event& e = events[t.failing_event];
    next() << "{\"ph\":\"i\",\"s\":\"g\",\"name\":\"" << json_escape(std::string(to_string(r.kind())) + ": " + r.message())
           << "\",\"cat\":\"failure\",\"pid\":1,\"tid\":" << e.thread << ",\"ts\":" << t.at_us[t.failing_event] << "}";
  }
  out << "\n]}\n";
}

WEFT_END_NAMESPACE
