// Concurrent state-machine tests: RapidCheck generates programs of commands, weft
// explores how their threads interleave, and the history is checked for
// linearizability against a sequential model.
//
// The approach is QuickCheck/PULSE's (Claessen et al., ICFP 2009): a sequential prefix,
// then parallel branches; shrinking removes commands (RapidCheck) while weft finds the
// failing interleaving again for each smaller program.
//
// A user writes, for a system under test S with a sequential model M and results R
// (equality-comparable and printable):
//
//   struct push : weft::lin::command<model, queue, result> {
//     int value;
//     bool precondition(const model& m) const override { return m.items.size() < 4; }
//     result apply(model& m) const override { m.items.push_back(value); return {}; }
//     result run(queue& q) const override { q.push(value); return {}; }
//     void show(std::ostream& out) const override { out << "push(" << value << ")"; }
//   };
//
// and checks it with weft::lin::gen_program(...) and weft::check_linearizable(...)
// (weft/properties/check.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include <weft/assert.hpp>
#include <weft/explore.hpp>
#include <weft/properties/linearizability.hpp>
#include <weft/thread.hpp>

namespace weft::lin {

template <class Model, class System, class Result>
struct command {
  virtual ~command() = default;
  // Whether the command may be generated in a state described by `model`.
  virtual bool precondition(const Model&) const { return true; }
  // The sequential specification: applies the command to the model and returns what
  // the system must return.
  virtual Result apply(Model& model) const = 0;
  // Runs the command on the system, possibly concurrently with others.
  virtual Result run(System& system) const = 0;
  virtual void show(std::ostream& out) const = 0;
};

template <class Model, class System, class Result>
using command_ptr = std::shared_ptr<const command<Model, System, Result>>;

template <class T>
inline constexpr bool is_optional = false;
template <class T>
inline constexpr bool is_optional<std::optional<T>> = true;

// A result as reports show it: RapidCheck's rc::toString, which shows std::optional (the
// usual result of a command that may find nothing) as "<???>", so an optional shows its
// value, or "nullopt" (an optional holding an optional shows "optional(...)" around it).
template <class Result>
std::string result_text(const Result& result) {
  if constexpr (is_optional<Result>) {
    if (!result.has_value()) return "nullopt";
    if constexpr (is_optional<typename Result::value_type>) return "optional(" + result_text(*result) + ")";
    return result_text(*result);
  } else {
    return rc::toString(result);
  }
}

// A sequential prefix, then branches that run in parallel, one thread each.
template <class Model, class System, class Result>
struct program {
  std::vector<command_ptr<Model, System, Result>> prefix;
  std::vector<std::vector<command_ptr<Model, System, Result>>> branches;

