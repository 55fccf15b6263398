// weft::always and weft::eventually: predicates over shared state, evaluated at every
// scheduling point, i.e. after every visible operation of any thread.
#include <algorithm>

#include "execution/execution.hpp"
#include "report/naming.hpp"

namespace weft::inline sim_v1::detail {

std::string execution::invariant::described() const {
  return std::string(deadline_step == 0 ? "invariant always(" : "eventually(") + name + ") declared at " +
         where.file_name() + ":" + std::to_string(where.line());
}

std::uint64_t execution::add_invariant(bool (*check)(void*), void* state, std::string name,
                                       std::uint64_t within_steps, std::source_location where) {
  const std::uint64_t id = next_invariant_id_++;
  invariants_.push_back({id, check, state, std::move(name), within_steps == 0 ? 0 : steps_ + within_steps, where});
  attention_ = true;
  check_invariants(where);
  return id;
}

void execution::remove_invariant(std::uint64_t id) noexcept {
  const auto it = std::find_if(invariants_.begin(), invariants_.end(), [id](const invariant& i) { return i.id == id; });
  if (it == invariants_.end()) return;
  const invariant pending = *it;
  invariants_.erase(it);
  // An eventually() still waiting when it goes out of scope gets one last look.
  if (pending.deadline_step == 0 || stopping_) return;
  attention_ = true;
  if (!evaluate(pending)) {
    fail(failure_kind::assertion, pending.described() + " never became true before it went out of scope", pending.where);
  }
}

bool execution::evaluate(const invariant& i) {
  struct evaluation {
    execution& ex;
    ~evaluation() { ex.evaluated_ = nullptr; }
  } marked{*this};
  evaluated_ = &i;
  return i.check(i.state);
}

void execution::refuse_in_invariant(op what, target about, std::source_location where) {
  const std::string operation = about.kind == object_kind::none
                                    ? std::string(op_name(what))
                                    : operation_text(op_name(what), object_label(about.kind, about.id));
  fail(failure_kind::misuse,
       evaluated_->described() + " does " + operation +
           ": an invariant is evaluated between two operations, on whichever thread made the last one, and may "
           "only read state (loads of atomics, weft::shared, plain variables), never lock, wait, notify or store",
       where);
}

void execution::check_invariants(std::source_location where) {
  if (stopping_) return;
  attention_ = true;
  for (auto it = invariants_.begin(); it != invariants_.end();) {
    const bool holds = evaluate(*it);
    if (stopping_) return;  // the predicate did what an invariant must not
    if (it->deadline_step == 0) {
      if (!holds) {
        fail(failure_kind::assertion,
             it->described() + " stopped holding at step " + std::to_string(steps_) +
                 ", after the last operation of the trace",
             where);
        return;
      }
      ++it;
    } else if (holds) {
      it = invariants_.erase(it);  // an eventually() that came true is done
    } else if (steps_ >= it->deadline_step) {
      fail(failure_kind::assertion,
           it->described() + " was still false at step " + std::to_string(steps_) + ", its deadline", where);
      return;
    } else {
      ++it;
    }
  }
}

}  // namespace weft::inline sim_v1::detail
