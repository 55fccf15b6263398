// What the sanitizers must be told about fibers: the one place in weft that talks to them.
//
// The sanitizer runtimes' entry points are declared weak and called only when the process
// has them, so the decision is made at run time, not when weft is compiled: one build of
// weft::sim serves a test built with -fsanitize=address (by g++ or clang, which signal it
// differently at compile time) and a plain one alike. Without a sanitizer every function
// here does nothing.
#pragma once

#include <cstddef>

namespace weft::inline sim_v1::detail::sanitizers {

// Whether a sanitizer in the process must be told of stack switches (start_switch and
// finish_switch do something): callers on the hot path test it once, not at each switch.
bool tracks_stack_switches() noexcept;

// Before switching from the running stack to the one at [bottom, bottom + size).
// `fake_stack_save` receives the running fiber's fake stack (ASan's frames kept off the
// stack to detect use after return), to be handed to finish_switch() when that fiber
// runs again, or when another starts on its stack; nullptr frees it, when the running
// fiber ends: after that call no frame it allocated since it started may return.
void start_switch(void** fake_stack_save, const void* bottom, std::size_t size) noexcept;
// First thing on the stack switched to: `fake_stack` is what start_switch() saved when
// this fiber, or the last one on its stack, left (nullptr: ASan makes a new one).
void finish_switch(void* fake_stack) noexcept;

// Frees `fake_stack` (may be nullptr), what start_switch() saved when the last fiber on
// the stack at [bottom, bottom + size) left it for good. Call from a running stack.
void free_fake_stack(void* fake_stack, const void* bottom, std::size_t size) noexcept;

// Sets `bottom` and `size` to the bounds ASan has for the running stack; leaves them
// unchanged without ASan.
void running_stack(void** bottom, std::size_t* size) noexcept;

// Marks [begin, begin + size) addressable: a stack unwound by an exception keeps the
// poisoned redzones of the frames it left without returning.
void unpoison(void* begin, std::size_t size) noexcept;
// LeakSanitizer scans the suspended stack [begin, begin + size) for pointers, and the
// frames ASan moved from it to `fake_stack` (what start_switch() saved when its fiber
// left; may be nullptr): a stack kept alive on purpose.
void scan_for_leaks(const void* begin, std::size_t size, void* fake_stack) noexcept;
// LeakSanitizer does not report the heap object `kept` (nor what it points to): memory
// left to a thread parked for the rest of the process.
void keep_for_ever(const void* kept) noexcept;
// Runs `callback` when a sanitizer ends the process after its report; nullptr removes it.
// The sanitizers keep one callback per process: this replaces one set by anybody else.
void on_death(void (*callback)()) noexcept;

}  // namespace weft::detail::sanitizers
