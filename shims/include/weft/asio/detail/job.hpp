// A move-only callable with no arguments: Asio's handlers cannot be copied, so
// std::function (which must copy) cannot hold them.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include <weft/config.hpp>

WEFT_BEGIN_NAMESPACE
namespace detail {

class job {
 public:
  job() noexcept = default;
  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, job>)
  explicit job(F&& f) : callable_(std::make_unique<holder<std::decay_t<F>>>(std::forward<F>(f))) {}

  explicit operator bool() const noexcept { return callable_ != nullptr; }
  // Runs it. Requires a job that holds a callable.
  void operator()() { callable_->run(); }

 private:
  struct base {
    virtual ~base() = default;
    virtual void run() = 0;
  };
  template <class F>
  struct holder final : base {
    template <class G>
    explicit holder(G&& g) : f(std::forward<G>(g)) {}
    void run() override { f(); }
    F f;
  };

  std::unique_ptr<base> callable_;
};

}  // namespace detail
WEFT_END_NAMESPACE
