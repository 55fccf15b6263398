// Thread lifecycle inside an execution: spawn, run, finish, join, detach.
#include <cxxabi.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <string_view>
#include <typeinfo>

#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "execution/thread_exit.hpp"
#include "execution/throw_sites.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

namespace {

std::string current_exception_description() {
  std::string type = "an exception of unknown type";
  if (const std::type_info* info = abi::__cxa_current_exception_type()) {
    int status = 0;
    char* demangled = abi::__cxa_demangle(info->name(), nullptr, nullptr, &status);
    type = status == 0 && demangled != nullptr ? demangled : info->name();
    std::free(demangled);
  }
  try {
    throw;
  } catch (const std::exception& e) {
    // Some what() texts name their type already ("std::future_error: Broken promise").
    const std::string_view what = e.what();
    if (what.starts_with(type) && what.substr(type.size()).starts_with(": ")) return std::string(what);
    return type + ": " + std::string(what);
  } catch (...) {
    return type;
  }
}

// Inside a handler: where the exception being handled was thrown, else `otherwise`.
std::source_location thrown_at(std::source_location otherwise) noexcept {
  try {
    if (const auto site = throw_site_of_current_exception()) return *site;
  } catch (...) {
    // Out of memory: the thread's last operation is named instead.
  }
  return otherwise;
}

// Destroys a task's payload unless ownership was handed on.
struct task_guard {
  const task& body;
  bool owned = true;
  ~task_guard() {
    if (owned) body.destroy(body.target());
  }
};

}  // namespace

std::string execution::thread_name(thread_index thread) const {
  if (thread >= threads_.size()) return "?";
  if (!threads_[thread]->name.empty()) return threads_[thread]->name;
  if (thread == 0) return "main";
  std::string name = threads_[thread]->is_task ? "task-" : "thread-";
  name += std::to_string(thread);
  return name;
}

std::string execution::describe_thread(thread_index thread) const {
  std::string text = thread_label(thread);
  text += " (";
  text += thread_name(thread);
  text += ")";
  return text;
}

execution::overflow_site execution::overflow_at(const void* address) const noexcept {
  for (thread_index i = 0; i < threads_.size(); ++i) {
    // A finished thread's stack went back to the pool: another thread may have it now.
    if (states_[i] == thread_state::finished) continue;
    if (const std::size_t size = backend_.overflowed(i, address)) return {i, threads_[i]->name.c_str(), size};
  }
  return {};
}

thread_handle execution::spawn(const task& body, std::source_location where, bool is_task) {
  task_guard guard{body};  // destroyed here unless a thread takes it
  const auto index = static_cast<thread_index>(threads_.size());
  // Not a scheduling point: creating a thread commutes with every operation of the other
  // threads, so running the creator on loses no ordering of visible operations (the new
  // thread can still go first at the creator's next point), and a strategy then sees the
  // first moves of all the threads a body starts together instead of watching the early
  // ones run ahead while the later ones are still being created.
  if (stopping_) {
    abort_if_stopping();
  } else if (index >= config_.max_steps) [[unlikely]] {
    // Neither a spawn nor a join is a point, so a loop that starts threads forever passes
    // none: options::max_steps bounds the threads an execution starts as well.
    fail_past_max_steps(limit::threads, where);
    abort_if_stopping();
  } else {
    record_event(op::spawn, target_of_thread(index), where);
  }
  try {
    add_thread(body);
  } catch (const resource_error&) {
    // Not a bug in the code under test, so no failure and no replay token: nothing is
    // recorded (recording allocates, and memory may be what ran out). The teardown
    // unwinds every thread, this one too, and run() throws the error.
    refused_ = std::current_exception();
    stop();
    abort_if_stopping();
    // Back here only where throwing was unsafe (a spawn from a destructor that an
    // unwinding runs): there is no thread to return a handle to, so the thread is not
    // let go on; the terminate this throw makes abandons it (terminate_while_simulating).
    throw execution_aborted{};
  }
  guard.owned = false;
  threads_[index]->is_task = is_task;
  // What the creator did last, for a report (or a stall) before its next point, as join
  // does: a spawn passes none.
  if (!stopping_) self().doing = activity{op::spawn, object_kind::thread, index, where, no_thread};
  return {index, generation_};
}

