// The entry points of detail/sim/runtime.hpp and thread_core.hpp.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <weft/detail/sim/runtime.hpp>
#include <weft/detail/sim/thread_core.hpp>
#include <weft/errors.hpp>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

sim_object::sim_object(object_kind kind, std::source_location declared) noexcept
    : born_in_(execution_generation()), kind_(kind), declared_(declared) {}

sim_object::~sim_object() {
  // Through a volatile lvalue: a store to an object whose lifetime ends here is otherwise
  // dead to the optimizer (g++'s -flifetime-dse), and the seal would stay intact.
  *static_cast<volatile std::uint32_t*>(&seal_) = broken_seal;
  execution* ex = execution::current();
  if (ex != nullptr && generation_ == ex->generation()) ex->object_destroyed(id_);
}

sim_object::touch sim_object::enter_execution(std::source_location where) noexcept {
  execution* ex = execution::current();
  if (seal_ != sealed) [[unlikely]] {
    ex->broken_object_used(*this, where);
    return touch::broken;
  }
  if (generation_ == ex->generation()) return touch::known;
  generation_ = ex->generation();
  id_ = ex->register_object(kind_, declared_, where);
  return touch::first;
}

bool sim_object::live() const noexcept {
  const execution* ex = execution::current();
  return ex != nullptr && generation_ == ex->generation();
}

bool simulating() noexcept { return execution::current() != nullptr; }

void attempted(bool succeeded) noexcept {
  if (execution* ex = execution::current()) ex->attempted(succeeded);
}

bool stopping() noexcept {
  const execution* ex = execution::current();
  return ex != nullptr && ex->stopping();
}

bool visible_op(op what, sim_object* object, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {  // outside an execution the code runs sequentially
    if (object != nullptr && report_foreign_use(*object, "load", where)) return false;
    return true;
  }
  if (object != nullptr && object->enter_execution(where) == sim_object::touch::broken) {
    ex->abort_if_stopping();
    return false;
  }
  const target about = target_of(object);
  ex->point(what, about, where);
  return !ex->stopping() || !ex->destroyed(about);
}

void assertion_failed(const char* expression, const char* message, std::source_location where) {
  std::string text = std::string("WEFT_ASSERT(") + expression + ") failed";
  if (message != nullptr && *message != '\0') text += std::string(": ") + message;
  execution* ex = execution::current();
  if (ex == nullptr) {
    std::fprintf(stderr, "%s:%u: %s\n", where.file_name(), static_cast<unsigned>(where.line()), text.c_str());
    std::abort();
  }
  ex->note(op::assertion, target{}, where);
  ex->fail(failure_kind::assertion, std::move(text), where);
  ex->abort_if_stopping();
}

void test_assertion_failed(const char* message, const char* file, int line) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  // The thread in the text: the trace has no event of it (a GoogleTest result carries a
  // file and a line, not the std::source_location an event records).
  ex->fail(failure_kind::assertion,
           "GoogleTest assertion failed in " + thread_label(ex->running()) + " (" + ex->thread_name(ex->running()) +
               "): " + message,
           source_line{file == nullptr ? "" : file, line < 0 ? 0u : static_cast<unsigned>(line)});
  // Before the failing code goes on (an ASSERT_* returns from the body, destroying its
  // locals): the younger threads are unwound first.
  ex->wait_for_teardown();
}

std::uint64_t random_value() {
  if (execution* ex = execution::current()) return ex->random_value();
  thread_local std::mt19937_64 outside{std::random_device{}()};
  return outside();
}

bool buggify(double probability, std::source_location where) {
  if (!(probability >= 0.0 && probability <= 1.0)) {  // NaN too: it was taken for "never"
    char text[96];
    std::snprintf(text, sizeof text, "weft::buggify(%g): a probability is from 0 to 1", probability);
    misuse(text, where);
    return false;
  }
  execution* ex = execution::current();
  return ex != nullptr && ex->buggify(probability, where);
}

void cancellable(const std::stop_source& source) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  ex->add_cancellable(source, execution::stop_owner::user);
  ex->hold_stop_token(source.get_token(), no_thread);
}

void jthread_started(const std::stop_source& source, thread_index thread) noexcept {
  execution* ex = execution::current();
  if (ex == nullptr) return;
  ex->add_cancellable(source, execution::stop_owner::jthread);
  ex->hold_stop_token(source.get_token(), thread);
}

void stop_source_made(const std::stop_source& source) noexcept {
  if (execution* ex = execution::current()) ex->hold_stop_token(source.get_token(), no_thread);
}

void holds_stop_token(const std::stop_token& token) noexcept {
  if (execution* ex = execution::current()) ex->hold_stop_token(token, ex->running());
}

void before_stop_request(std::source_location where) noexcept {
  if (execution* ex = execution::current()) ex->point(op::request_stop, target{}, where, false);
}

std::uint64_t add_invariant(bool (*check)(void*), void* state, const char* name, std::uint64_t within_steps,
                            std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) throw usage_error("weft: always()/eventually() outside weft::explore: there is nothing to check");
  return ex->add_invariant(check, state, name, within_steps, where);
}

void remove_invariant(std::uint64_t id) noexcept {
  if (execution* ex = execution::current()) ex->remove_invariant(id);
}

void misuse(const char* message, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) throw usage_error(std::string("weft: ") + message);
  ex->fail(failure_kind::misuse, message, where);
  ex->abort_if_stopping();
}

namespace {
[[noreturn, gnu::cold]] void no_execution(const char* what) {
  throw usage_error(std::string("weft: ") + what +
                    " outside weft::explore: simulated threads exist only inside an execution");
}
execution& require_execution(const char* what) {
  execution* ex = execution::current();
  if (ex == nullptr) [[unlikely]] no_execution(what);
  return *ex;
}
}  // namespace

thread_handle spawn(const task& body, std::source_location where) {
  execution* ex = execution::current();
  if (ex == nullptr) {
    body.destroy(body.target());
    require_execution("weft::thread created");
  }
  return ex->spawn(body, where);
}

void join(thread_handle thread, std::source_location where, bool may_throw) {
  require_execution("weft::thread::join").join(thread, where, may_throw);
}

void detach(thread_handle thread, std::source_location where) {
  require_execution("weft::thread::detach").detach(thread, where);
}

void destroyed_joinable(thread_handle thread) noexcept {
  if (execution* ex = execution::current()) ex->destroyed_joinable(thread);
}

thread_index current_thread() noexcept {
  const execution* ex = execution::current();
  return ex == nullptr ? no_thread : ex->running();
}

void yield(std::source_location where) { (void)visible_op(op::yield, nullptr, where); }

void at_thread_exit(void (*run)(void*, thread_index), void* object) {
  require_execution("weft::thread_specific").at_thread_exit(run, object);
}

void after_thread_exit(void (*run)(void*, thread_index), void* object, const char* caller) {
  require_execution(caller).after_thread_exit(run, object);
}

void forget_thread_exit(void* object) noexcept {
  if (execution* ex = execution::current()) ex->forget_thread_exit(object);
}

std::uint64_t execution_generation() noexcept {
  const execution* ex = execution::current();
  return ex == nullptr ? 0 : ex->generation();
}

void set_thread_name(std::string_view name) {
  if (execution* ex = execution::current()) ex->set_name(std::string(name));
}

}  // namespace weft::detail
