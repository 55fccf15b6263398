// weft::thread, weft::jthread and weft::this_thread in the simulated build.
#pragma once

#include <chrono>
#include <compare>
#include <cstddef>
#include <functional>
#include <ostream>
#include <source_location>
#include <stop_token>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>

#include <weft/detail/sim/body_here.hpp>
#include <weft/detail/sim/chrono.hpp>
#include <weft/detail/sim/thread_core.hpp>
#include <weft/stop_source.hpp>

WEFT_BEGIN_NAMESPACE

class thread {
 public:
  class id {
   public:
    id() noexcept = default;
    explicit id(detail::thread_index index) noexcept : index_(index) {}
    friend bool operator==(id, id) noexcept = default;
    friend std::strong_ordering operator<=>(id, id) noexcept = default;
    template <class Char, class Traits>
    friend std::basic_ostream<Char, Traits>& operator<<(std::basic_ostream<Char, Traits>& out, id i) {
      if (i.index_ == detail::no_thread) return out << "thread::id of a non-executing thread";
      return out << 't' << i.index_;
    }
    std::size_t hash() const noexcept { return std::hash<detail::thread_index>{}(index_); }

   private:
    detail::thread_index index_ = detail::no_thread;
  };

  thread() noexcept = default;

  // Starts a simulated thread running std::invoke(decay-copy(f), decay-copy(args)...), as
  // std::thread(f, args...) does; reports name this line as where it was created (f takes
  // it as it converts: see detail::basic_body_here). Not a scheduling point: the new thread
  // runs from the creator's next one. Only inside weft::explore (else weft::usage_error).
  template <class... Args>
  explicit thread(detail::thread_body_here<Args...> f, Args&&... args)
      : thread(f.make(std::stop_token(), std::forward<Args>(args)...), f.where()) {}

  // Destroying a joinable thread is reported as misuse (std::thread would terminate).
  ~thread() {
    if (joinable()) detail::destroyed_joinable(handle_);
  }
  thread(const thread&) = delete;
  thread& operator=(const thread&) = delete;
  thread(thread&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  thread& operator=(thread&& other) noexcept {
    if (joinable()) detail::destroyed_joinable(handle_);
    handle_ = std::exchange(other.handle_, {});
    return *this;
  }

  bool joinable() const noexcept { return handle_.index != detail::no_thread; }
  id get_id() const noexcept { return id(handle_.index); }
  // Blocks until the thread finishes. Joining a non-joinable thread or oneself is misuse.
  void join(std::source_location where = std::source_location::current()) {
    detail::join(handle_, where);
    handle_ = {};
  }
  void detach(std::source_location where = std::source_location::current()) {
    detail::detach(handle_, where);
    handle_ = {};
  }
  void swap(thread& other) noexcept { std::swap(handle_, other.handle_); }
  static unsigned hardware_concurrency() noexcept { return std::thread::hardware_concurrency(); }

 private:
  friend class jthread;
  // By reference: a task taken by value is copied once more on the way to spawn, in 16-byte
  // loads of what make() wrote in 8-byte stores, which the processor cannot forward.
  thread(const detail::task& body, std::source_location where) : handle_(detail::spawn(body, where)) {}
  // Never throws: in a destructor, a torn-down execution just stops waiting. `where`
  // names the join in reports (a destructor has no line of its own).
  void join_in_destructor(std::source_location where) noexcept {
    detail::join(handle_, where, false);
    handle_ = {};
  }

  detail::thread_handle handle_;
};

inline void swap(thread& a, thread& b) noexcept { a.swap(b); }

// A thread that requests stop and joins on destruction, as std::jthread.
class jthread {
 public:
  using id = thread::id;

  jthread() noexcept : source_(std::nostopstate) {}

