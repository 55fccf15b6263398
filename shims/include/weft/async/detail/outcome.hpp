// How a spawned task ended (its value or its exception, kept for its join handle), and
// what every build's join handle shares with the task it started.
#pragma once

#include <exception>
#include <optional>
#include <stop_token>
#include <utility>

#include <weft/async/task.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

template <class T>
struct outcome {
  std::optional<T> value;
  std::exception_ptr error;

  void run(weft::task<T>& body, std::stop_token stop, std::source_location where) {
    value.emplace(body.run_to_end(std::move(stop), where));
  }
  T take() {
    if (error) std::rethrow_exception(error);
    return std::move(*value);
  }
};

template <>
struct outcome<void> {
  std::exception_ptr error;

  void run(weft::task<void>& body, std::stop_token stop, std::source_location where) {
    body.run_to_end(std::move(stop), where);
  }
  void take() {
    if (error) std::rethrow_exception(error);
  }
};

// The task, its stop source and its outcome; each build's `spawned<T>` adds how the join
// handle learns that the task ended.
template <class T>
struct spawned_task {
  spawned_task(weft::task<T> t, std::source_location at) : body(std::move(t)), spawned_at(at) {}

  // Runs the task to its end, keeping its value or its exception in `result`; then ends
  // its frame (its parameters, a spawned lambda's captures), so that they end before the
  // joiner returns, as a function's locals end before it returns.
  void run() {
    try {
      result.run(body, stop.get_token(), spawned_at);
    } catch (...) {
      result.error = std::current_exception();
    }
    body = {};
  }

  weft::task<T> body;
  std::stop_source stop;
  outcome<T> result;
  std::source_location spawned_at;
};

}  // namespace detail
WEFT_END_NAMESPACE
