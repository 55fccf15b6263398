#include "report/trace_diff.hpp"

#include <algorithm>

#include "report/naming.hpp"
#include "support/counted.hpp"

namespace weft::inline sim_v1::detail {

namespace {

std::string describe(const execution& ex, const event& e) {
  std::string text = thread_label(e.thread) + " (" + ex.thread_name(e.thread) + ") " +
                     std::string(op_name(e.what));
  const std::string object = object_label(e.kind, e.object);
  if (!object.empty()) text += " " + object;
  if (e.where.line() != 0) text += " at " + std::string(e.where.file_name()) + ":" + std::to_string(e.where.line());
  return text;
}

}  // namespace

std::string describe_outcome(const failure_record& f) {
  if (f.kind == failure_kind::none) return "no failure";
  return std::string(to_string(f.kind)) + " (" + f.message + ")";
}

std::string first_difference(const execution& first, const execution& again) {
  // first.events()[i] is event `offset` + i of its run; again kept every event.
  const auto& a = first.events();
  const auto& b = again.events();
  const std::size_t offset = first.events_dropped();
  const std::size_t first_total = first.event_count();
  const std::size_t common = std::min(first_total, b.size());
  for (std::size_t i = offset; i < common; ++i) {
    if (!a[i - offset].same_as(b[i])) {
      return "event " + std::to_string(i + 1) + " differs: first run: " + describe(first, a[i - offset]) +
             "; replay: " + describe(again, b[i]);
    }
  }
  if (first_total != b.size()) {
    if (first_total > b.size() && common < offset) {
      return "the replay stopped after " + counted(common, "event") + "; the first run had " +
             std::to_string(first_total);
    }
    const bool first_longer = first_total > b.size();
    const execution& longer = first_longer ? first : again;
    const event& extra = first_longer ? a[common - offset] : b[common];
    return std::string("the ") + (first_longer ? "replay" : "first run") + " stopped after " +
           counted(common, "event") + "; the other went on with " + describe(longer, extra);
  }
  if (first.failure().kind != again.failure().kind || first.failure().message != again.failure().message) {
    return "the same events ended differently: first run: " + describe_outcome(first.failure()) +
           "; replay: " + describe_outcome(again.failure());
  }
  return {};
}

}  // namespace weft::inline sim_v1::detail