  // Passes get_stop_token() first when f accepts a std::stop_token, as std::jthread does;
  // reports name this line as where the thread was created.
  template <class... Args>
  explicit jthread(detail::jthread_body_here<Args...> f, Args&&... args)
      : thread_(f.make(get_stop_token(), std::forward<Args>(args)...), f.where()), created_(f.where()) {
    detail::jthread_started(source_, thread_.handle_.index);
  }

  ~jthread() { stop_and_join(); }
  jthread(const jthread&) = delete;
  jthread& operator=(const jthread&) = delete;
  jthread(jthread&& other) noexcept
      : source_(std::exchange(other.source_, std::stop_source(std::nostopstate))),
        thread_(std::move(other.thread_)),
        created_(std::exchange(other.created_, {})) {}
  jthread& operator=(jthread&& other) noexcept {
    stop_and_join();
    source_ = std::exchange(other.source_, std::stop_source(std::nostopstate));
    thread_ = std::move(other.thread_);
    created_ = std::exchange(other.created_, {});
    return *this;
  }

  bool joinable() const noexcept { return thread_.joinable(); }
  id get_id() const noexcept { return thread_.get_id(); }
  void join(std::source_location where = std::source_location::current()) { thread_.join(where); }
  void detach(std::source_location where = std::source_location::current()) { thread_.detach(where); }
  // weft's, so that its request_stop() is a scheduling point too.
  stop_source get_stop_source() noexcept { return stop_source(source_); }
  std::stop_token get_stop_token() const noexcept { return source_.get_token(); }
  // weft::stop_source's: a scheduling point, then the request.
  bool request_stop(std::source_location where = std::source_location::current()) noexcept {
    return get_stop_source().request_stop(where);
  }
  void swap(jthread& other) noexcept {
    std::swap(source_, other.source_);
    thread_.swap(other.thread_);
    std::swap(created_, other.created_);
  }
  static unsigned hardware_concurrency() noexcept { return thread::hardware_concurrency(); }

 private:
  // The destructor's (and a move assignment's) stop request and join, reported at the line
  // that created the thread: they have no line of their own, and that one says which
  // jthread it is.
  void stop_and_join() noexcept {
    if (!joinable()) return;
    request_stop(created_);
    thread_.join_in_destructor(created_);
  }

  std::stop_source source_;
  thread thread_;
  std::source_location created_;
};

namespace this_thread {

// A scheduling point at which the strategy prefers other threads: spin loops that yield
// let the threads they wait for run.
inline void yield(std::source_location where = std::source_location::current()) { detail::yield(where); }
inline thread::id get_id() noexcept { return thread::id(detail::current_thread()); }
// Names the calling thread in reports.
inline void set_name(std::string_view name) { detail::set_thread_name(name); }

// Blocks until virtual time has advanced by `d`: returns at once in wall time.
template <class Rep, class Period>
void sleep_for(const std::chrono::duration<Rep, Period>& d,
               std::source_location where = std::source_location::current()) {
  detail::sleep_until(detail::deadline_after(d), where);
}
template <class Clock, class Duration>
void sleep_until(const std::chrono::time_point<Clock, Duration>& t,
                 std::source_location where = std::source_location::current()) {
  detail::sleep_until(detail::deadline_at(t), where);
}
// Sleeps that a stop request ends early; they return false then, true after a full sleep.
template <class Rep, class Period>
bool sleep_for(const std::chrono::duration<Rep, Period>& d, std::stop_token stop,
               std::source_location where = std::source_location::current()) {
  return detail::sleep_until(detail::deadline_after(d), where, &stop);
}
template <class Clock, class Duration>
bool sleep_until(const std::chrono::time_point<Clock, Duration>& t, std::stop_token stop,
                 std::source_location where = std::source_location::current()) {
  return detail::sleep_until(detail::deadline_at(t), where, &stop);
}

}  // namespace this_thread

WEFT_END_NAMESPACE

template <>
struct std::hash<weft::thread::id> {
  std::size_t operator()(weft::thread::id id) const noexcept { return id.hash(); }
};
