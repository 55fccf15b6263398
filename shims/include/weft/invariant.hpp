// weft::always and weft::eventually: properties of shared state checked while the
// threads run, not only at the end.
//
//   auto positive = weft::always([&] { return balance.load() >= 0; }, "balance >= 0");
//   auto drained  = weft::eventually([&] { return queue.empty(); }, 500, "queue drains");
//
// Simulated build: the predicate is evaluated at every scheduling point (after every
// visible operation of any thread) while the returned guard lives. always() fails the
// execution at the first step where it does not hold; eventually() fails if it has not
// held within `within_steps` scheduling points, or by the time its guard goes out of
// scope. Predicates may read weft atomics; those reads are not scheduling points.
// Pass-through build: nothing is checked.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <source_location>
#include <utility>

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/runtime.hpp>
#endif

WEFT_BEGIN_NAMESPACE

// Keeps an invariant registered while it lives. Move-only.
class [[nodiscard]] invariant {
 public:
  invariant(invariant&& other) noexcept
      : predicate_(std::move(other.predicate_)), id_(std::exchange(other.id_, 0)) {}
  invariant& operator=(invariant&&) = delete;
  ~invariant() {
#if WEFT_SIM
    if (id_ != 0) detail::remove_invariant(id_);
#endif
  }

  template <class Predicate>
  static invariant make(Predicate predicate, const char* name, std::uint64_t within_steps, std::source_location where) {
    invariant result(std::make_unique<std::function<bool()>>(std::move(predicate)));
#if WEFT_SIM
    result.id_ = detail::add_invariant(&evaluate, result.predicate_.get(), name, within_steps, where);
#else
    (void)name;
    (void)within_steps;
    (void)where;
#endif
    return result;
  }

 private:
  explicit invariant(std::unique_ptr<std::function<bool()>> predicate) : predicate_(std::move(predicate)) {}
  static bool evaluate(void* predicate) { return (*static_cast<std::function<bool()>*>(predicate))(); }

  std::unique_ptr<std::function<bool()>> predicate_;
  std::uint64_t id_ = 0;
};

template <class Predicate>
invariant always(Predicate predicate, const char* name = "predicate",
                 std::source_location where = std::source_location::current()) {
  return invariant::make(std::move(predicate), name, 0, where);
}

template <class Predicate>
invariant eventually(Predicate predicate, std::uint64_t within_steps, const char* name = "predicate",
                     std::source_location where = std::source_location::current()) {
  return invariant::make(std::move(predicate), name, within_steps == 0 ? 1 : within_steps, where);
}

WEFT_END_NAMESPACE
