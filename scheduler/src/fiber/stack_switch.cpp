#include "fiber/stack_switch.hpp"

#include <cstdint>

namespace weft::inline sim_v1::detail {

#if defined(__x86_64__)
control_words current_control_words() noexcept {
  // Each word stored and loaded back on its own: read together from one struct, the
  // 8-byte load would span both stores, which the processor cannot forward, and wait for
  // them to reach the cache (most of this function's time, measured).
  std::uint32_t sse;
  std::uint16_t x87;
  asm volatile("stmxcsr %0" : "=m"(sse));
  asm volatile("fnstcw %0" : "=m"(x87));
  return {sse, x87};
}

void load_control_words(const control_words& words) noexcept {
  asm volatile("ldmxcsr %0" : : "m"(words.sse));
  asm volatile("fldcw %0" : : "m"(words.x87));
}
#else
control_words current_control_words() noexcept { return {}; }
void load_control_words(const control_words&) noexcept {}
#endif

#if WEFT_OWN_STACK_SWITCH

// weft_switch_stacks(save = rdi, resume = rsi): pushes the callee-saved registers and the
// SSE/x87 control words, stores the stack pointer in *save, loads `resume` and undoes the
// same there; `ret` then returns to where that context called weft_switch_stacks (or into
// weft_fiber_start, for a context prepare_stack made).
// Its CFI lets a debugger or profiler unwind from any instruction of it: the frame has
// the same layout on both stacks, so from the stack load on it describes the resumed
// context's frame.
// weft_fiber_start: the first code of a made fiber; calls entry (r12) with its argument
// (rbx), and marks the end of the fiber's call chain for unwinders (rbp is 0 too). Its
// unwind entry begins one `nop` before it: an unwinder looks up a return address less
// one, and a made fiber's first return address is weft_fiber_start itself.
asm(R"(
  .pushsection .text
  .p2align 4
  .globl weft_switch_stacks
  .hidden weft_switch_stacks
  .type weft_switch_stacks, @function
weft_switch_stacks:
  .cfi_startproc
  pushq %rbp
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbp, 0
  pushq %rbx
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %rbx, 0
  pushq %r12
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r12, 0
  pushq %r13
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r13, 0
  pushq %r14
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r14, 0
  pushq %r15
  .cfi_adjust_cfa_offset 8
  .cfi_rel_offset %r15, 0
  subq $8, %rsp
  .cfi_adjust_cfa_offset 8
  stmxcsr (%rsp)
  fnstcw 4(%rsp)
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  ldmxcsr (%rsp)
  fldcw 4(%rsp)
  addq $8, %rsp
  .cfi_adjust_cfa_offset -8
  popq %r15
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r15
  popq %r14
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r14
  popq %r13
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r13
  popq %r12
  .cfi_adjust_cfa_offset -8
  .cfi_restore %r12
  popq %rbx
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbx
  popq %rbp
  .cfi_adjust_cfa_offset -8
  .cfi_restore %rbp
  ret
  .cfi_endproc
  .size weft_switch_stacks, .-weft_switch_stacks

  .p2align 4
  .cfi_startproc
  .cfi_undefined rip
  nop
  .hidden weft_fiber_start
  .type weft_fiber_start, @function
weft_fiber_start:
  movq %rbx, %rdi
  callq *%r12
  ud2
  .cfi_endproc
  .size weft_fiber_start, .-weft_fiber_start
  .popsection
)");

extern "C" void weft_fiber_start();

control_words& saved_control_words(void* suspended) noexcept { return *static_cast<control_words*>(suspended); }

void* prepare_stack(void* top, std::size_t, void (*entry)(void*) noexcept, void* argument) noexcept {
  // What weft_switch_stacks pops, from the lowest address: the control words, r15, r14,
  // r13, r12 (entry), rbx (argument), rbp (0), then the address `ret` takes.
  auto* frame = static_cast<std::uint64_t*>(top) - 8;
  frame[0] = 0;
  saved_control_words(frame) = current_control_words();
  frame[1] = frame[2] = frame[3] = 0;
  frame[4] = reinterpret_cast<std::uint64_t>(entry);
  frame[5] = reinterpret_cast<std::uint64_t>(argument);
  frame[6] = 0;
  frame[7] = reinterpret_cast<std::uint64_t>(&weft_fiber_start);
  return frame;
}

#else

namespace {

namespace fcontext = boost::context::detail;

struct start_record {
  void (*entry)(void*) noexcept;
  void* argument;
};

// The first code on a prepared stack. It takes the record and goes straight back to
// prepare_stack, suspended here; resumed by switch_stacks, it stores where the resumer
// resumes, as switch_stacks does on its side, and calls the entry. Not instrumented: it
// runs on the new stack before ASan has been told of it.
[[gnu::no_sanitize_address]] void start(fcontext::transfer_t preparer) noexcept {
  const start_record record = *static_cast<const start_record*>(preparer.data);
  const fcontext::transfer_t resumer = fcontext::jump_fcontext(preparer.fctx, nullptr);
  *static_cast<void**>(resumer.data) = resumer.fctx;
  record.entry(record.argument);
}

}  // namespace

void* prepare_stack(void* top, std::size_t size, void (*entry)(void*) noexcept, void* argument) noexcept {
  start_record record{entry, argument};
  const fcontext::fcontext_t made = fcontext::make_fcontext(top, size, &start);
  return fcontext::jump_fcontext(made, &record).fctx;
}

#endif

}  // namespace weft::detail
