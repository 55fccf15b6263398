// free and realloc, so that memory freed inside an execution and allocated again is a new
// location to the data-race checks of plain accesses (plain_races.hpp): the C library's
// allocator orders a free before the next allocation of the same bytes with locks of its
// own, which weft does not see, so without this a write to the new object would race with
// the accesses to the old one. The calls go on to the next definition (the C library's, or
// a sanitizer's interceptor).
#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "intercepted_call.hpp"
#include "os_thread/real_calls.hpp"
#include "plain_races.hpp"

// A sanitizer's own free and realloc, when one is linked in (AddressSanitizer: weft's
// definitions come before its in the lookup order); weak, so null without one. Called
// directly: free's first call may come while the sanitizer starts, before a lookup
// (dlsym) may run.
extern "C" {
[[gnu::weak]] void __interceptor_free(void* block);
[[gnu::weak]] void* __interceptor_realloc(void* block, std::size_t size);
}

namespace weft::inline sim_v1::detail::interpose {

namespace {

using free_function = void(void*);
using realloc_function = void*(void*, std::size_t);

// Kept without a function-local static: its guard would be a call weft interposes,
// inside the allocator.
std::atomic<realloc_function*> next_realloc{nullptr};

// free's lookup frees the error strings of earlier failed lookups (glibc's dlerror), with
// free: the blocks freed while it runs wait here for it to end. The lookup runs at the
// process's first free, before it has threads.
free_function* next_free = nullptr;  // read and written with __atomic builtins
thread_local bool finding_free = false;
void* freed_while_finding[16];
std::size_t freed_while_finding_count = 0;

// Not instrumented by AddressSanitizer (weft's own sanitizer builds): free's first calls
// come while it starts, before its instrumentation may run.
#define WEFT_BEFORE_SANITIZER __attribute__((no_sanitize("address")))

// `freeing`: the block whose free called this, which the lookup may free again (the error
// string the lookup frees first may be the one being freed), and the caller frees.
WEFT_BEFORE_SANITIZER free_function* free_after_weft(const void* freeing) noexcept {
  if (__interceptor_free != nullptr) {
    __atomic_store_n(&next_free, &__interceptor_free, __ATOMIC_RELEASE);
    return &__interceptor_free;
  }
  finding_free = true;
  auto* found = reinterpret_cast<free_function*>(real::next_symbol("free"));
  finding_free = false;
  for (std::size_t i = 0; i < freed_while_finding_count; ++i) {
    if (freed_while_finding[i] != freeing) found(freed_while_finding[i]);
  }
  freed_while_finding_count = 0;
  __atomic_store_n(&next_free, found, __ATOMIC_RELEASE);
  return found;
}

// Whether freeing `block` may have something to forget.
WEFT_BEFORE_SANITIZER bool worth_forgetting(const void* block) noexcept {
  return block != nullptr && __atomic_load_n(&plain_accesses_recorded, __ATOMIC_RELAXED) && intercepting();
}

// Forgets the accesses to the `size` bytes at `block`, which are being freed.
void forget(void* block, std::size_t size) noexcept {
  forget_plain_accesses(reinterpret_cast<std::uintptr_t>(block), size);
}

}  // namespace

}  // namespace weft::detail::interpose

using namespace weft::detail;
using namespace weft::detail::interpose;

extern "C" WEFT_BEFORE_SANITIZER void free(void* block) noexcept {
  free_function* next = __atomic_load_n(&next_free, __ATOMIC_ACQUIRE);
  if (next == nullptr) {
    if (finding_free) {
      // Freed once the lookup ends; beyond the room here, never (a few bytes, once).
      if (freed_while_finding_count < sizeof freed_while_finding / sizeof freed_while_finding[0]) {
        freed_while_finding[freed_while_finding_count++] = block;
      }
      return;
    }
    next = free_after_weft(block);
  }
  if (worth_forgetting(block)) forget(block, malloc_usable_size(block));
  next(block);
}

extern "C" WEFT_BEFORE_SANITIZER void* realloc(void* block, std::size_t size) noexcept {
  const std::size_t had = worth_forgetting(block) ? malloc_usable_size(block) : 0;
  realloc_function* next = __interceptor_realloc != nullptr ? &__interceptor_realloc
                                                             : real::next_symbol_kept(next_realloc, "realloc");
  void* moved = next(block, size);
  // The old block is freed when the new one is elsewhere, or when size 0 freed it; a
  // failed realloc leaves it as it was; one that shrank it where it is freed its tail.
  if (had == 0) return moved;
  if (moved != block && (moved != nullptr || size == 0)) {
    forget(block, had);
  } else if (moved == block) {
    const std::size_t kept = malloc_usable_size(block);
    if (kept < had) forget(static_cast<char*>(block) + kept, had - kept);
  }
  return moved;
}
