// The account of examples/actor as C++20 coroutines: a task owns the books, and every
// deposit it takes is written to a ledger task before the next one.
//
//   clients --deposits--> account task --entries--> ledger task
//
// Anyone may read the balance at any time (balance()), so the account keeps it under a
// weft::mutex. The careless account holds that mutex while it awaits the ledger. On a
// real executor that is the first bug of async code: while the account task is
// suspended its thread runs other tasks, and one of them (a reader of balance()) blocks
// that thread on the mutex the suspended task holds; the task may also resume on another
// thread and unlock a mutex it does not own there. weft reports it at the co_await, with
// the line where the mutex was locked (lock_across_await). The right account updates the
// balance under the mutex, releases it, and then awaits the ledger.
#pragma once

#include <mutex>

#include <weft/async.hpp>
#include <weft/channel.hpp>
#include <weft/mutex.hpp>
#include <weft/thread.hpp>

namespace example {

enum class ledger_write { holding_the_lock, after_releasing_it };

class async_account {
 public:
  explicit async_account(long opening_balance) : balance_(opening_balance) {}

  // The account's task: takes deposits until the channel is closed and drained, writing
  // the balance after each one to `ledger`; then closes `ledger`.
  weft::task<> serve(weft::channel<long>& deposits, weft::channel<long>& ledger, ledger_write style) {
    weft::this_thread::set_name("account");
    for (;;) {
      const weft::recv_result<long> deposit = co_await weft::async_recv(deposits);
      if (!deposit) break;
      if (style == ledger_write::holding_the_lock) {
        std::lock_guard held(mutex_);
        balance_ += *deposit.value;
        co_await weft::async_send(ledger, balance_);
      } else {
        long entry = 0;
        {
          std::lock_guard held(mutex_);
          balance_ += *deposit.value;
          entry = balance_;
        }
        co_await weft::async_send(ledger, entry);
      }
    }
    ledger.close();
  }

  long balance() const {
    std::lock_guard held(mutex_);
    return balance_;
  }

 private:
  mutable weft::mutex mutex_;
  long balance_;
};

// The ledger's task: keeps the last balance written to it.
inline weft::task<long> keep_ledger(weft::channel<long>& entries) {
  weft::this_thread::set_name("ledger");
  long last = 0;
  for (;;) {
    const weft::recv_result<long> entry = co_await weft::async_recv(entries);
    if (!entry) break;
    last = *entry.value;
  }
  co_return last;
}

}  // namespace example
