// The demo: weft finds the bank's overdraft race from scratch, prints what happened,
// replays the failing schedule from its token, and checks the correct version.
#include <cstdlib>
#include <iostream>

#include <weft/assert.hpp>
#include <weft/explore.hpp>
#include <weft/thread.hpp>

#include "bank.hpp"

namespace {

// Alice has 100; two transfers of 80 each race to spend it.
void two_transfers(bank::transfer_style style) {
  bank::account alice(100);
  bank::account bob(0);
  bank::account carol(0);
  weft::thread to_bob([&] {
    weft::this_thread::set_name("pay-bob");
    bank::transfer(alice, bob, 80, style);
  });
  weft::thread to_carol([&] {
    weft::this_thread::set_name("pay-carol");
    bank::transfer(alice, carol, 80, style);
  });
  to_bob.join();
  to_carol.join();
  WEFT_ASSERT(alice.balance >= 0, "alice's account went negative");
  WEFT_ASSERT(bank::total({&alice, &bob, &carol}) == 100, "money was created or lost");
}

}  // namespace

int main() {
  weft::options opt;
  opt.iterations = 10000;

  std::cout << "== exploring the check-then-act transfer (" << opt.strategy << ", up to "
            << opt.iterations << " executions)\n\n";
  const weft::report found = weft::explore(opt, [] { two_transfers(bank::transfer_style::check_then_act); });
  std::cout << found << '\n';
  if (!found.failed()) {
    std::cout << "weft did not find the bug: this is a regression in weft\n";
    return EXIT_FAILURE;
  }

  std::cout << "== replaying token " << found.replay_token() << "\n\n";
  const weft::report again =
      weft::replay(found.replay_token(), [] { two_transfers(bank::transfer_style::check_then_act); });
  const bool same = again.kind() == found.kind() && again.message() == found.message() &&
                    again.trace().size() == found.trace().size();
  std::cout << "replay: " << to_string(again.kind()) << ", " << again.trace().size() << " events -> "
            << (same ? "the same failure and the same trace" : "DIFFERENT from the first run") << "\n\n";

  std::cout << "== exploring the locked transfer\n";
  const weft::report fixed = weft::explore(opt, [] { two_transfers(bank::transfer_style::locked); });
  std::cout << fixed;
  return same && !fixed.failed() ? EXIT_SUCCESS : EXIT_FAILURE;
}
