#include "fiber/sanitizers.hpp"

// The sanitizer runtimes' interface (sanitizer/common_interface_defs.h, asan_interface.h,
// lsan_interface.h), declared weak: an address is null unless a runtime linked into the
// process defines the function.
extern "C" {
[[gnu::weak]] void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, std::size_t size);
[[gnu::weak]] void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old,
                                                   std::size_t* size_old);
[[gnu::weak]] void __asan_unpoison_memory_region(const volatile void* begin, std::size_t size);
[[gnu::weak]] void* __asan_addr_is_in_fake_stack(void* fake_stack, void* address, void** begin, void** end);
[[gnu::weak]] void __lsan_register_root_region(const void* begin, std::size_t size);
[[gnu::weak]] void __lsan_ignore_object(const void* p);
[[gnu::weak]] void __sanitizer_set_death_callback(void (*callback)());
}

namespace weft::inline sim_v1::detail::sanitizers {

bool tracks_stack_switches() noexcept {
  return __sanitizer_start_switch_fiber != nullptr && __sanitizer_finish_switch_fiber != nullptr;
}

// Not instrumented: ending a fiber frees the fake stack a fake frame of its own would be in.
[[gnu::no_sanitize_address]] void start_switch(void** fake_stack_save, const void* bottom,
                                              std::size_t size) noexcept {
  if (__sanitizer_start_switch_fiber != nullptr) __sanitizer_start_switch_fiber(fake_stack_save, bottom, size);
}

void finish_switch(void* fake_stack) noexcept {
  if (__sanitizer_finish_switch_fiber != nullptr) __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
}

// ASan frees a fake stack only when the fiber that owns it ends: this becomes that fiber,
// in ASan's books only (the stack does not change), and ends it.
[[gnu::no_sanitize_address]] void free_fake_stack(void* fake_stack, const void* bottom, std::size_t size) noexcept {
  if (fake_stack == nullptr || __sanitizer_start_switch_fiber == nullptr ||
      __sanitizer_finish_switch_fiber == nullptr) {
    return;
  }
  void* own_fake_stack = nullptr;
  const void* own_bottom = nullptr;
  std::size_t own_size = 0;
  __sanitizer_start_switch_fiber(&own_fake_stack, bottom, size);
  __sanitizer_finish_switch_fiber(fake_stack, &own_bottom, &own_size);
  __sanitizer_start_switch_fiber(nullptr, own_bottom, own_size);
  __sanitizer_finish_switch_fiber(own_fake_stack, nullptr, nullptr);
}

// ASan tells a stack's bounds only to the switch that leaves it: this leaves the running
// stack for "no stack" and comes straight back, running nothing ASan instruments between.
[[gnu::no_sanitize_address]] void running_stack(void** bottom, std::size_t* size) noexcept {
  if (__sanitizer_start_switch_fiber == nullptr || __sanitizer_finish_switch_fiber == nullptr) return;
  void* fake_stack = nullptr;
  const void* found = nullptr;
  std::size_t found_size = 0;
  __sanitizer_start_switch_fiber(&fake_stack, nullptr, 0);
  __sanitizer_finish_switch_fiber(fake_stack, &found, &found_size);
  __sanitizer_start_switch_fiber(&fake_stack, found, found_size);
  __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
  *bottom = const_cast<void*>(found);
  *size = found_size;
}

void unpoison(void* begin, std::size_t size) noexcept {
  if (__asan_unpoison_memory_region != nullptr) __asan_unpoison_memory_region(begin, size);
}

void keep_for_ever(const void* kept) noexcept {
  if (__lsan_ignore_object != nullptr) __lsan_ignore_object(kept);
}

// Not instrumented: it reads every word of a suspended stack, redzones included.
[[gnu::no_sanitize_address]] void scan_for_leaks(const void* begin, std::size_t size, void* fake_stack) noexcept {
  if (__lsan_register_root_region == nullptr) return;
  __lsan_register_root_region(begin, size);
  if (fake_stack == nullptr || __asan_addr_is_in_fake_stack == nullptr) return;
  // Each live fake frame is pointed to from the real stack: its function keeps the
  // address to free the frame when it returns.
  void* const* words = static_cast<void* const*>(begin);
  void* last = nullptr;
  for (std::size_t i = 0; i < size / sizeof(void*); ++i) {
    void* frame = nullptr;
    void* frame_end = nullptr;
    if (__asan_addr_is_in_fake_stack(fake_stack, words[i], &frame, &frame_end) == nullptr || frame == last) {
      continue;
    }
    __lsan_register_root_region(frame, static_cast<std::size_t>(static_cast<char*>(frame_end) -
                                                                static_cast<char*>(frame)));
    last = frame;
  }
}

void on_death(void (*callback)()) noexcept {
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(callback);
}

}  // namespace weft::detail::sanitizers
