// weft::shared<T>: plain (non-atomic) data shared between threads, whose accesses weft
// checks for data races.
//
//   weft::shared<int> hits;            // declared where the plain int would be
//   hits.write() += 1;                 // a write (a read-modify-write is a write)
//   int seen = hits.read();            // a read
//   hits = 0; int now = hits;          // the same, without the caller's line in reports
//
// Under weft::sim two accesses of different threads, at least one a write, that no
// happens-before orders (no lock, join, channel, release/acquire pair, ... between them)
// fail the execution as a data_race naming both lines; making the cell is a write by the
// thread that makes it (an object published without release/acquire races on its shared
// fields). Accesses are not scheduling points: the race is found from the order the
// accesses ran in, in any execution where both run (Relacy's rl::var and Loom's
// UnsafeCell check the same way). In the pass-through build it is a T and its accessors
// are inline: no cost.
#pragma once

#include <weft/config.hpp>

#if WEFT_SIM
#include <weft/detail/sim/shared.hpp>
#else
#include <source_location>
#include <utility>

WEFT_BEGIN_NAMESPACE

template <class T>
class shared {
  using loc = std::source_location;

 public:
  shared() = default;
  explicit shared(T value) : value_(std::move(value)) {}
  shared(const shared&) = delete;
  shared& operator=(const shared&) = delete;

  const T& read(loc = loc::current()) const noexcept { return value_; }
  T& write(loc = loc::current()) noexcept { return value_; }
  T load(loc = loc::current()) const { return value_; }
  void store(T value, loc = loc::current()) { value_ = std::move(value); }
  operator T() const { return value_; }
  shared& operator=(T value) {
    value_ = std::move(value);
    return *this;
  }

 private:
  T value_{};
};

WEFT_END_NAMESPACE
#endif
