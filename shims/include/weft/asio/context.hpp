// weft::asio_context: an Asio execution context whose handlers run on weft threads.
//
//   weft::asio_context ctx;
//   boost::asio::co_spawn(ctx.get_executor(), session(), boost::asio::detached);
//   weft::thread a([&] { ctx.run(); }), b([&] { ctx.run(); });   // two Asio threads
//
// Its executor meets Asio's executor requirements, so co_spawn, post, dispatch,
// asio::strand and use_awaitable work on it. Its queue and its timers (weft::asio_timer)
// are kept with weft's mutex, condition variable and clock: under weft::sim every
// handler a thread runs is explored in every order the threads running run() allow, and
// timers expire on virtual time; on the pass-through build it is a small real event loop
// (std::mutex, std::condition_variable, steady_clock). It has no reactor: Asio's sockets
// and its own timers, which need an io_context, do not run on it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/asio/execution.hpp>
#include <boost/asio/execution_context.hpp>
#include <boost/system/error_code.hpp>

#include <weft/asio/detail/job.hpp>
#include <weft/chrono.hpp>
#include <weft/condition_variable.hpp>
#include <weft/mutex.hpp>

WEFT_BEGIN_NAMESPACE

class asio_context : public boost::asio::execution_context {
 public:
  class executor_type;

  asio_context() { boost::asio::make_service<marker>(*this, *this); }
  asio_context(const asio_context&) = delete;
  asio_context& operator=(const asio_context&) = delete;
  // Requires that no thread is in run(). Destroys what is still queued or pending: a
  // coroutine's handler posts its own teardown when destroyed, and a timer in a frame
  // it destroys cancels its waits, so this repeats until nothing is left.
  ~asio_context() {
    shutdown();
    for (;;) {
      std::deque<detail::job> handlers;
      std::vector<pending_timer> timers;
      {
        std::lock_guard lock(mutex_);
        if (handlers_.empty() && timers_.empty()) break;
        handlers.swap(handlers_);
        timers.swap(timers_);
      }
    }
  }

  executor_type get_executor() noexcept;

