#include "api/last_report.hpp"

#include <sys/mman.h>

#include <atomic>
#include <new>

namespace weft::inline sim_v1::detail {

namespace {

// The word the workers share, or null outside workers.
std::atomic<int>* shared_claim = nullptr;

static_assert(std::atomic<int>::is_always_lock_free, "claimed from a signal handler");

}  // namespace

shared_report_claim::shared_report_claim() noexcept {
  void* word = ::mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word != MAP_FAILED) shared_claim = new (word) std::atomic<int>(0);
}

shared_report_claim::~shared_report_claim() {
  if (shared_claim == nullptr) return;
  ::munmap(shared_claim, sizeof(std::atomic<int>));
  shared_claim = nullptr;
}

bool claim_last_report() noexcept { return shared_claim == nullptr || shared_claim->exchange(1) == 0; }

}  // namespace weft::inline sim_v1::detail
