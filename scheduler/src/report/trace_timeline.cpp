#include "report/trace_timeline.hpp"

#include <cstdio>
#include <map>

#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

constexpr std::int64_t event_width_us = 10;

bool starts_block(const std::string& operation) { return operation == op_name(op::blocked); }
bool ends_block(const std::string& operation) {
  return operation == op_name(op::woken) || operation == op_name(op::timed_out);
}

}  // namespace

std::string json_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char code[8];
          std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += code;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string place_of(const trace_event& e) {
  return e.where.known() ? e.where.file + ":" + std::to_string(e.where.line) : std::string();
}

timeline lay_out(const report& r) {
  timeline t;
  const auto& events = r.trace();
  // Events are evenly spaced; virtual time that passed is added on top, so a jump of
  // the clock shows as a gap.
  for (std::size_t i = 0; i < events.size(); ++i) {
    t.at_us.push_back(static_cast<std::int64_t>(i) * event_width_us + events[i].virtual_ns / 1000);
  }
  std::map<std::uint32_t, std::size_t> blocked_since;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const trace_event& e = events[i];
    if (starts_block(e.operation)) {
      blocked_since[e.thread] = i;
      continue;
    }
    if (ends_block(e.operation)) {
      if (const auto open = blocked_since.find(e.thread); open != blocked_since.end()) {
        t.slices.push_back({open->second, e.thread, t.at_us[open->second], t.at_us[i] - t.at_us[open->second], "blocked"});
        blocked_since.erase(open);
      }
      if (e.operation == op_name(op::timed_out)) {
        t.slices.push_back({i, e.thread, t.at_us[i], 0, "timeout"});
      } else {
        // Woken by the last operation of another thread on the same object (for a
        // join: the end of the joined thread).
        for (std::size_t j = i; j-- > 0;) {
          const trace_event& w = events[j];
          const bool joined_end = e.object == thread_label(w.thread) && w.operation == op_name(op::finish);
          const bool same_object = w.thread != e.thread && !e.object.empty() && w.object == e.object &&
                                   !starts_block(w.operation) && !ends_block(w.operation);
          if (joined_end || same_object) {
            t.wakeups.push_back({j, i});
            break;
          }
        }
      }
      continue;
    }
    t.slices.push_back({i, e.thread, t.at_us[i], event_width_us, is_injection(e.operation) ? "injected" : "operation"});
  }
  const std::int64_t end = events.empty() ? 0 : t.at_us.back() + event_width_us;
  for (const auto& [thread, since] : blocked_since) {
    t.slices.push_back({since, thread, t.at_us[since], end - t.at_us[since], "blocked"});
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::uint64_t store = events[i].reads_from_event;
    if (!events[i].explanation.empty() && store >= events.front().number && store < events[i].number) {
      t.reads_from.push_back({static_cast<std::size_t>(store - events.front().number), i});
    }
  }
  if (!events.empty()) t.failing_event = events.size() - 1;
  return t;
}

}  // namespace weft::inline sim_v1::detail