void execution::run_body(thread_index index) {
  bool exited = false;
  {
    const task& body = threads_[index]->body;
    const task_guard guard{body};
    if (stopping_) return;  // torn down before it ever ran
    try {
      body.run(body.target());
    } catch (const execution_aborted&) {
    } catch (const thread_exit&) {
      // pthread_exit: the first thread's comes here, the others' start frames catch theirs.
      exited = true;
    } catch (...) {
      fail(failure_kind::exception,
           std::string(threads_[index]->is_task ? "uncaught exception in task " : "uncaught exception in thread ") +
               describe_thread(index) + ": " + current_exception_description(),
           thrown_at(threads_[index]->doing.where));
    }
  }
  // The child of a fork() made in this body came back here: it has no execution to return
  // to, and as the last thread of its process ends it, as a returning thread function does.
  if (in_forked_child()) std::exit(0);
  if (!threads_[index]->at_exit.empty() || !threads_[index]->after_exit.empty()) run_exit_hooks(index);
  // Outside the catch (it switches threads), after its thread-specific values went, as a
  // real main's go before the process waits for the other threads.
  if (exited && index == 0) outlive_other_threads();
}

void execution::outlive_other_threads() {
  for (thread_index i = 1; i < threads_.size(); ++i) join(thread_handle{i, generation_}, self().doing.where, false);
}

void execution::lost_task_error(std::exception_ptr error, thread_index task, std::source_location where) {
  if (stopping_) return;
  std::string description;
  try {
    std::rethrow_exception(error);
  } catch (...) {
    description = current_exception_description();
  }
  fail(failure_kind::exception,
       task == no_thread ? "a child of a weft::task_group ended with " + description +
                               ", and the group was destroyed without wait(): nobody would have seen the error"
                         : "task " + describe_thread(task) + " ended with " + description +
                               ", and its join handle was dropped without awaiting it: nobody would have seen the error",
       where);
}

void execution::at_thread_exit(void (*run)(void*, thread_index), void* object) {
  self().at_exit.push_back({run, object});
}

void execution::after_thread_exit(void (*run)(void*, thread_index), void* object) {
  self().after_exit.push_back({run, object});
}

void execution::forget_thread_exit(void* object) noexcept {
  for (auto& record : threads_) std::erase_if(record->at_exit, [&](const auto& hook) { return hook.object == object; });
}

void execution::run_exit_hooks(thread_index index) {
  // As thread_local destructors: after the thread's function, newest first; then, once
  // every one has run, the after_exit hooks, oldest first, as std runs the notifications
  // of notify_all_at_thread_exit. A hook may register another; each runs once.
  thread_record& record = *threads_[index];
  for (;;) {
    thread_record::exit_hook hook{};
    if (!record.at_exit.empty()) {
      hook = record.at_exit.back();
      record.at_exit.pop_back();
    } else if (!record.after_exit.empty()) {
      hook = record.after_exit.front();
      record.after_exit.erase(record.after_exit.begin());
    } else {
      return;
    }
    try {
      hook.run(hook.object, index);
    } catch (const execution_aborted&) {
    } catch (const thread_exit&) {  // pthread_exit in a destructor: the thread ends anyway
    } catch (...) {
      fail(failure_kind::exception,
           "exception from a thread_specific value's destructor at the exit of " + describe_thread(index) + ": " +
               current_exception_description(),
           thrown_at(threads_[index]->doing.where));
    }
  }
}

