// The same bank code built against the pass-through shims: real std::mutex, real
// std::thread. This is what ships; it runs the correct transfer on real threads.
#include <cstdlib>
#include <iostream>
#include <vector>

#include <weft/thread.hpp>

#include "bank.hpp"

int main() {
  bank::account alice(1000);
  bank::account bob(1000);
  std::vector<weft::thread> workers;
  for (int i = 0; i < 4; ++i) {
    workers.emplace_back([&, i] {
      for (int n = 0; n < 1000; ++n) {
        if (i % 2 == 0) {
          bank::transfer(alice, bob, 3, bank::transfer_style::locked);
        } else {
          bank::transfer(bob, alice, 2, bank::transfer_style::locked);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  const auto sum = bank::total({&alice, &bob});
  std::cout << "total after 4000 real concurrent transfers: " << sum << '\n';
  return sum == 2000 ? EXIT_SUCCESS : EXIT_FAILURE;
}
