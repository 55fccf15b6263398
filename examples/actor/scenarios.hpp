// The account actor's test body: a client deposits, then withdraws, and checks what it
// was told against the account's own books.
#pragma once

#include <chrono>
#include <optional>

#include <weft/assert.hpp>

#include "actor/account_actor.hpp"
#include "example_case.hpp"

namespace example {

inline void deposit_then_withdraw(reply_routing routing) {
  using namespace std::chrono_literals;
  account_actor account(100, 5ms);
  account_client client(account, routing, 50ms);
  client.deposit(50);  // if this times out, the deposit may still happen
  const std::optional<account_reply> after = client.withdraw(30);
  account.stop();
  if (after) {
    WEFT_ASSERT(after->balance == account.audited_balance(),
                "the client was told a balance the account does not hold: a late reply answered the wrong request");
  }
}

inline example_case shared_reply_channel() {
  return {
      .example = "actor",
      .bug = "a late reply answers the next request",
      .kind = weft::failure_kind::assertion,
      .budget = 2000,
      .wrong = [] { deposit_then_withdraw(reply_routing::one_channel_per_client); },
      .right = [] { deposit_then_withdraw(reply_routing::one_channel_per_request); },
  };
}

}  // namespace example
