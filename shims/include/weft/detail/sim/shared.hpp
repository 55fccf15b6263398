// weft::shared<T> in the simulated build: a plain value whose every access is checked
// against happens-before (see weft/shared.hpp).
#pragma once

#include <source_location>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/shared_core.hpp>

WEFT_BEGIN_NAMESPACE

template <class T>
class shared {
  using loc = std::source_location;

 public:
  shared(detail::call_site declared = {}) : value_(), core_(declared) {}
  explicit shared(T value, detail::call_site declared = {}) : value_(std::move(value)), core_(declared) {}
  shared(const shared&) = delete;
  shared& operator=(const shared&) = delete;

  // A read of the value: the reference is for reading now, not for keeping.
  const T& read(loc where = loc::current()) const {
    core_.read(where);
    return value_;
  }
  // A write: the reference is for writing (or reading and writing) now.
  T& write(loc where = loc::current()) {
    core_.write(where);
    return value_;
  }
  T load(loc where = loc::current()) const { return read(where); }
  void store(T value, loc where = loc::current()) { write(where) = std::move(value); }

  operator T() const { return read(loc{}); }
  shared& operator=(T value) {
    write(loc{}) = std::move(value);
    return *this;
  }

 private:
  T value_;
  mutable detail::shared_core core_;
};

WEFT_END_NAMESPACE