void execution::finish(thread_index index) {
  thread_record& record = *threads_[index];
  set_state(index, thread_state::finished);
  record.doing.what = op::finish;
  if (!stopping_) record_event(op::finish, target{}, record.doing.where);
  if (tracked()) memory_.thread_finished(index);
  wake_all(record.joiners);
  if (index == 0 && !stopping_) check_main_returned_alone();
}

void execution::check_main_returned_alone() {
  for (thread_index i = 1; i < threads_.size(); ++i) {
    const thread_record& t = *threads_[i];
    if (states_[i] != thread_state::finished) {
      fail(t.is_task ? failure_kind::leaked_task : failure_kind::leaked_thread,
           t.is_task ? "the test body returned while task " + describe_thread(i) +
                           " was still pending: await its join handle (or a task_group's wait) before the body returns"
                     : "the test body returned while thread " + describe_thread(i) +
                           " was still running: join every thread before the body returns",
           t.doing.where);
      return;
    }
    if (!t.joined && !t.detached) {
      fail(failure_kind::leaked_thread,
           "the test body returned without joining or detaching thread " + describe_thread(i),
           t.doing.where);
      return;
    }
  }
}

void execution::join(thread_handle thread, std::source_location where, bool may_throw) {
  if (thread.index == no_thread || thread.generation != generation_ || thread.index >= threads_.size()) {
    if (stopping_) return;
    fail(failure_kind::misuse,
         thread.index == no_thread
             ? "join of a thread that is not joinable (default-constructed, already joined "
               "or detached): std::thread::join would throw std::system_error"
             : "join of a thread from an earlier execution",
         where);
    abort_if_stopping(may_throw);
    return;
  }
  check_not_holding_locks(op::join, target_of_thread(thread.index), where);
  // Not a scheduling point, as spawn is not: a join only waits for a thread's end, which
  // no other thread's operation can change, so letting others run first loses no ordering
  // of visible operations (they run while it waits, or before the joiner's next point).
  if (stopping_) {
    point_while_stopping(may_throw);
    return;
  }
  record_event(op::join, target_of_thread(thread.index), where);
  if (thread.index == running_) {
    fail(failure_kind::misuse,
         "thread " + describe_thread(running_) +
             " joins itself: std::thread::join would throw std::system_error "
             "(resource_deadlock_would_occur)",
         where);
    abort_if_stopping(may_throw);
    return;
  }
  // What it does now, for a report of a failure before its next point (sleep sets it too).
  self().doing = activity{op::join, object_kind::thread, thread.index, where, no_thread};
  thread_record& joined = *threads_[thread.index];
  while (states_[thread.index] != thread_state::finished) {
    enqueue(joined.joiners);
    if (sleep(op::join, target_of_thread(thread.index), where, no_thread, may_throw) == wake_reason::torn_down) return;
  }
  joined.joined = true;
}

void execution::detach(thread_handle thread, std::source_location where) {
  if (thread.index == no_thread || thread.generation != generation_ || thread.index >= threads_.size()) {
    if (stopping_) return;
    fail(failure_kind::misuse,
         "detach of a thread that is not joinable: std::thread::detach would throw "
         "std::system_error",
         where);
    return;
  }
  note(op::detach, target_of_thread(thread.index), where);
  threads_[thread.index]->detached = true;
}

void execution::destroyed_joinable(thread_handle thread) noexcept {
  if (stopping_ || thread.generation != generation_ || thread.index >= threads_.size()) return;
  // Destroyed by an exception's unwinding, the usual way to skip a join: the exception
  // itself cannot be named (only a caught one can), but its passing can.
  const bool unwinding = std::uncaught_exceptions() > 0;
  fail(failure_kind::misuse,
       "the weft::thread object of " + describe_thread(thread.index) +
           " was destroyed (or assigned to) while joinable" +
           (unwinding ? " by an exception propagating through the scope that owned it (it skipped the join)" : "") +
           ": std::thread would call std::terminate; join or detach it first",
       self().doing.where);
  wait_for_teardown();  // the thread still runs, and may use what this scope owns
}

}  // namespace weft::detail
