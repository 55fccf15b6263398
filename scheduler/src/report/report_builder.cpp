#include "report/report_builder.hpp"

#include <algorithm>

#include "report/naming.hpp"
#include "report/run_time_locations.hpp"

WEFT_BEGIN_NAMESPACE

namespace {

source_line line_of(std::source_location where) {
  if (where.line() == 0) return {};
  return {where.file_name(), where.line()};
}

std::string_view state_name(detail::thread_state state) noexcept {
  switch (state) {
    case detail::thread_state::runnable: return "runnable";
    case detail::thread_state::blocked: return "blocked";
    case detail::thread_state::finished: return "finished";
  }
  return "?";
}

// Where the standard library's headers live (GCC's and Clang's libstdc++/libc++ trees).
bool in_library_header(std::string_view file) {
  return file.find("/include/c++/") != std::string_view::npos || file.starts_with("/usr/include/");
}

// Every registered object, with where it was declared and first used (kept by the
// execution: a run that kept only its latest events may not show the first use). Object
// ids are 1-based indexes into ex.objects().
std::vector<object_declaration> describe_objects(const detail::execution& ex) {
  std::vector<object_declaration> objects(ex.objects().size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const detail::object_info& o = ex.objects()[i];
    objects[i].label = detail::object_label(o.kind, static_cast<std::uint32_t>(i + 1));
    objects[i].declared = line_of(o.declared);
    objects[i].first_used = line_of(o.first_used);
  }
  for (object_declaration& d : objects) {
    if (!in_library_header(d.declared.file)) continue;
    d.made_by_library = true;
    d.declared = d.first_used;
  }
  return objects;
}

// The thread that found the failure runs: its row says what it did there, not its last
// scheduling point (an assertion after an unlock, which is no point, showed the thread as
// runnable at its last wait).
void show_failing(thread_state& state, const detail::failure_record& failure) {
  state.state = "running";
  if (!failure.where.known() || (failure.where.file == state.where.file && failure.where.line == state.where.line)) {
    return;
  }
  switch (failure.kind) {
    case failure_kind::assertion: state.operation = "assertion failed"; break;
    case failure_kind::exception: state.operation = "threw"; break;
    case failure_kind::data_race: state.operation = "racing access"; break;
    case failure_kind::lock_across_await: state.operation = "co_await"; break;
    default: state.operation = "failed"; break;
  }
  state.detail.clear();
  state.where = failure.where;
}

}  // namespace

void report_builder::describe_failure(report& r, const detail::execution& ex) {
  detail::resolve_run_time_locations();
  const detail::failure_record& failure = ex.failure();
  r.kind_ = failure.kind;
  r.message_ = failure.message;
  r.location_ = failure.where;
  r.steps_ = ex.steps();
  r.threads_.clear();
  for (const detail::thread_snapshot& t : failure.threads) {
    thread_state state;
    state.id = t.id;
    state.name = t.name;
    state.state = state_name(t.state);
    if (t.state != detail::thread_state::finished) {
      state.operation = detail::op_name(t.doing.what);
      state.detail = detail::object_label(t.doing.kind, t.doing.object);
      if (t.state == detail::thread_state::blocked && t.doing.holder != detail::no_thread) {
        state.detail += " held by " + detail::object_label(detail::object_kind::thread, t.doing.holder) +
                        " (" + ex.thread_name(t.doing.holder) + ")";
      }
      state.where = line_of(t.doing.where);
      if (t.state == detail::thread_state::blocked) {
        state.timeout_at = t.doing.deadline == detail::no_deadline ? -1 : t.doing.deadline;
      }
      if (t.id == failure.thread && t.state == detail::thread_state::runnable) show_failing(state, failure);
    }
    r.threads_.push_back(std::move(state));
  }
  r.trace_.clear();
  r.injected_.clear();
  r.stale_reads_.clear();
  // Only the latest events when the run kept no more (a nondeterministic body's failure
  // that did not happen again when run to keep them all): numbered as in the whole run.
  const std::size_t dropped = ex.events_dropped();
  for (const detail::event& e : ex.events()) {
    // A thread emplaced into a container is created inside the standard library, a line
    // that says nothing about which of the user's threads it is.
    const bool created_by_library = e.what == detail::op::spawn && in_library_header(e.where.file_name());
    r.trace_.push_back(trace_event{e.step, e.at, e.thread, ex.thread_name(e.thread),
                                   std::string(detail::op_name(e.what)), detail::object_label(e.kind, e.object),
                                   created_by_library ? source_line{} : line_of(e.where), {}, 0,
                                   dropped + r.trace_.size() + 1});
    if (detail::is_injection(r.trace_.back().operation)) r.injected_.push_back(r.trace_.back());
  }
  for (const auto& explained : ex.explanations()) {
    if (explained.event < dropped) continue;
    trace_event& e = r.trace_[explained.event - dropped];
    e.explanation = explained.text;
    e.reads_from_event = explained.related;
    r.stale_reads_.push_back(e);
  }
  r.total_events_ = ex.event_count();
  r.first_event_number_ = dropped + 1;
  r.objects_ = describe_objects(ex);
}

void report_builder::keep_shown_events(report& r) {
  if (r.trace_.size() <= r.shown_events_) return;
  const std::size_t dropped = r.trace_.size() - r.shown_events_;
  r.trace_.erase(r.trace_.begin(), r.trace_.begin() + static_cast<std::ptrdiff_t>(dropped));
  r.trace_.shrink_to_fit();
  r.first_event_number_ += dropped;
}

void report_builder::reclassify(report& r, failure_kind kind, std::string message) {
  r.kind_ = kind;
  r.message_ = std::move(message);
}

void report_builder::describe_run(report& r, std::uint64_t executions, std::uint64_t seed,
                                  std::string strategy, std::string token, std::size_t shown_events) {
  r.executions_ = executions;
  r.seed_ = seed;
  r.strategy_ = std::move(strategy);
  r.replay_token_ = std::move(token);
  r.shown_events_ = shown_events;
}

WEFT_END_NAMESPACE
