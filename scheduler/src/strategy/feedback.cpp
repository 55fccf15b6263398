#include "strategy/feedback.hpp"

#include <algorithm>

#include "strategy/random_choice.hpp"
#include "support/counted.hpp"

namespace weft::inline sim_v1::detail {

namespace {

// A fresh walk now and then keeps finding behaviour no corpus schedule is near.
constexpr std::uint64_t fresh_walk_odds = 8;
// With a warm-up, the first warm_up executions are fresh walks, and execution n after
// them is one with odds warm_up / (n + 1), until those fall to 1 in fresh_walk_odds (at
// n = 2047). A bug a walker finds within a few hundred executions is found about as fast
// as the walkers alone find it; one that needs thousands pays several hundred more.
constexpr std::uint64_t warm_up = 256;
// A corpus this size holds every behaviour of the bodies weft is for; past it (in
// schedules, or in choices recorded: 4M, at most 32 MB) a new schedule replaces a random
// old one, so a long exploration stays in bounded memory.
constexpr std::size_t corpus_limit = 4096;
constexpr std::size_t corpus_choices_limit = std::size_t{1} << 22;
// The newest schedules found something the older ones had not: half the parents are
// drawn from them.
constexpr std::size_t newest = 8;
// How far ahead a replay looks for a recorded thread that can run.
constexpr std::size_t look_ahead = 16;
// A recorded thread passed by this many times in a row has ended or waits for something
// the replay no longer does: it is dropped, so that it does not narrow the look-ahead.
constexpr std::uint32_t give_up_after = 64;

}  // namespace

feedback::feedback(std::uint64_t seed, settings how)
    : seed_(seed),
      spec_(std::move(how.spec)),
      walkers_(std::move(how.walkers)),
      warm_up_(how.warm_up),
      opening_(std::move(how.opening)) {
  for (const walker& w : walkers_) total_weight_ += w.weight;
}

bool feedback::fresh_walk() {
  if (corpus_.empty() || runs_ < opening_.size()) return true;
  if (warm_up_ && runs_ < warm_up) return true;
  if (warm_up_ && runs_ + 1 < warm_up * fresh_walk_odds) return rng_.below(runs_ + 1) < warm_up;
  return rng_.one_in(fresh_walk_odds);
}

strategy& feedback::pick_walker() {
  if (runs_ < opening_.size()) return *walkers_[opening_[runs_]].walks;
  std::uint64_t pick = rng_.below(total_weight_);
  for (walker& w : walkers_) {
    if (pick < w.weight) return *w.walks;
    pick -= w.weight;
  }
  return *walkers_.back().walks;
}

bool feedback::begin_execution(std::uint64_t index) {
  rng_.reseed(execution_seed(seed_, index));
  walking_ = nullptr;
  behaviour_.begin();
  made_.threads.clear();
  made_.values.clear();
  replay_.reset();
  if (fresh_walk()) {
    walking_ = &pick_walker();
    // The walker seeds its stream from (seed, index) as this strategy does: a different
    // index keeps its draws from repeating the ones that just chose it.
    walking_->begin_execution(index ^ 0x666565646261636bULL);
    return true;
  }
  const schedule& parent = corpus_[pick_parent()];
  replay_.plan.assign(parent.threads.begin(), parent.threads.end());
  replay_.values = &parent.values;
  plan_mutations();
  return true;
}

void feedback::thread_created(thread_index thread, thread_index parent) {
  if (walking_ != nullptr) walking_->thread_created(thread, parent);
}

std::size_t feedback::pick_parent() {
  if (rng_.one_in(2)) return corpus_.size() - 1 - rng_.below(std::min(newest, corpus_.size()));
  return rng_.below(corpus_.size());
}

void feedback::plan_mutations() {
  const std::size_t length = std::max<std::size_t>(replay_.plan.size(), 1);
  const std::uint64_t count = 1 + rng_.below(3);
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t kind = rng_.below(4);
    const twist what = kind < 2 ? twist::preempt : kind == 2 ? twist::delay : twist::random_tail;
    replay_.twists.emplace_back(rng_.below(length), what);
  }
  std::sort(replay_.twists.begin(), replay_.twists.end());
  if (!replay_.values->empty() && rng_.one_in(4)) replay_.value_to_redraw = rng_.below(replay_.values->size());
}

thread_index feedback::random_thread(const thread_choice& choice) {
  // A spinner is passed over while another thread can run: its loop cannot end until one does.
  const bool pass_over =
      choice.yielded && choice.can_run(choice.running);
  std::uint64_t pick = rng_.below(choice.enabled.size() - (pass_over ? 1 : 0));
  for (const thread_index t : choice.enabled) {
    if (pass_over && t == choice.running) continue;
    if (pick-- == 0) return t;
  }
  return choice.enabled.front();
}

std::size_t feedback::planned(const thread_choice& choice) const {
  std::size_t seen = 0;
  for (std::size_t j = replay_.next; j < replay_.plan.size() && seen < look_ahead; ++j) {
    if (replay_.plan[j] == no_thread) continue;
    ++seen;
    if (replay_.plan[j] == replay_.delayed) continue;
    if (choice.can_run(replay_.plan[j])) return j;
  }
  return SIZE_MAX;
}

