// weft inside RapidCheck properties (link weft::properties).
//
//   RC_GTEST_PROP(Queue, IsLinearizable, ()) {
//     const auto p = *weft::lin::gen_program<model, queue, result>(model{}, gen_command);
//     weft::check_linearizable(opts, model{}, p);
//   }
//
// RapidCheck generates the input (and shrinks it); weft explores the schedules of each
// input. A failure fails the property with weft's report. To replay it, rerun with the
// RC_PARAMS="reproduce=..." RapidCheck prints (it regenerates the same input) — weft's
// exploration of an input is deterministic for given options — or replay the printed
// weft token against the body for that input.
#pragma once

#include <functional>

#include <weft/explore.hpp>
#include <weft/properties/state_machine.hpp>

WEFT_BEGIN_NAMESPACE

// Explores `body` with `opt`; if a schedule fails, fails the enclosing RapidCheck
// property (RC_FAIL) with the report and the replay token.
void explore_property(const options& opt, const std::function<void()>& body);

// Runs `p` under exploration and fails the property unless every explored schedule gave
// a linearizable history (and no other failure).
template <class Model, class System, class Result>
void check_linearizable(const options& opt, const Model& initial, const lin::program<Model, System, Result>& p) {
  explore_property(opt, [&] { lin::run_and_check(initial, p); });
}

WEFT_END_NAMESPACE
