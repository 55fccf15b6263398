// The async account's bug as an example_case: the ledger written holding the account's
// mutex, and written after releasing it.
#pragma once

#include "async_actor/deposits_while_reading.hpp"
#include "example_case.hpp"

namespace example {

inline example_case lock_held_across_co_await() {
  return {
      .example = "async_actor",
      .bug = "the account's mutex is held across the co_await that writes the ledger",
      .kind = weft::failure_kind::lock_across_await,
      .budget = 10,
      .wrong = [] { deposits_while_reading(ledger_write::holding_the_lock); },
      .right = [] { deposits_while_reading(ledger_write::after_releasing_it); },
  };
}

}  // namespace example