void feedback::take(std::size_t j) {
  replay_.plan[j] = no_thread;
  skip_taken();
}

void feedback::skip_taken() {
  while (replay_.next < replay_.plan.size() && replay_.plan[replay_.next] == no_thread) {
    ++replay_.next;
    replay_.passed_by = 0;
  }
}

void feedback::pass_by_front(const thread_choice& choice) {
  if (replay_.next >= replay_.plan.size()) return;
  if (choice.can_run(replay_.plan[replay_.next])) {
    replay_.passed_by = 0;
  } else if (++replay_.passed_by >= give_up_after) {
    take(replay_.next);
  }
}

thread_index feedback::next_thread(const thread_choice& choice) {
  if (walking_ != nullptr) {
    made_.threads.push_back(walking_->next_thread(choice));
    return made_.threads.back();
  }
  const std::size_t position = made_.threads.size();
  thread_index chosen = no_thread;
  if (replay_.delay_left > 0 && --replay_.delay_left == 0) replay_.delayed = no_thread;
  pass_by_front(choice);
  for (; replay_.next_twist < replay_.twists.size() && replay_.twists[replay_.next_twist].first <= position; ++replay_.next_twist) {
    const std::size_t j = planned(choice);
    switch (replay_.twists[replay_.next_twist].second) {
      case twist::preempt:
        // Another runnable thread goes first; the recorded one keeps its place.
        if (j != SIZE_MAX) {
          do {
            chosen = choice.enabled[rng_.below(choice.enabled.size())];
          } while (chosen == replay_.plan[j]);
        }
        break;
      case twist::delay:
        if (j != SIZE_MAX) {
          replay_.delayed = replay_.plan[j];
          replay_.delay_left = 1 + static_cast<std::uint32_t>(rng_.below(8));
        }
        break;
      case twist::random_tail:
        replay_.random_from_here = true;
        break;
    }
  }
  if (chosen == no_thread && !replay_.random_from_here) {
    const std::size_t j = planned(choice);
    if (j != SIZE_MAX) {
      chosen = replay_.plan[j];
      take(j);
    }
  }
  if (chosen == no_thread) chosen = random_thread(choice);
  made_.threads.push_back(chosen);
  return chosen;
}

std::uint64_t feedback::next_value(const value_choice& choice) {
  const std::size_t position = made_.values.size();
  std::uint64_t answer = 0;
  // A recorded answer is replayed where the same kind of choice comes at the same place.
  const auto replays = [&] {
    if (replay_.values == nullptr || replay_.random_from_here || position >= replay_.values->size()) return false;
    const value_answer& recorded = (*replay_.values)[position];
    return position != replay_.value_to_redraw && recorded.what == choice.what && recorded.answer < choice.range;
  };
  if (walking_ != nullptr) {
    answer = walking_->next_value(choice);
  } else if (replays()) {
    answer = (*replay_.values)[position].answer;
  } else {
    answer = random_choice(rng_, choice);
  }
  made_.values.push_back({choice.what, answer});
  return answer;
}

void feedback::read_events(std::span<const event> events) {
  for (const event& e : events) {
    // Every event but the injections written to the trace alone (an early timeout, a
    // spurious wakeup or compare-exchange failure): the events feedback heard of when it
    // observed them one by one, so that it keeps the features (and the corpus, and the
    // bug-finding figures) it had then.
    if (e.what != op::timeout_fired_early && e.what != op::woken_spuriously && e.what != op::failed_spuriously) {
      behaviour_.executed(e.thread, pending_op{e.what, e.kind, e.object});
    }
  }
}

void feedback::end_execution(std::uint64_t steps) {
  if (walking_ != nullptr) walking_->end_execution(steps);
  ++runs_;
  replay_.values = nullptr;  // the corpus may move below
  if (behaviour_.commit() == 0) return;
  const std::size_t size = made_.threads.size() + made_.values.size();
  if (size > corpus_choices_limit) return;  // a schedule longer than the whole corpus may be
  // Room is made by dropping random schedules (the last one moves into the gap), so the
  // newest stay at the back, where pick_parent looks for them.
  while (corpus_.size() >= corpus_limit || corpus_choices_ + size > corpus_choices_limit) {
    const std::size_t dropped = rng_.below(corpus_.size());
    corpus_choices_ -= corpus_[dropped].threads.size() + corpus_[dropped].values.size();
    std::swap(corpus_[dropped], corpus_.back());
    corpus_.pop_back();
  }
  corpus_.push_back(made_);
  corpus_choices_ += size;
}

std::string feedback::summary() const {
  std::string text = describe() + " (corpus: " + counted(corpus_.size(), "schedule") + ", " +
                     counted(behaviour_.seen(), "behaviour") + " seen; fresh walks: ";
  for (std::size_t i = 0; i < walkers_.size(); ++i) {
    text += (i > 0 ? ", " : "") + walkers_[i].walks->summary();
  }
  return text + ")";
}

}  // namespace weft::inline sim_v1::detail
