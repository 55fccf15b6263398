// Turns the state of a finished execution into a weft::report.
#pragma once

#include <cstdint>
#include <string>

#include <weft/report.hpp>

#include "execution/execution.hpp"

WEFT_BEGIN_NAMESPACE

struct report_builder {
  // Kind, message, location, thread states and events of `ex`'s last run.
  static void describe_failure(report& r, const detail::execution& ex);
  // Replaces kind and message (nondeterminism, replay divergence), keeping the rest.
  static void reclassify(report& r, failure_kind kind, std::string message);
  // The search ran out of schedules; those a bound left out make it incomplete.
  static void mark_exhausted(report& r, bool left_out) {
    r.complete_ = !left_out;
    r.bound_reached_ = left_out;
  }
  // `estimated`: `distinct` is an estimate (see api/exploration_statistics.hpp).
  static void describe_statistics(report& r, std::size_t distinct, bool estimated, std::uint64_t failing_index) {
    r.distinct_schedules_ = distinct;
    r.distinct_schedules_estimated_ = estimated;
    r.failing_index_ = failing_index;
  }
  static void describe_steps(report& r, std::uint64_t min, std::uint64_t median, std::uint64_t max) {
    r.min_steps_ = min;
    r.median_steps_ = median;
    r.max_steps_ = max;
  }
  static void add_trace_file(report& r, std::string path) { r.trace_files_.push_back(std::move(path)); }
  static void add_note(report& r, std::string note) { r.notes_.push_back(std::move(note)); }
  static void describe_sizes(report& r, std::size_t found_deviations, std::uint64_t found_steps,
                             std::size_t deviations) {
    r.found_deviations_ = found_deviations;
    r.found_steps_ = found_steps;
    r.deviations_ = deviations;
  }
  static void describe_run(report& r, std::uint64_t executions, std::uint64_t seed,
                           std::string strategy, std::string token, std::size_t shown_events);
  // Drops the events the report does not print (all but the last shown_events), once
  // nothing needs the whole trace any more: a report of a long run stays small.
  static void keep_shown_events(report& r);
};

WEFT_END_NAMESPACE
