#include "fiber/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <new>
#include <system_error>
#include <vector>

#include "fiber/sanitizers.hpp"
#include "fiber/valgrind.hpp"

namespace weft::inline sim_v1::detail {

namespace {
std::size_t page_size() noexcept { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

std::size_t round_up(std::size_t n, std::size_t to) noexcept { return (n + to - 1) / to * to; }

// Larger than any frame that code compiled without stack clash protection is likely to
// have: one page would let a 5 KiB local array jump it.
constexpr std::size_t guard_bytes = 64 * 1024;

// Maps `length` bytes whose first `guard` bytes are a guard region; returns the lowest
// address. Throws as stack_pool::allocate() does.
void* map_stack(std::size_t guard, std::size_t length) {
  void* base = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) throw std::bad_alloc();
  if (::mprotect(base, guard, PROT_NONE) != 0) {
    const int error = errno;  // ENOMEM: too many mappings (vm.max_map_count)
    ::munmap(base, length);
    throw std::system_error(error, std::generic_category(), "weft: cannot protect a fiber stack's guard region");
  }
  return base;
}
}  // namespace

stack_pool::stack_pool(std::size_t stack_size)
    : stack_size_(round_up(stack_size, page_size())),
      guard_size_(round_up(guard_bytes, page_size())),
      mapping_size_(guard_size_ + stack_size_ + page_size()) {}

bool stack_pool::serves(std::size_t stack_size) const noexcept {
  return round_up(stack_size, page_size()) == stack_size_;
}

stack_pool::~stack_pool() {
  for (const mapping& m : all_) {
    char* bottom = static_cast<char*>(m.base) + guard_size_;
    sanitizers::free_fake_stack(*fake_stack_keeper(bottom + stack_size_), bottom, stack_size_);
    valgrind::deregister_stack(m.valgrind_id);
    ::munmap(m.base, mapping_size_);
  }
}

boost::context::stack_context stack_pool::allocate() {
  void* base;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
  } else {
    // Reserved first: once mapped, the stack is recorded without a throw.
    all_.reserve(all_.size() + 1);
    free_.reserve(all_.size() + 1);
    base = map_stack(guard_size_, mapping_size_);
    char* bottom = static_cast<char*>(base) + guard_size_;
    all_.push_back({base, valgrind::register_stack(bottom, bottom + stack_size_)});
  }
  boost::context::stack_context stack;
  stack.size = stack_size_;
  stack.sp = static_cast<char*>(base) + guard_size_ + stack_size_;
  last_ = stack;
  return stack;
}

void stack_pool::deallocate(boost::context::stack_context& stack) noexcept {
  char* bottom = static_cast<char*>(stack.sp) - stack.size;
  sanitizers::unpoison(bottom, stack.size);
  free_.push_back(bottom - guard_size_);  // capacity reserved in allocate(): no throw
}

void stack_pool::abandon(void* stack_bottom) noexcept {
  void* base = static_cast<char*>(stack_bottom) - guard_size_;
  std::erase_if(all_, [base](const mapping& m) { return m.base == base; });
}

void** stack_pool::fake_stack_keeper(void* stack_top) noexcept {
  // The first word above the stack, in the page mapped for it: no frame reaches it, and
  // nothing poisons it.
  return static_cast<void**>(stack_top);
}

}  // namespace weft::detail
