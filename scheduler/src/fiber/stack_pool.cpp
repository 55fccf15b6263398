#include "fiber/stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <weft/errors.hpp>

#include "fiber/sanitizers.hpp"
#include "fiber/valgrind.hpp"

namespace weft::inline sim_v1::detail {

namespace {
std::size_t page_size() noexcept { return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

std::size_t round_up(std::size_t n, std::size_t to) noexcept { return (n + to - 1) / to * to; }

// Larger than any frame that code compiled without stack clash protection is likely to
// have: one page would let a 5 KiB local array jump it.
constexpr std::size_t guard_bytes = 64 * 1024;

// The kernel's default, for a system that does not say.
constexpr std::size_t default_max_map_count = 65530;

std::size_t max_map_count() {
  static const std::size_t count = [] {
    std::size_t n = 0;
    std::ifstream("/proc/sys/vm/max_map_count") >> n;
    return n != 0 ? n : default_max_map_count;
  }();
  return count;
}

// Mappings the pools of this process hold, and how many they may (0: the default).
std::atomic<std::size_t> mappings_held{0};
std::atomic<std::size_t> mapping_budget_setting{0};

std::size_t mapping_budget() {
  const std::size_t set = mapping_budget_setting.load(std::memory_order_relaxed);
  return set != 0 ? set : max_map_count() / 2;
}

// Whether `more` mappings fit in `budget`, counting those held; takes them if so.
bool take_mappings(std::size_t more, std::size_t budget) noexcept {
  std::size_t held = mappings_held.load(std::memory_order_relaxed);
  do {
    if (held + more > budget) return false;
  } while (!mappings_held.compare_exchange_weak(held, held + more, std::memory_order_relaxed));
  return true;
}

void give_back_mappings(std::size_t count) noexcept { mappings_held.fetch_sub(count, std::memory_order_relaxed); }

std::string kib(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }
}  // namespace

stack_pool::stack_pool(std::size_t stack_size)
    : stack_size_(round_up(stack_size, page_size())),
      guard_size_(round_up(guard_bytes, page_size())),
      slot_size_(guard_size_ + stack_size_ + page_size()) {}

void stack_pool::set_mapping_budget(std::size_t mappings) noexcept {
  mapping_budget_setting.store(mappings, std::memory_order_relaxed);
}

bool stack_pool::serves(std::size_t stack_size) const noexcept {
  return round_up(stack_size, page_size()) == stack_size_;
}

stack_pool::~stack_pool() {
  for (const stack& s : all_) {
    char* bottom = s.base + guard_size_;
    sanitizers::free_fake_stack(*fake_stack_keeper(bottom + stack_size_), bottom, stack_size_);
    valgrind::deregister_stack(s.valgrind_id);
    if (!s.in_block) {
      ::munmap(s.base, slot_size_);
      give_back_mappings(2);
    }
  }
  for (const block& b : blocks_) {
    if (b.kept) continue;
    ::munmap(b.base, block_size());
    give_back_mappings(2);
  }
}

void stack_pool::refuse(const std::string& limit, const std::string& remedy) const {
  // Stacks in use: one per thread of the execution that asks (a finished thread's fiber
  // keeps its stack for the same thread of the next execution).
  const std::size_t in_use = all_.size() - free_.size();
  throw resource_error("weft: cannot make a stack for another simulated thread: " + std::to_string(in_use) +
                       " threads have one already, of " + kib(stack_size_) + " each, and " + limit +
                       ". Run fewer simulated threads at once, or " + remedy);
}

// The two refusals a mapping can meet, for refuse().
namespace {
const char* const out_of_memory =
    "the system refused the memory for more (out of memory, or out of memory mappings: vm.max_map_count)";
std::string out_of_mappings() {
  return "the kernel's limit on a process's memory mappings (vm.max_map_count = " + std::to_string(max_map_count()) +
         ") is reached";
}
}  // namespace

char* stack_pool::map_guarded() {
  void* base = ::mmap(nullptr, slot_size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) {
    give_back_mappings(2);
    refuse(out_of_memory, "lower options::stack_size / WEFT_STACK_SIZE");
  }
  // Never a guarded stack without its guard: a refused guard region is a refused stack.
  if (::mprotect(base, guard_size_, PROT_NONE) != 0) {
    const int error = errno;
    ::munmap(base, slot_size_);
    give_back_mappings(2);
    if (error == ENOMEM) {
      refuse(out_of_mappings(),
             "lower options::max_stack_mappings / WEFT_STACK_MAPPINGS (more stacks then share a mapping), or raise "
             "vm.max_map_count");
    }
    refuse(std::string("the system refused to protect a stack's guard region (") + std::strerror(error) + ")",
           "lower options::stack_size / WEFT_STACK_SIZE");
  }
  return static_cast<char*>(base);
}

char* stack_pool::carve_from_block() {
  if (newest_block_ == nullptr || carved_ == stacks_per_block) {
    if (!take_mappings(2, mapping_budget())) {
      refuse("their stacks have taken all " + std::to_string(mapping_budget()) +
                 " memory mappings allowed (options::max_stack_mappings / WEFT_STACK_MAPPINGS; 0 means half of "
                 "vm.max_map_count, which is " +
                 std::to_string(max_map_count()) + " here)",
             "raise WEFT_STACK_MAPPINGS (and vm.max_map_count)");
    }
    // Reserved first: once mapped, the block is recorded without a throw.
    if (blocks_.size() == blocks_.capacity()) blocks_.reserve(2 * blocks_.size() + 4);
    void* base =
        ::mmap(nullptr, block_size(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
      give_back_mappings(2);
      refuse(out_of_memory, "lower options::stack_size / WEFT_STACK_SIZE");
    }
    // Red zones must stay non-resident until an overflow touches them: a transparent
    // huge page would make a whole 2 MiB resident at the first touch above one.
    ::madvise(base, block_size(), MADV_NOHUGEPAGE);
    if (::mprotect(base, guard_size_, PROT_NONE) != 0) {
      ::munmap(base, block_size());
      give_back_mappings(2);
      refuse(out_of_mappings(), "raise vm.max_map_count");
    }
    const block made{static_cast<char*>(base), false};
    blocks_.insert(std::upper_bound(blocks_.begin(), blocks_.end(), made,
                                    [](const block& a, const block& b) { return a.base < b.base; }),
                   made);
    newest_block_ = made.base;
    carved_ = 0;
  }
  // From the top down, as the kernel places new mappings: a stack made later lies below
  // one made earlier, whichever kind.
  ++carved_;
  return newest_block_ + guard_size_ + (stacks_per_block - carved_) * slot_size_;
}

boost::context::stack_context stack_pool::allocate() {
  char* base;
  bool in_block;
  if (!free_.empty()) {
    base = free_.back();
    free_.pop_back();
    in_block = block_of(base) != nullptr;
  } else {
    // Reserved first (growing geometrically: a pool may hold 100,000 stacks): once
    // mapped, the stack is recorded without a throw.
    if (all_.size() == all_.capacity()) all_.reserve(2 * all_.size() + 16);
    if (free_.capacity() < all_.capacity()) free_.reserve(all_.capacity());
    // Guarded stacks while they leave an eighth of the budget (at least one block's two
    // mappings) for blocks: a stack from a block is checked for overflow with a system
    // call at each switch, so blocks are for threads past the first ~14,000 by default.
    const std::size_t budget = mapping_budget();
    in_block = !take_mappings(2, budget - std::min(budget, std::max<std::size_t>(budget / 8, 2)));
    base = in_block ? carve_from_block() : map_guarded();
    char* bottom = base + guard_size_;
    all_.push_back({base, valgrind::register_stack(bottom, bottom + stack_size_), in_block});
  }
  boost::context::stack_context stack;
  stack.size = stack_size_;
  stack.sp = base + guard_size_ + stack_size_;
  last_in_block_ = in_block;
  return stack;
}

void stack_pool::deallocate(boost::context::stack_context& stack) noexcept {
  char* bottom = static_cast<char*>(stack.sp) - stack.size;
  sanitizers::unpoison(bottom, stack.size);
  free_.push_back(bottom - guard_size_);  // capacity reserved in allocate(): no throw
}

void stack_pool::abandon(void* stack_bottom) noexcept {
  char* base = static_cast<char*>(stack_bottom) - guard_size_;
  if (const block* b = block_of(base)) {
    blocks_[static_cast<std::size_t>(b - blocks_.data())].kept = true;
  }
  std::erase_if(all_, [base](const stack& s) { return s.base == base; });
}

const stack_pool::block* stack_pool::block_of(const void* address) const noexcept {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  auto after = std::upper_bound(blocks_.begin(), blocks_.end(), at, [](std::uintptr_t a, const block& b) {
    return a < reinterpret_cast<std::uintptr_t>(b.base);
  });
  if (after == blocks_.begin()) return nullptr;
  const block& b = *(after - 1);
  return at < reinterpret_cast<std::uintptr_t>(b.base) + block_size() ? &b : nullptr;
}

bool stack_pool::red_zone_touched(const void* stack_bottom) const noexcept {
  constexpr std::size_t most_pages = guard_bytes / 4096;
  unsigned char resident[most_pages];
  const std::size_t pages = std::min(guard_size_ / page_size(), most_pages);
  void* zone = static_cast<char*>(const_cast<void*>(stack_bottom)) - guard_size_;
  if (::mincore(zone, pages * page_size(), resident) != 0) return false;
  return std::any_of(resident, resident + pages, [](unsigned char page) { return (page & 1) != 0; });
}

const void* stack_pool::block_floor(const void* stack_bottom) const noexcept {
  const block* b = block_of(stack_bottom);
  return b != nullptr ? b->base : stack_bottom;
}

void** stack_pool::fake_stack_keeper(void* stack_top) noexcept {
  // The first word above the stack, in the page mapped for it: no frame reaches it, and
  // nothing poisons it.
  return static_cast<void**>(stack_top);
}

}  // namespace weft::detail
