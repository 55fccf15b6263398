#include "api/last_report.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <new>

namespace weft::inline sim_v1::detail {

namespace {

static_assert(std::atomic<pid_t>::is_always_lock_free, "claimed from a signal handler");

// The word this process claims, if it is a worker: null in any other process.
std::atomic<pid_t>* entered_word = nullptr;

}  // namespace

shared_report_claim::shared_report_claim() noexcept {
  void* word = ::mmap(nullptr, sizeof(std::atomic<pid_t>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word != MAP_FAILED) word_ = new (word) std::atomic<pid_t>(0);
}

shared_report_claim::~shared_report_claim() {
  if (word_ != nullptr) ::munmap(word_, sizeof(std::atomic<pid_t>));
}

void shared_report_claim::enter_in_worker() const noexcept { entered_word = word_; }

pid_t shared_report_claim::claimant() const noexcept {
  return word_ != nullptr ? word_->load(std::memory_order_acquire) : 0;
}

bool claim_last_report() noexcept {
  if (entered_word == nullptr) return true;
  const pid_t me = ::getpid();
  pid_t none = 0;
  return entered_word->compare_exchange_strong(none, me, std::memory_order_acq_rel) || none == me;
}

}  // namespace weft::inline sim_v1::detail
