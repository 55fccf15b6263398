// Checking a concurrent history for linearizability against a sequential model.
//
// Herlihy & Wing, "Linearizability", TOPLAS 1990 (the definition); the search is Wing &
// Gong's (1993) over orders consistent with real time, made practical by Lowe's
// just-in-time linearization with a memo of visited (set of linearized operations, model
// state) pairs ("Testing for linearizability", Concurrency and Computation 2017): the
// history is a list of call and return events; the checker repeatedly linearizes an
// operation whose call is pending (if the model agrees with what it returned), and
// backtracks when it reaches the return of an operation it has not linearized.
//
// Requirements: Model is copyable and equality-comparable (for the memo); apply(model,
// op) applies op to model and returns whether the result op recorded is what the model
// gives. Every operation has completed (call < ret).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace weft::lin {

// Real-time interval of one operation: positions of its call and its return in the
// history (any increasing clock).
struct interval {
  std::uint64_t call;
  std::uint64_t ret;
};

struct check_result {
  bool linearizable = false;
  // A linearization when linearizable; otherwise the longest prefix of one that the
  // search found (indices into the history).
  std::vector<std::size_t> order;
};

namespace detail {

class operation_set {
 public:
  explicit operation_set(std::size_t n) : words_((n + 63) / 64, 0) {}
  void set(std::size_t i) { words_[i / 64] |= std::uint64_t{1} << (i % 64); }
  void reset(std::size_t i) { words_[i / 64] &= ~(std::uint64_t{1} << (i % 64)); }
  bool operator==(const operation_set&) const = default;
  std::size_t hash() const noexcept {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::uint64_t w : words_) h = (h ^ w) * 0x100000001b3ULL;
    return static_cast<std::size_t>(h);
  }

 private:
  std::vector<std::uint64_t> words_;
};

// The call and return events of the history in time order, as a doubly linked list from
// which a linearized operation's two events are lifted (and put back on backtracking).
class event_list {
 public:
  static constexpr int end = -1;

  explicit event_list(const std::vector<interval>& ops) : events_(2 * ops.size()) {
    std::vector<std::pair<std::uint64_t, int>> by_time;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      by_time.emplace_back(ops[i].call, static_cast<int>(2 * i));
      by_time.emplace_back(ops[i].ret, static_cast<int>(2 * i + 1));
    }
    std::sort(by_time.begin(), by_time.end());
    int previous = end;
    for (const auto& [time, id] : by_time) {
      events_[static_cast<std::size_t>(id)].previous = previous;
      if (previous == end) {
        head_ = id;
      } else {
        events_[static_cast<std::size_t>(previous)].next = id;
      }
      previous = id;
    }
  }

  int head() const noexcept { return head_; }
  int next(int id) const noexcept { return at(id).next; }
  static bool is_call(int id) noexcept { return id % 2 == 0; }
  static std::size_t operation(int id) noexcept { return static_cast<std::size_t>(id / 2); }

  // Removes a call event and its return.
  void lift(int call) noexcept {
    unlink(call);
    unlink(call + 1);
  }
  // Undoes the lift of `call`; lifts must be undone in reverse order.
  void unlift(int call) noexcept {
    relink(call + 1);
    relink(call);
  }

 private:
  struct node {
    int previous = end;
    int next = end;
  };
  node& at(int id) noexcept { return events_[static_cast<std::size_t>(id)]; }
  const node& at(int id) const noexcept { return events_[static_cast<std::size_t>(id)]; }
  void unlink(int id) noexcept {
    const node& n = at(id);
    if (n.previous == end) {
      head_ = n.next;
    } else {
      at(n.previous).next = n.next;
    }
    if (n.next != end) at(n.next).previous = n.previous;
  }
  void relink(int id) noexcept {
    const node& n = at(id);
    if (n.previous == end) {
      head_ = id;
    } else {
      at(n.previous).next = id;
    }
    if (n.next != end) at(n.next).previous = id;
  }

  std::vector<node> events_;
  int head_ = end;
};

}  // namespace detail

// Searches for a linearization of the operations whose real-time intervals are `ops`.
// apply(Model&, std::size_t op) must apply operation `op` to the model and return
// whether its recorded result matches the model's.
template <class Model, class Apply>
check_result check(const Model& initial, const std::vector<interval>& ops, Apply&& apply) {
  detail::event_list events(ops);
  detail::operation_set done(ops.size());
  std::unordered_map<std::size_t, std::vector<std::pair<detail::operation_set, Model>>> seen;
  const auto first_visit = [&](const Model& model) {
    auto& bucket = seen[done.hash()];
    for (const auto& [set, state] : bucket) {
      if (set == done && state == model) return false;
    }
    bucket.emplace_back(done, model);
    return true;
  };

  struct frame {
    int call;
    Model before;
  };
  std::vector<frame> stack;
  check_result result;
  Model model = initial;
  int at = events.head();
  while (at != detail::event_list::end) {
    if (detail::event_list::is_call(at)) {
      const std::size_t op = detail::event_list::operation(at);
      Model after = model;
      if (apply(after, op)) {
        done.set(op);
        if (first_visit(after)) {
          stack.push_back({at, std::move(model)});
          model = std::move(after);
          events.lift(at);
          if (stack.size() > result.order.size()) {
            result.order.clear();
            for (const frame& f : stack) result.order.push_back(detail::event_list::operation(f.call));
          }
          at = events.head();
          continue;
        }
        done.reset(op);
      }
      at = events.next(at);
    } else {
      // The return of an operation not yet linearized: nothing earlier can go first.
      if (stack.empty()) return result;
      frame top = std::move(stack.back());
      stack.pop_back();
      model = std::move(top.before);
      done.reset(detail::event_list::operation(top.call));
      events.unlift(top.call);
      at = events.next(top.call);
    }
  }
  result.linearizable = true;
  return result;
}

}  // namespace weft::lin