  std::size_t size() const {
    std::size_t n = prefix.size();
    for (const auto& b : branches) n += b.size();
    return n;
  }
};

template <class Model, class System, class Result>
void showValue(const program<Model, System, Result>& p, std::ostream& out) {
  const auto list = [&](const auto& commands) {
    out << "[";
    for (std::size_t i = 0; i < commands.size(); ++i) {
      if (i > 0) out << ", ";
      commands[i]->show(out);
    }
    out << "]";
  };
  out << "prefix ";
  list(p.prefix);
  for (std::size_t b = 0; b < p.branches.size(); ++b) {
    out << " | thread " << b + 1 << " ";
    list(p.branches[b]);
  }
}

struct shape {
  std::size_t threads = 2;
  std::size_t max_prefix = 3;
  std::size_t max_per_thread = 4;
};

// Lists of min..max elements from `gen`. A container of a drawn length shrinks only its
// elements, and a shorter length only cuts its last ones; these shrink, as RapidCheck's
// own containers do, by removing any run of elements (keeping at least min), then by
// shrinking each element.
template <class List, class T>
rc::Gen<List> gen_list(rc::Gen<T> gen, std::size_t min, std::size_t max) {
  using elements = std::vector<rc::Shrinkable<T>>;
  const auto shrinks = [min](const elements& e) {
    const auto long_enough = [min](const elements& shorter) { return shorter.size() >= min; };
    return rc::seq::concat(rc::seq::filter(rc::shrink::removeChunks(e), long_enough),
                           rc::shrink::eachElement(e, [](const rc::Shrinkable<T>& x) { return x.shrinks(); }));
  };
  const auto values = [](const elements& e) {
    List list;
    for (const auto& x : e) list.push_back(x.value());
    return list;
  };
  return [=](const rc::Random& random, int size) {
    rc::Random r = random;
    const std::size_t length = rc::gen::inRange<std::size_t>(min, max + 1)(r.split(), size).value();
    elements e;
    for (std::size_t i = 0; i < length; ++i) e.push_back(gen(r.split(), size));
    return rc::shrinkable::map(rc::shrinkable::shrinkRecur(std::move(e), shrinks), values);
  };
}

// Programs whose commands come from gen_command(model), a function returning an
// rc::Gen<command_ptr>. The prefix is drawn for the initial model and each branch for
// the model after the prefix; commands whose precondition fails when the prefix (then
// each branch) is applied in order are dropped. Every list is one pick of gen_list, so
// RapidCheck shrinks a program by removing any of its commands.
template <class Model, class System, class Result, class GenCommand>
rc::Gen<program<Model, System, Result>> gen_program(Model initial, GenCommand gen_command, shape s = {}) {
  using list = std::vector<command_ptr<Model, System, Result>>;
  return rc::gen::exec([=] {
    const auto draw = [&](const Model& model, std::size_t min, std::size_t max) {
      return *gen_list<list>(gen_command(model), min, max);
    };
    const auto keep_valid = [](Model& model, const list& commands) {
      list kept;
      for (const auto& c : commands) {
        if (!c->precondition(model)) continue;
        c->apply(model);
        kept.push_back(c);
      }
      return kept;
    };
    program<Model, System, Result> p;
    Model model = initial;
    p.prefix = keep_valid(model, draw(initial, 0, s.max_prefix));
    for (std::size_t t = 0; t < s.threads; ++t) {
      Model branch_model = model;
      p.branches.push_back(keep_valid(branch_model, draw(model, 1, s.max_per_thread)));
    }
    return p;
  });
}

// One completed operation of a run: who called what, what it returned, and when.
template <class Model, class System, class Result>
struct history_entry {
  std::size_t thread;  // 0 for the prefix
  command_ptr<Model, System, Result> cmd;
  Result result;
  interval when;
};

// Why no sequential order explains `history`, for a report.
template <class Model, class System, class Result>
std::string explain(const Model& initial, const std::vector<history_entry<Model, System, Result>>& history,
                    const check_result& checked) {
  std::ostringstream out;
  out << "the history is not linearizable: no sequential order of these operations, consistent with "
         "their real-time order, gives the results they returned\n  history (call..return positions):\n";
  for (const auto& h : history) {
    out << "    [" << h.when.call << ".." << h.when.ret << "] thread " << h.thread << ": ";
    h.cmd->show(out);
    out << " -> " << result_text(h.result) << "\n";
  }
  Model model = initial;
  std::vector<bool> placed(history.size(), false);
  out << "  the longest order the search found: ";
  for (std::size_t op : checked.order) {
    history[op].cmd->show(out);
    out << "; ";
    history[op].cmd->apply(model);
    placed[op] = true;
  }
  out << "\n  after it, every operation that could come next disagrees with the model:\n";
  std::uint64_t first_return = ~std::uint64_t{0};
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (!placed[i]) first_return = std::min(first_return, history[i].when.ret);
  }
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (placed[i] || history[i].when.call > first_return) continue;
    Model copy = model;
    const Result expected = history[i].cmd->apply(copy);
    out << "    ";
    history[i].cmd->show(out);
    out << " returned " << result_text(history[i].result) << ", the model says " << result_text(expected) << "\n";
  }
  return out.str();
}

// The test body for one program: a fresh System, the prefix on the main thread, one
// weft::thread per branch, then the linearizability check (a WEFT_ASSERT).
template <class Model, class System, class Result>
void run_and_check(const Model& initial, const program<Model, System, Result>& p) {
  System system;
  std::vector<history_entry<Model, System, Result>> history;
  std::uint64_t clock = 0;
  // Records around run(): no scheduling point separates a record from the operation,
  // so the recorded real-time order is the order in which the simulation ran them.
  const auto perform = [&](std::size_t thread, const command_ptr<Model, System, Result>& cmd) {
    const std::uint64_t call = clock++;
    Result result = cmd->run(system);
    history.push_back({thread, cmd, std::move(result), interval{call, clock++}});
  };
  for (const auto& cmd : p.prefix) perform(0, cmd);
  std::vector<weft::thread> threads;
  for (std::size_t b = 0; b < p.branches.size(); ++b) {
    threads.emplace_back([&, b] {
      for (const auto& cmd : p.branches[b]) perform(b + 1, cmd);
    });
  }
  for (auto& t : threads) t.join();

  std::vector<interval> intervals;
  for (const auto& h : history) intervals.push_back(h.when);
  const check_result checked = check(initial, intervals, [&](Model& model, std::size_t op) {
    return history[op].cmd->apply(model) == history[op].result;
  });
  if (!checked.linearizable) {
    const std::string why = explain(initial, history, checked);
    WEFT_ASSERT(checked.linearizable, why);
  }
}

}  // namespace weft::lin
