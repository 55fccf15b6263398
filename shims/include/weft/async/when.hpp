// weft::when_all and weft::when_any: run tasks side by side and await them together.
//
//   auto [a, b] = co_await weft::when_all(fetch(x), fetch(y));   // both values
//   auto [index, value] = co_await weft::when_any(primary(), fallback());
//
// Each task runs as a task of its own. when_all's tasks form a weft::task_group: when one
// ends with an exception the others are asked to stop, and when_all rethrows it once
// all have ended. when_any returns the index and value of the first task to end and asks
// the others to stop (their results and exceptions are dropped once they end); if the
// first to end threw, when_any rethrows that. A void task's value is std::monostate.
#pragma once

#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <stop_token>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <weft/async/detail/cross_task_lock.hpp>
#include <weft/async/spawn.hpp>
#include <weft/async/task.hpp>
#include <weft/async/task_group.hpp>
#include <weft/async/this_task.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

template <class T>
using value_or_monostate = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// Runs `t` and keeps its value in `slot`, which `slots` owns: the slots outlive the
// when_all frame if it unwinds while children still run (a spawn that fails).
template <class T>
weft::task<void> store_result(weft::task<T> t, [[maybe_unused]] std::shared_ptr<void> slots,
                              std::optional<value_or_monostate<T>>& slot) {
  if constexpr (std::is_void_v<T>) {
    co_await std::move(t);
    slot.emplace();
  } else {
    slot.emplace(co_await std::move(t));
  }
}

// The first of when_any's tasks to end, and what it ended with.
template <class T>
class race {
 public:
  // Whether `index` ended first; if so, every other entrant is asked to stop.
  bool claim(std::size_t index) {
    const auto held = lock_.hold();
    if (winner_) return false;
    winner_ = index;
    for (auto& entrant : entrants_) entrant.request_stop();
    return true;
  }
  void enter(std::stop_source entrant) {
    const auto held = lock_.hold();
    if (winner_) entrant.request_stop();
    entrants_.push_back(std::move(entrant));
  }
  void stop_all() {
    const auto held = lock_.hold();
    for (auto& entrant : entrants_) entrant.request_stop();
  }
  // After every entrant has ended.
  std::pair<std::size_t, value_or_monostate<T>> result() {
    if (error) std::rethrow_exception(error);
    return {*winner_, std::move(*value)};
  }

  std::optional<value_or_monostate<T>> value;  // written by the winner only
  std::exception_ptr error;                    // written by the winner only

 private:
  cross_task_lock lock_;
  std::optional<std::size_t> winner_;
  std::vector<std::stop_source> entrants_;
};

template <class T>
weft::task<void> race_entry(weft::task<T> t, std::size_t index, std::shared_ptr<race<T>> r) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(t);
      if (r->claim(index)) r->value.emplace();
    } else {
      auto value = co_await std::move(t);
      if (r->claim(index)) r->value.emplace(std::move(value));
    }
  } catch (...) {
    if (execution_unwinding()) throw;
    if (r->claim(index)) r->error = std::current_exception();
  }
}

// Plain functions, not lambdas in when_all's body: g++ 12 miscompiles a generic lambda
// that captures a coroutine's parameter pack.
template <class Slots, std::size_t... I, class... Ts>
void spawn_each(task_group& group, const std::shared_ptr<Slots>& slots, std::index_sequence<I...>,
                weft::task<Ts>... tasks) {
  (group.spawn(store_result(std::move(tasks), slots, std::get<I>(*slots))), ...);
}
template <class... Values, class Slots, std::size_t... I>
std::tuple<Values...> take_each(Slots& slots, std::index_sequence<I...>) {
  return std::tuple<Values...>(std::move(*std::get<I>(slots))...);
}

}  // namespace detail

// Runs every task side by side; returns all their values (see the file comment).
template <class... Ts>
task<std::tuple<detail::value_or_monostate<Ts>...>> when_all(task<Ts>... tasks) {
  auto slots = std::make_shared<std::tuple<std::optional<detail::value_or_monostate<Ts>>...>>();
  task_group group;
  detail::spawn_each(group, slots, std::index_sequence_for<Ts...>{}, std::move(tasks)...);
  co_await group.wait();
  co_return detail::take_each<detail::value_or_monostate<Ts>...>(*slots, std::index_sequence_for<Ts...>{});
}

// The same for any number of tasks of one type.
template <class T>
task<std::vector<detail::value_or_monostate<T>>> when_all(std::vector<task<T>> tasks) {
  auto slots = std::make_shared<std::vector<std::optional<detail::value_or_monostate<T>>>>(tasks.size());
  task_group group;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    group.spawn(detail::store_result(std::move(tasks[i]), slots, (*slots)[i]));
  }
  co_await group.wait();
  std::vector<detail::value_or_monostate<T>> values;
  values.reserve(slots->size());
  for (auto& slot : *slots) values.push_back(std::move(*slot));
  co_return values;
}

// Runs every task side by side; returns the index and value of the first to end (see
// the file comment). Requires at least one task.
template <class T>
task<std::pair<std::size_t, detail::value_or_monostate<T>>> when_any(std::vector<task<T>> tasks) {
  if (tasks.empty()) detail::task_misuse("weft::when_any of no task: nothing would ever end", {});
  auto r = std::make_shared<detail::race<T>>();
  std::vector<join_handle<void>> entrants;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    entrants.push_back(spawn(detail::race_entry(std::move(tasks[i]), i, r)));
    r->enter(entrants.back().get_stop_source());
  }
  {
    std::stop_callback pass_on(co_await this_task::stop_token(), [&r] { r->stop_all(); });
    for (auto& entrant : entrants) co_await entrant;
  }
  co_return r->result();
}

template <class T, class... More>
  requires(std::is_same_v<T, More> && ...)
task<std::pair<std::size_t, detail::value_or_monostate<T>>> when_any(task<T> first, task<More>... more) {
  std::vector<task<T>> tasks;
  tasks.reserve(1 + sizeof...(More));
  tasks.push_back(std::move(first));
  (tasks.push_back(std::move(more)), ...);
  co_return co_await when_any(std::move(tasks));
}

WEFT_END_NAMESPACE
