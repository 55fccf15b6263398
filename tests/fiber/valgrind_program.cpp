// A short weft program for memcheck (ctest runs it under valgrind when valgrind is
// installed): threads switching on mutexes, condition variables and channels, exceptions
// caught inside threads, and a failing exploration torn down. memcheck must find no
// error; without weft registering each fiber stack it found thousands.
#include <cstdio>
#include <mutex>
#include <stdexcept>

#include <weft/explore.hpp>
#include <weft/weft.hpp>

namespace {

void busy_threads() {
  weft::mutex m;
  weft::condition_variable ready;
  weft::channel<int> items(2);
  int produced = 0;
  weft::thread producer([&] {
    for (int i = 1; i <= 4; ++i) items.send(i);
    items.close();
    std::lock_guard lock(m);
    produced = 4;
    ready.notify_one();
  });
  weft::thread thrower([&] {
    try {
      std::lock_guard lock(m);
      throw std::runtime_error("caught in its thread");
    } catch (const std::runtime_error&) {
    }
  });
  int sum = 0;
  while (auto item = items.recv()) sum += *item;
  {
    std::unique_lock lock(m);
    ready.wait(lock, [&] { return produced == 4; });
  }
  producer.join();
  thrower.join();
  WEFT_ASSERT(sum == 10);
}

void lost_update() {
  weft::atomic<int> x{0};
  weft::thread a([&] { x.store(x.load() + 1); });
  weft::thread b([&] { x.store(x.load() + 1); });
  a.join();
  b.join();
  WEFT_ASSERT(x.load() == 2, "lost update");
}

}  // namespace

int main() {
  weft::options opt;
  opt.iterations = 50;
  opt.minimize_seconds = 0;
  const weft::report passing = weft::explore(opt, busy_threads);
  const weft::report failing = weft::explore(opt, lost_update);
  if (passing.failed() || failing.kind() != weft::failure_kind::assertion) {
    std::fprintf(stderr, "unexpected results:\n");
    if (passing.failed()) std::fprintf(stderr, "%s\n", passing.message().c_str());
    std::fprintf(stderr, "lost update: %s\n", failing.message().c_str());
    return 1;
  }
  std::puts("passing body passed, lost update found");
  return 0;
}
