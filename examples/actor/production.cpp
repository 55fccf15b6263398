// The same account actor built against the pass-through shims: real std::thread, real
// channels, real time. This is what ships; four clients hammer one account.
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <vector>

#include <weft/thread.hpp>

#include "actor/account_actor.hpp"

int main() {
  using namespace std::chrono_literals;
  constexpr long requests_per_client = 500;
  long confirmed = 0;
  {
    example::account_actor account(0, 0ms);
    std::vector<weft::thread> clients;
    std::vector<long> confirmed_by(4, 0);
    for (std::size_t i = 0; i < confirmed_by.size(); ++i) {
      clients.emplace_back([&, i] {
        example::account_client client(account, example::reply_routing::one_channel_per_request, 10s);
        for (long n = 0; n < requests_per_client; ++n) {
          if (client.deposit(1)) ++confirmed_by[i];
        }
      });
    }
    for (auto& c : clients) c.join();
    account.stop();
    for (long c : confirmed_by) confirmed += c;
    std::cout << "4 clients on real threads: " << confirmed << " deposits confirmed, account holds "
              << account.audited_balance() << '\n';
    if (account.audited_balance() != 4 * requests_per_client) return EXIT_FAILURE;
  }
  return confirmed == 4 * requests_per_client ? EXIT_SUCCESS : EXIT_FAILURE;
}
