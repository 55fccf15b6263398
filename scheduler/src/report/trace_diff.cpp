#include "report/trace_diff.hpp"

#include <algorithm>

#include "report/naming.hpp"

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
  const auto& a = first.events();
  const auto& b = again.events();
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (!a[i].same_as(b[i])) {
      return "event " + std::to_string(i + 1) + " differs: first run: " + describe(first, a[i]) +
             "; replay: " + describe(again, b[i]);
    }
  }
  if (a.size() != b.size()) {
    const bool first_longer = a.size() > b.size();
    const execution& longer = first_longer ? first : again;
    const event& extra = first_longer ? a[common] : b[common];
    return std::string("the ") + (first_longer ? "replay" : "first run") + " stopped after " +
           std::to_string(common) + " events; the other went on with " + describe(longer, extra);
  }
  if (first.failure().kind != again.failure().kind || first.failure().message != again.failure().message) {
    return "the same events ended differently: first run: " + describe_outcome(first.failure()) +
           "; replay: " + describe_outcome(again.failure());
  }
  return {};
}

}  // namespace weft::inline sim_v1::detail
