// weft::asio_timer: Asio's waitable timer interface on weft's clock, for asio_context.
//
//   weft::asio_timer timer(co_await boost::asio::this_coro::executor);
//   timer.expires_after(50ms);
//   co_await timer.async_wait(boost::asio::use_awaitable);
//
// async_wait takes any completion token (a callback, use_awaitable, ...) with the
// signature void(boost::system::error_code): success when the timer expires,
// operation_aborted when it is cancelled (cancel(), a new expiry, or its destruction).
// Under weft::sim the wait is on virtual time.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/post.hpp>

#include <weft/asio/context.hpp>

WEFT_BEGIN_NAMESPACE

class asio_timer {
 public:
  // The timer of `executor`'s asio_context (an asio_context::executor_type, or an Asio
  // executor that wraps one, as this_coro::executor does).
  template <class Executor>
  explicit asio_timer(const Executor& executor) : context_(context_of(executor)) {}
  asio_timer(const asio_timer&) = delete;
  asio_timer& operator=(const asio_timer&) = delete;
  ~asio_timer() { cancel(); }

  steady_clock::time_point expiry() const noexcept { return expiry_; }
  // Set the expiry; cancel the waits pending on the old one. Return how many.
  std::size_t expires_at(steady_clock::time_point expiry) {
    const std::size_t cancelled = cancel();
    expiry_ = expiry;
    return cancelled;
  }
  template <class Rep, class Period>
  std::size_t expires_after(std::chrono::duration<Rep, Period> d) {
    return expires_at(steady_clock::now() + std::chrono::duration_cast<steady_clock::duration>(d));
  }
  // Completes every pending wait with operation_aborted. Returns how many.
  std::size_t cancel() { return context_->cancel_timer(this); }

  template <class Token>
  auto async_wait(Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
        [this](auto handler) {
          using handler_type = decltype(handler);
          struct wait final : asio_context::timer_wait {
            wait(handler_type h, asio_context::executor_type fallback) : handler(std::move(h)), fallback(fallback) {}
            // Runs the handler on its associated executor (a strand, a coroutine's), as
            // Asio's own operations do.
            void complete(boost::system::error_code result) override {
              auto executor = boost::asio::get_associated_executor(handler, fallback);
              boost::asio::post(executor, [h = std::move(handler), result]() mutable { std::move(h)(result); });
            }
            handler_type handler;
            asio_context::executor_type fallback;  // for a handler without an executor of its own
          };
          context_->add_timer(expiry_, this, std::make_unique<wait>(std::move(handler), context_->get_executor()));
        },
        token);
  }

 private:
  // Throws std::invalid_argument for an executor of another context (an io_context).
  template <class Executor>
  static asio_context* context_of(const Executor& executor) {
    boost::asio::execution_context& context = boost::asio::query(executor, boost::asio::execution::context);
    if (!boost::asio::has_service<asio_context::marker>(context)) {
      throw std::invalid_argument("weft::asio_timer: the executor is not a weft::asio_context's");
    }
    return boost::asio::use_service<asio_context::marker>(context).owner;
  }

  asio_context* context_;
  steady_clock::time_point expiry_{};
};

WEFT_END_NAMESPACE
