// The async account's test body: two deposits while a reader watches the balance; the
// ledger's last entry must be the account's balance. Shared by the example's test (under
// the simulator) and the pass-through build's test (on real threads).
#pragma once

#include <weft/assert.hpp>

#include "async_actor/async_account.hpp"

namespace example {

inline void deposits_while_reading(ledger_write style) {
  async_account account(100);
  weft::channel<long> deposits(2);
  weft::channel<long> entries(1);
  auto server = weft::spawn(account.serve(deposits, entries, style));
  auto ledger = weft::spawn(keep_ledger(entries));
  auto reader = weft::spawn([&]() -> weft::task<long> { co_return account.balance(); });
  deposits.send(20);
  deposits.send(30);
  deposits.close();
  server.join();
  const long last_entry = ledger.join();
  const long seen = reader.join();
  WEFT_ASSERT(seen >= 100 && seen <= 150, "the reader saw a balance the account never had");
  WEFT_ASSERT(last_entry == account.balance(), "the ledger disagrees with the account");
}

}  // namespace example
