// The cache's test body: two readers ask for quotes at once. Checked twice: with weft's
// lock-across-blocking check (which names the lock and the call at once), and without it,
// where the dependency's callback into the cache deadlocks.
#pragma once

#include <weft/assert.hpp>
#include <weft/thread.hpp>

#include "cache/quote_cache.hpp"
#include "example_case.hpp"

namespace example {

inline void two_readers(refresh_style style) {
  quote_service service;
  quote_cache cache(service, style);
  int seen[2] = {0, 0};
  weft::thread reader([&] {
    weft::this_thread::set_name("reader");
    seen[0] = cache.get("ACME");
  });
  seen[1] = cache.get("ACME") + cache.get("INITECH");
  reader.join();
  WEFT_ASSERT(seen[0] > 0 && seen[1] > 0, "a reader got no quote");
}

inline example_case lock_held_across_slow_call() {
  return {
      .example = "cache",
      .bug = "the cache's mutex is held across the slow call (lock-across-blocking check on)",
      .kind = weft::failure_kind::lock_across_blocking,
      .budget = 10,
      .wrong = [] { two_readers(refresh_style::lock_held_across_call); },
      .right = [] { two_readers(refresh_style::call_outside_lock); },
      .configure = [](weft::options& opt) { opt.check_lock_across_blocking = true; },
  };
}

inline example_case dependency_calls_back_into_cache() {
  return {
      .example = "cache",
      .bug = "the dependency calls back into the cache while it holds its mutex (check off)",
      .kind = weft::failure_kind::deadlock,
      .budget = 10,
      .wrong = [] { two_readers(refresh_style::lock_held_across_call); },
      .right = [] { two_readers(refresh_style::call_outside_lock); },
      .configure = [](weft::options& opt) { opt.check_lock_across_blocking = false; },
  };
}

}  // namespace example