  // Runs handlers on the calling thread until the context has nothing left to do: no
  // handler queued or running, no timer pending (or until stop()). Any number of threads
  // may run() one context; each returns the number of handlers it ran. A wait for a
  // timer blocks on weft's clock (virtual time under the simulator).
  std::size_t run() {
    std::size_t ran = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
      if (stopped_) return ran;
      queue_due_timers();
      if (!handlers_.empty()) {
        run_one(lock);
        ++ran;
        continue;
      }
      if (timers_.empty() && running_ == 0) {
        changed_.notify_all();
        return ran;
      }
      if (timers_.empty()) {
        changed_.wait(lock);
      } else {
        // A copy: while this thread waits, others add and remove timers.
        const steady_clock::time_point earliest = earliest_timer()->expiry;
        changed_.wait_until(lock, earliest);
      }
    }
  }

 private:
  // Runs the first queued handler with the lock released, and destroys it before taking
  // the lock again (what it owns may cancel a timer of this context). A handler that
  // throws leaves run() with its exception, the context still consistent, as Asio's do.
  // Requires `lock` held and a handler queued.
  void run_one(std::unique_lock<weft::mutex>& lock) {
    detail::job next = std::move(handlers_.front());
    handlers_.pop_front();
    ++running_;
    lock.unlock();
    struct finished {
      asio_context& context;
      std::unique_lock<weft::mutex>& lock;
      ~finished() {
        lock.lock();
        --context.running_;
        context.changed_.notify_all();  // others may wait for the last handler to end
      }
    } on_exit{*this, lock};
    std::exchange(next, detail::job{})();
  }

 public:
  // Makes every run() return as soon as its current handler ends; queued handlers stay.
  void stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  void restart() {
    std::lock_guard lock(mutex_);
    stopped_ = false;
  }

 private:
  friend class asio_timer;

  // Tells an asio_context from other execution contexts (which are not polymorphic):
  // Asio's service registry finds it in exactly the contexts that are weft's.
  class marker : public boost::asio::execution_context::service {
   public:
    using key_type = marker;
    inline static boost::asio::execution_context::id id;
    marker(boost::asio::execution_context& context, asio_context& owner)
        : boost::asio::execution_context::service(context), owner(&owner) {}
    // What use_service needs to compile; never called: asio_context makes its marker first.
    explicit marker(boost::asio::execution_context& context) : boost::asio::execution_context::service(context) {}
    asio_context* owner = nullptr;

   private:
    void shutdown() override {}
  };

  // A timer's pending wait: completed with success when it expires, with
  // operation_aborted when its timer is cancelled.
  struct timer_wait {
    virtual ~timer_wait() = default;
    virtual void complete(boost::system::error_code result) = 0;
  };
  struct pending_timer {
    steady_clock::time_point expiry;
    const void* timer;
    std::unique_ptr<timer_wait> wait;
  };

  void post(detail::job handler) {
    std::lock_guard lock(mutex_);
    handlers_.push_back(std::move(handler));
    changed_.notify_one();
  }

  void add_timer(steady_clock::time_point expiry, const void* timer, std::unique_ptr<timer_wait> wait) {
    std::lock_guard lock(mutex_);
    timers_.push_back({expiry, timer, std::move(wait)});
    changed_.notify_one();
  }

  // Completes every pending wait of `timer` with operation_aborted. Returns how many.
  std::size_t cancel_timer(const void* timer) {
    std::lock_guard lock(mutex_);
    std::size_t cancelled = 0;
    for (auto it = timers_.begin(); it != timers_.end();) {
      if (it->timer != timer) {
        ++it;
        continue;
      }
      handlers_.emplace_back([wait = std::move(it->wait)] { wait->complete(boost::asio::error::operation_aborted); });
      it = timers_.erase(it);
      ++cancelled;
    }
    if (cancelled != 0) changed_.notify_all();
    return cancelled;
  }

  // Moves the handlers of expired timers to the queue, earliest first. Requires mutex_.
  void queue_due_timers() {
    const steady_clock::time_point now = steady_clock::now();
    while (!timers_.empty()) {
      const auto due = earliest_timer();
      if (due->expiry > now) return;
      handlers_.emplace_back([wait = std::move(due->wait)] { wait->complete({}); });
      timers_.erase(due);
    }
  }

  // The pending timer that expires first. Requires mutex_ and a pending timer.
  std::vector<pending_timer>::iterator earliest_timer() {
    return std::min_element(timers_.begin(), timers_.end(),
                            [](const pending_timer& a, const pending_timer& b) { return a.expiry < b.expiry; });
  }

  weft::mutex mutex_;
  weft::condition_variable changed_;
  std::deque<detail::job> handlers_;
  std::vector<pending_timer> timers_;
  std::size_t running_ = 0;
  bool stopped_ = false;
};

// The context's executor: a handler given to execute() is queued for run().
class asio_context::executor_type {
 public:
  explicit executor_type(asio_context& context) noexcept : context_(&context) {}

  asio_context& context() const noexcept { return *context_; }
  template <class F>
  void execute(F&& f) const {
    context_->post(detail::job(std::forward<F>(f)));
  }

  boost::asio::execution_context& query(boost::asio::execution::context_t) const noexcept { return *context_; }
  static constexpr boost::asio::execution::blocking_t query(boost::asio::execution::blocking_t) noexcept {
    return boost::asio::execution::blocking.never;
  }
  executor_type require(boost::asio::execution::blocking_t::never_t) const noexcept { return *this; }

  friend bool operator==(const executor_type& a, const executor_type& b) noexcept { return a.context_ == b.context_; }
  friend bool operator!=(const executor_type& a, const executor_type& b) noexcept { return a.context_ != b.context_; }

 private:
  asio_context* context_;
};

inline asio_context::executor_type asio_context::get_executor() noexcept { return executor_type(*this); }

WEFT_END_NAMESPACE
