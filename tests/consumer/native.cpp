#include <mutex>

#include <weft/weft.hpp>

int main() {
  weft::mutex m;
  int count = 0;
  weft::thread t([&] { std::lock_guard g(m); ++count; });
  t.join();
  return count == 1 ? 0 : 1;
}
