// The machine-level switch between fiber stacks: save the running context's registers on
// its own stack, resume another's. Everything else a switch does is context.hpp's.
//
// On x86-64 ELF it is weft's own (stack_switch.cpp): it returns into the resumed
// context with `ret`, so the processor's return-address predictor, which holds the
// suspending thread's call chain, predicts the resumed thread's returns whenever both
// were suspended from the same code (threads doing the same operation: what tests run).
// Boost.Context's jump_fcontext, used elsewhere, ends in an indirect jump that leaves the
// predictor one entry off, so that every return after a switch missed (W1 ran 12% and W2
// 15% faster without it, bench/README.md). Both save and restore the SSE and x87 control
// words, which are per thread on real threads.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__x86_64__) && defined(__ELF__) && !defined(WEFT_PORTABLE_STACK_SWITCH)
#define WEFT_OWN_STACK_SWITCH 1
#else
#define WEFT_OWN_STACK_SWITCH 0
#include <boost/context/detail/fcontext.hpp>
#endif

namespace weft::inline sim_v1::detail {

#if WEFT_OWN_STACK_SWITCH
extern "C" void weft_switch_stacks(void** save, void* resume) noexcept;
#endif

// Saves the running context, storing where it resumes in *save, and resumes the context
// saved at `resume` (by switch_stacks, or made by prepare_stack). Returns when another
// context resumes this one.
inline void switch_stacks(void** save, void* resume) noexcept {
#if WEFT_OWN_STACK_SWITCH
  weft_switch_stacks(save, resume);
#else
  // The resumed side stores where the suspended one resumes (prepare_stack's start too).
  const auto back = boost::context::detail::jump_fcontext(resume, save);
  *static_cast<void**>(back.data) = back.fctx;
#endif
}

// A context that, resumed, calls entry(argument) on the stack of `size` bytes whose top
// is `top` (16-byte aligned). `entry` must never return.
void* prepare_stack(void* top, std::size_t size, void (*entry)(void* argument) noexcept, void* argument) noexcept;

// The floating-point control state a thread keeps for itself, as real threads do: on
// x86-64 the SSE control and status register (MXCSR: rounding, flush-to-zero, exception
// masks and flags) and the x87 control word, which weft's switch (and Boost's there, unless
// built with BOOST_USE_TSX) saves and restores per context. Elsewhere none: Boost's switch
// keeps no floating-point state per context there.
struct control_words {
  std::uint32_t sse = 0;
  std::uint16_t x87 = 0;
};
static_assert(sizeof(control_words) == 8);
// The running context's.
control_words current_control_words() noexcept;
// Makes `words` the running context's.
void load_control_words(const control_words& words) noexcept;
// Whether a context saved by switch_stacks keeps the words it resumes with where
// saved_control_words finds them: weft's own switch, whose frame keeps them at its lowest
// address. Boost's jump_fcontext lays out its frame as the Boost version has it (it
// changed in 1.81), so there the words are loaded once the context runs instead.
inline constexpr bool frame_keeps_control_words = WEFT_OWN_STACK_SWITCH;
// Where the context saved at `suspended` (by switch_stacks, not running) keeps the words
// it resumes with. Only where frame_keeps_control_words.
control_words& saved_control_words(void* suspended) noexcept;

}  // namespace weft::detail
