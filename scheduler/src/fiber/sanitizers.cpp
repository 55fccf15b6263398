#include "fiber/sanitizers.hpp"

// The sanitizer runtimes' interface (sanitizer/common_interface_defs.h, asan_interface.h,
// lsan_interface.h), declared weak: an address is null unless a runtime linked into the
// process defines the function.
extern "C" {
[[gnu::weak]] void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, std::size_t size);
[[gnu::weak]] void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old,
                                                   std::size_t* size_old);
[[gnu::weak]] void __asan_unpoison_memory_region(const volatile void* begin, std::size_t size);
[[gnu::weak]] void __lsan_register_root_region(const void* begin, std::size_t size);
[[gnu::weak]] void __sanitizer_set_death_callback(void (*callback)());
}

namespace weft::inline sim_v1::detail::sanitizers {

void start_switch(void** fake_stack_save, const void* bottom, std::size_t size) noexcept {
  if (__sanitizer_start_switch_fiber != nullptr) __sanitizer_start_switch_fiber(fake_stack_save, bottom, size);
}

void finish_switch(void* fake_stack, const void** old_bottom, std::size_t* old_size) noexcept {
  if (__sanitizer_finish_switch_fiber != nullptr) __sanitizer_finish_switch_fiber(fake_stack, old_bottom, old_size);
}

void unpoison(void* begin, std::size_t size) noexcept {
  if (__asan_unpoison_memory_region != nullptr) __asan_unpoison_memory_region(begin, size);
}

void scan_for_leaks(const void* begin, std::size_t size) noexcept {
  if (__lsan_register_root_region != nullptr) __lsan_register_root_region(begin, size);
}

void on_death(void (*callback)()) noexcept {
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(callback);
}

}  // namespace weft::detail::sanitizers
