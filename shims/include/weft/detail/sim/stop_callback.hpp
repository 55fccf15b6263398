// weft::stop_callback in the simulated build.
#pragma once

#include <concepts>
#include <source_location>
#include <stop_token>
#include <type_traits>
#include <utility>

#include <weft/detail/call_site.hpp>
#include <weft/detail/sim/runtime.hpp>

WEFT_BEGIN_NAMESPACE

namespace detail {

// What the simulator knows of one stop_callback: which simulated thread runs its callback
// now (request_stop runs it on the requesting thread), and who waits for that to end.
class stop_callback_core {
 public:
  explicit stop_callback_core(std::source_location declared) noexcept
      : object_(object_kind::stop_callback, declared) {}
  ~stop_callback_core();
  stop_callback_core(const stop_callback_core&) = delete;
  stop_callback_core& operator=(const stop_callback_core&) = delete;

  // A scheduling point before the callback is registered on `token`'s stop state: a stop
  // may be requested just before or just after. The registering thread holds the token
  // (holds_stop_token). May throw execution_aborted.
  void before_registering(const std::stop_token& token, std::source_location where);
  // Around each run of the callback, on the thread that runs it.
  void started() noexcept;
  void finished() noexcept;
  // In the destructor, before the callback is deregistered: a scheduling point, then,
  // while another simulated thread runs the callback, waits until it returns (what it
  // did then happens before the destructor returns). A callback destroying its own
  // stop_callback is not waited for. Never throws: a torn-down execution stops waiting.
  void before_deregistering() noexcept;

 private:
  // Forgets a run left behind by an earlier execution; false if the object is broken.
  bool refresh(std::source_location where) noexcept;

  sim_object object_;
  thread_index runner_ = no_thread;
  wait_queue waiters_;
};

}  // namespace detail

// As std::stop_callback: registers `callback` with the stop state of `token`; a stop
// requested on it runs the callback on the requesting thread (at once, in the
// constructor, if a stop was requested already). The destructor deregisters it and, if
// another thread is running it, waits for it to return.
template <class Callback>
class stop_callback {
  static_assert(std::is_nothrow_destructible_v<Callback>);
  static_assert(std::is_invocable_v<Callback>);

 public:
  using callback_type = Callback;

  // One constructor for std's two (a token by reference and by rvalue): a token is a
  // shared pointer, taken by value and moved on.
  template <class C>
    requires std::constructible_from<Callback, C>
  explicit stop_callback(std::stop_token token, C&& callback, detail::call_site where = {})
      : core_(where),
        callback_((core_.before_registering(token, where), std::forward<C>(callback))),
        registration_(std::move(token), run_callback{this}) {}

  ~stop_callback() { core_.before_deregistering(); }
  stop_callback(const stop_callback&) = delete;
  stop_callback& operator=(const stop_callback&) = delete;
  stop_callback(stop_callback&&) = delete;
  stop_callback& operator=(stop_callback&&) = delete;

 private:
  // What std's stop state runs: the user's callback, with the simulator told who runs it.
  struct run_callback {
    stop_callback* self;
    void operator()() const {
      self->core_.started();
      std::forward<Callback>(self->callback_)();
      self->core_.finished();
    }
  };

  // Declared in this order: the callback exists before std may run it (in the
  // registration's constructor), and std deregisters it before it is destroyed.
  detail::stop_callback_core core_;
  Callback callback_;
  std::stop_callback<run_callback> registration_;
};

template <class Callback>
stop_callback(std::stop_token, Callback) -> stop_callback<Callback>;

WEFT_END_NAMESPACE
