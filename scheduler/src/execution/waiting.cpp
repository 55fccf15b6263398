// Blocking and waking: threads wait in intrusive FIFO queues owned by the primitives.
#include "execution/execution.hpp"

namespace weft::inline sim_v1::detail {

void execution::enqueue(wait_queue& queue) noexcept {
  thread_record& me = self();
  me.queue = &queue;
  me.next_waiter = no_thread;
  if (queue.tail == no_thread) {
    queue.head = running_;
  } else {
    threads_[queue.tail]->next_waiter = running_;
  }
  queue.tail = running_;
}

void execution::dequeue(wait_queue& queue, thread_index thread) noexcept {
  thread_index previous = no_thread;
  thread_index at = queue.head;
  while (at != no_thread && at != thread) {
    previous = at;
    at = threads_[at]->next_waiter;
  }
  if (at == no_thread) return;
  thread_record& leaving = *threads_[thread];
  if (previous == no_thread) {
    queue.head = leaving.next_waiter;
  } else {
    threads_[previous]->next_waiter = leaving.next_waiter;
  }
  if (queue.tail == thread) queue.tail = previous;
  leaving.queue = nullptr;
  leaving.next_waiter = no_thread;
}

std::size_t execution::waiting(const wait_queue& queue) const noexcept {
  std::size_t n = 0;
  for (thread_index t = queue.head; t != no_thread; t = threads_[t]->next_waiter) ++n;
  return n;
}

bool execution::sleep(op what, target about, std::source_location where, thread_index holder,
                      bool may_throw) {
  thread_record& me = self();
  if (!stopping_) {
    me.state = thread_state::blocked;
    me.doing = activity{what, about.kind, about.id, where, holder};
    record_event(op::blocked, about, where);
    const thread_index next = pick_next();
    if (stopping_) {
      go_host();  // the strategy could not answer: nothing may run any more
    } else if (next == no_thread) {
      report_deadlock();
      go_host();
    } else {
      switch_to(next);
    }
  }
  if (!stopping_) {
    record_event(op::woken, about, where);
    return true;
  }
  // Torn down while waiting: leave the queue while its owner surely still exists.
  if (me.queue != nullptr) dequeue(*me.queue, running_);
  me.state = thread_state::runnable;
  abort_if_stopping(may_throw);
  return false;
}

void execution::set_runnable(thread_index thread, bool runnable) noexcept {
  thread_record& t = *threads_[thread];
  if (t.state == thread_state::finished) return;
  t.state = runnable ? thread_state::runnable : thread_state::blocked;
}

void execution::set_queue_runnable(const wait_queue& queue, bool runnable) noexcept {
  for (thread_index t = queue.head; t != no_thread; t = threads_[t]->next_waiter) {
    set_runnable(t, runnable);
  }
}

void execution::wake_all(wait_queue& queue) noexcept {
  while (queue.head != no_thread) {
    const thread_index t = queue.head;
    dequeue(queue, t);
    set_runnable(t, true);
  }
}

bool execution::wake_one(wait_queue& queue) {
  const std::size_t n = waiting(queue);
  if (n == 0) return false;
  std::uint64_t pick = n == 1 ? 0 : choose(decision::notify_target, n, 0);
  thread_index t = queue.head;
  while (pick-- > 0) t = threads_[t]->next_waiter;
  dequeue(queue, t);
  set_runnable(t, true);
  return true;
}

void execution::abandon(wait_queue& queue) noexcept {
  for (thread_index t = queue.head; t != no_thread;) {
    thread_record& waiter = *threads_[t];
    t = waiter.next_waiter;
    waiter.queue = nullptr;
    waiter.next_waiter = no_thread;
  }
  queue = wait_queue{};
}

}  // namespace weft::detail
