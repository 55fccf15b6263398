// weft::sim without GoogleTest: explore a body, print the report, exit non-zero unless
// the lost update was found.
#include <iostream>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

int main() {
  weft::options opt;
  opt.iterations = 1000;
  const weft::report r = weft::explore(opt, [] {
    weft::atomic<int> x{0};
    weft::thread a([&] { x.store(x.load() + 1); });
    weft::thread b([&] { x.store(x.load() + 1); });
    a.join();
    b.join();
    WEFT_ASSERT(x.load() == 2);
  });
  std::cout << r;
  return r.kind() == weft::failure_kind::assertion ? 0 : 1;
}
