#include "api/backends.hpp"

#include <algorithm>
#include <atomic>
#include <memory>

#include "fiber/fiber_backend.hpp"
#include "os_thread/os_thread_backend.hpp"

namespace weft::inline sim_v1::detail {

namespace {

std::atomic<bool> os_threads_preferred{false};

// The stack an OS thread gets at least: what glibc gives a thread under the usual
// `ulimit -s`, as the code under test expects of a real one.
constexpr std::size_t min_os_thread_stack = std::size_t{8} << 20;

}  // namespace

void prefer_os_threads() noexcept { os_threads_preferred.store(true, std::memory_order_relaxed); }

execution_backend& backend_for(const options& opt) {
  const bool os_threads = opt.threads == thread_backend::os_threads ||
                          (opt.threads == thread_backend::automatic && os_threads_preferred.load(std::memory_order_relaxed));
  if (os_threads) {
    thread_local std::unique_ptr<os_thread_backend> threads;
    const std::size_t stack_size = std::max(opt.stack_size, min_os_thread_stack);
    if (!threads || threads->stack_size() != stack_size) threads = std::make_unique<os_thread_backend>(stack_size);
    return *threads;
  }
  stack_pool::set_mapping_budget(opt.max_stack_mappings);
  thread_local std::unique_ptr<fiber_backend> fibers;
  if (!fibers || !fibers->serves(opt.stack_size)) fibers = std::make_unique<fiber_backend>(opt.stack_size);
  return *fibers;
}

}  // namespace weft::detail
