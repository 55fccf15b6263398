// The text form of a report: what failed, where every thread was, the last events.
#include <algorithm>
#include <ostream>
#include <vector>

#include <weft/report.hpp>

#include "report/naming.hpp"
#include "support/counted.hpp"

WEFT_BEGIN_NAMESPACE

std::string_view to_string(failure_kind kind) noexcept {
  switch (kind) {
    case failure_kind::none: return "none";
    case failure_kind::assertion: return "assertion";
    case failure_kind::exception: return "exception";
    case failure_kind::deadlock: return "deadlock";
    case failure_kind::livelock: return "livelock";
    case failure_kind::leaked_thread: return "leaked_thread";
    case failure_kind::misuse: return "misuse";
    case failure_kind::lock_across_blocking: return "lock_across_blocking";
    case failure_kind::nondeterminism: return "nondeterminism";
    case failure_kind::replay_diverged: return "replay_diverged";
    case failure_kind::stall: return "stall";
    case failure_kind::data_race: return "data_race";
    case failure_kind::leaked_task: return "leaked_task";
    case failure_kind::lock_across_await: return "lock_across_await";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, failure_kind kind) { return out << to_string(kind); }

namespace {

using detail::counted;

// Tables show file names only; the failure's own line shows the full path.
std::string short_place(const source_line& where) {
  if (!where.known()) return "-";
  const auto slash = where.file.find_last_of('/');
  return (slash == std::string::npos ? where.file : where.file.substr(slash + 1)) + ":" +
         std::to_string(where.line);
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string thread_heading(std::uint32_t id, const std::string& name) {
  return detail::thread_label(id) + " " + name;
}

// "+1.5s", "+250ms", "+0ns": a virtual time since the execution began.
std::string virtual_time_text(std::int64_t ns) {
  const auto fixed = [](double v, const char* unit) {
    std::string text = std::to_string(v);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return "+" + text + unit;
  };
  if (ns >= 1'000'000'000) return fixed(static_cast<double>(ns) / 1e9, "s");
  if (ns >= 1'000'000) return fixed(static_cast<double>(ns) / 1e6, "ms");
  if (ns >= 1'000) return fixed(static_cast<double>(ns) / 1e3, "us");
  return "+" + std::to_string(ns) + "ns";
}

std::string what_of(const std::string& operation, const std::string& object) {
  return detail::operation_text(operation, object);
}

// Whether two threads' rows read alike but for the thread.
bool alike(const thread_state& a, const thread_state& b) {
  return a.state == b.state && a.operation == b.operation && a.detail == b.detail && a.where.file == b.where.file &&
         a.where.line == b.where.line && a.timeout_at == b.timeout_at;
}

// Consecutive threads whose rows read alike and are more than this many show as their
// first and last row with a count between: a thousand threads queued on one mutex take
// three lines, not a thousand.
constexpr std::size_t rows_shown_alike = 3;

void print_threads(std::ostream& out, const report& r) {
  std::size_t name_width = 0;
  std::size_t what_width = 0;
  for (const thread_state& t : r.threads()) {
    name_width = std::max(name_width, thread_heading(t.id, t.name).size());
    what_width = std::max(what_width, what_of(t.operation, t.detail).size());
  }
  const auto print_row = [&](const thread_state& t) {
    out << "  " << pad(thread_heading(t.id, t.name), name_width) << "  " << pad(t.state, 8);
    if (t.state != "finished") {
      out << "  " << pad(what_of(t.operation, t.detail), what_width) << "  " << short_place(t.where);
    }
    if (t.state == "blocked") {
      out << (t.timeout_at < 0 ? "  (no timeout)" : "  (times out at " + virtual_time_text(t.timeout_at) + ")");
    }
    out << '\n';
  };
  out << "\nthreads when it happened:\n";
  const std::vector<thread_state>& threads = r.threads();
  for (std::size_t first = 0; first < threads.size();) {
    std::size_t end = first + 1;
    while (end < threads.size() && alike(threads[first], threads[end])) ++end;
    if (end - first <= rows_shown_alike) {
      for (std::size_t i = first; i < end; ++i) print_row(threads[i]);
    } else {
      print_row(threads[first]);
      out << "  ... " << counted(end - first - 2, "more thread") << " the same, " << detail::thread_label(threads[first + 1].id)
          << " to " << detail::thread_label(threads[end - 2].id) << '\n';
      print_row(threads[end - 1]);
    }
    first = end;
  }
}

void print_objects(std::ostream& out, const report& r) {
  std::size_t width = 0;
  for (const object_declaration& o : r.objects()) width = std::max(width, o.label.size());
  out << "\nobjects:\n";
  const auto shares_its_line = [&](const object_declaration& o) {
    return std::count_if(r.objects().begin(), r.objects().end(), [&](const object_declaration& other) {
             return other.declared.file == o.declared.file && other.declared.line == o.declared.line;
           }) > 1;
  };
  for (const object_declaration& o : r.objects()) {
    out << "  " << pad(o.label, width);
    if (o.made_by_library) {
      out << "  made inside the standard library (std::make_shared?), first used at " << short_place(o.declared);
    } else {
      out << "  declared at " << short_place(o.declared);
      if (shares_its_line(o) && o.first_used.known()) out << ", first used at " << short_place(o.first_used);
    }
    out << '\n';
  }
}

// Cancellations and failures the exploration injected, with where they landed.
void print_injected(std::ostream& out, const report& r) {
  bool any = false;
  for (const trace_event& e : r.injected()) {
    if (!any) out << "\ninjected by the exploration:\n";
    any = true;
    out << "  " << what_of(e.operation, e.object) << " while t" << e.thread << " (" << e.thread_name << ") was at "
        << short_place(e.where) << '\n';
  }
}

// Loads that read an older store than the newest: which, and what they did not see.
void print_stale_reads(std::ostream& out, const report& r) {
  if (r.stale_reads().empty()) return;
  out << "\nstale reads (each one the C++ memory model allows):\n";
  for (const trace_event& e : r.stale_reads()) {
    out << "  event " << e.number << ": t" << e.thread << " (" << e.thread_name << ") at " << short_place(e.where)
        << " " << e.explanation << '\n';
  }
}

void print_events(std::ostream& out, const report& r, std::size_t shown) {
  const auto& events = r.trace();
  const std::size_t first = events.size() > shown ? events.size() - shown : 0;
  std::size_t name_width = 0;
  std::size_t what_width = 0;
  for (std::size_t i = first; i < events.size(); ++i) {
    name_width = std::max(name_width, thread_heading(events[i].thread, events[i].thread_name).size());
    what_width = std::max(what_width, what_of(events[i].operation, events[i].object).size());
  }
  out << "\nlast " << events.size() - first << " of " << r.total_events() << " events:\n";
  for (std::size_t i = first; i < events.size(); ++i) {
    const trace_event& e = events[i];
    const std::string number = std::to_string(r.first_event_number() + i);
    out << "  " << std::string(number.size() < 5 ? 5 - number.size() : 0, ' ') << number << "  "
        << pad(thread_heading(e.thread, e.thread_name), name_width) << "  "
        << pad(what_of(e.operation, e.object), what_width) << "  " << short_place(e.where);
    if (!e.explanation.empty()) {
      out << "  stale: " << (e.reads_from_event == 0 ? std::string("the initial value")
                                                      : "the store of event " + std::to_string(e.reads_from_event));
    }
    out << '\n';
  }
}

// "12 distinct schedules", or "about 1,204,000 distinct schedules (estimated, standard error
// 1.6%)": the error is exploration_statistics::estimate_error's.
std::string distinct_text(const report& r) {
  if (!r.distinct_schedules_estimated()) return counted(r.distinct_schedules(), "distinct schedule");
  return "about " + counted(r.distinct_schedules(), "distinct schedule") + " (estimated, standard error 1.6%)";
}

}  // namespace

namespace {

// What an exhausted search checked, by its spec (dfs, dfs:preemptions=N,reduction=off)
// and whether its bound left schedules out. A bound with partial-order reduction drops
// the backtrack points past the bound without adding earlier ones in their place
// (strategy/dfs.cpp), so it may miss schedules within the bound (Coons et al., "Bounded
// partial-order reduction", OOPSLA 2013): said so. A bound never reached changed nothing.
std::string exhausted_search(const report& r) {
  const bool reduced = r.strategy().find("reduction=off") == std::string::npos;
  const std::string every = reduced ? "every schedule, up to the order of independent operations," : "every schedule";
  if (!r.bound_reached()) return "the search was complete: " + every + " was checked";
  const std::string bound = "preemptions=";
  const auto at = r.strategy().find(bound);
  const std::string n = r.strategy().substr(at + bound.size(), r.strategy().find(',', at) - at - bound.size());
  const std::string within = "with at most " + n + (n == "1" ? " preemption" : " preemptions");
  const std::string left_out = "; schedules that need more were left out: the search was not complete";
  if (!reduced) return "the bounded search ended: every schedule " + within + " was checked" + left_out;
  return "the bounded search ended: the schedules " + within +
         " that partial-order reduction leads to were checked, which may miss some of them (" + r.strategy() +
         ",reduction=off checks every one)" + left_out;
}

}  // namespace

std::ostream& operator<<(std::ostream& out, const report& r) {
  out << "weft: ";
  if (!r.failed()) {
    out << "no failure in " << counted(r.executions(), "execution") << ", " << distinct_text(r) << " (strategy " << r.strategy() << ", seed "
        << r.seed() << ")\n";
    if (r.max_steps() != 0) {
      out << "  steps per execution min/median/max " << r.min_steps() << "/" << r.median_steps() << "/"
          << r.max_steps() << '\n';
    }
    if (r.complete() || r.bound_reached()) out << "  " << exhausted_search(r) << '\n';
    return out;
  }
  out << to_string(r.kind()) << " in execution " << r.executions() << " (strategy " << r.strategy()
      << ", seed " << r.seed() << ", " << counted(r.steps(), "step") << ")\n";
  out << "  " << r.message() << '\n';
  if (r.location().known()) out << "  at " << r.location().file << ':' << r.location().line << '\n';
  if (r.found_steps() != 0 && (r.found_deviations() != r.deviations() || r.found_steps() != r.steps())) {
    out << "  schedule minimized: " << counted(r.found_deviations(), "deviation") << " from the default schedule and "
        << counted(r.found_steps(), "step") << " as found, " << r.deviations() << " and " << r.steps()
        << " as reported\n";
  }
  if (!r.threads().empty()) print_threads(out, r);
  if (!r.objects().empty()) print_objects(out, r);
  print_injected(out, r);
  print_stale_reads(out, r);
  if (!r.trace().empty()) print_events(out, r, r.shown_events_);
  if (r.max_steps() != 0) {
    out << "\nstatistics: " << counted(r.executions(), "execution") << ", " << distinct_text(r)
        << ", steps per execution min/median/max "
        << r.min_steps() << "/" << r.median_steps()
        << "/" << r.max_steps() << ", strategy " << r.strategy() << '\n';
  }
  for (const std::string& file : r.trace_files()) out << "timeline: " << file << '\n';
  for (const std::string& note : r.notes()) out << "note: " << note << '\n';
  if (!r.replay_token().empty()) {
    out << "\nreplay: "
        << (r.replay_command().empty() ? "weft::replay(\"" + r.replay_token() + "\", body)"
                                       : r.replay_command())
        << '\n';
    // The token of a replay that diverged is the one replayed: it diverges the same way
    // again, and only a new exploration gives one of this code.
    if (r.kind() == failure_kind::replay_diverged) {
      out << "  (the token replayed above: it diverges the same way each time; explore again for a token of "
             "the code as it is now)\n";
    }
  }
  return out;
}

WEFT_END_NAMESPACE
