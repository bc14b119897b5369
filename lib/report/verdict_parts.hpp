#pragma once
// The pieces of the verdict section (report/verdict.cpp puts them together): one point's
// sentences (verdict_point.cpp), a sweep's segments and crossovers (verdict_segments.cpp),
// a sweep's sentences (verdict_sweep.cpp), the glance table and the machines side by side.
#include <string>
#include <utility>
#include <vector>

#include "report/prose.hpp"

namespace lab::report::prose {

// One point's comparison in a few sentences.
std::string point_sentences(const analysed_experiment& e, const point& p);
// Every contender best first, for points with more than two; "" otherwise.
std::string ranking(const analysed_experiment& e, const point& p);
// The best variant's efficiency and speedup, for wall-time scenarios.
std::string best_context(const analysed_experiment& e, const point& p);

// Consecutive points along the primary axis with the same answer.
struct segment {
  enum class kind { win, tie, undecided, none } what = kind::none;
  std::vector<std::size_t> variants;  // the winner; the tied (or undecided) pair; the one survivor
  std::vector<const point*> points;
};
std::vector<segment> segments(const analysed_experiment& e, const std::vector<const point*>& points);
// The primary-axis values of consecutive points: "16–256" for numbers, "gauss, uniform" else.
std::string values_text(const std::vector<const point*>& points);
std::string range_text(const analysed_experiment& e, const segment& s);
std::string segment_bullet(const analysed_experiment& e, const segment& s);

// Where a different variant starts to win: between the last point of one winning segment
// and the first of the next one won by another variant (ties in between are named).
struct crossover {
  std::size_t from = 0, to = 0;
  const point* before = nullptr;  // the last point `from` won
  const point* after = nullptr;   // the first point `to` won
  std::vector<const segment*> between;
};
std::vector<crossover> find_crossovers(const std::vector<segment>& segs);
std::vector<std::string> crossovers(const analysed_experiment& e, const std::vector<segment>& segs);

// Runs that failed, by variant and point; "" when none did.
std::string failures_sentence(const analysed_experiment& e, const std::vector<const point*>& points);
// Sweeps: per series, the run of answers along the primary axis.
std::vector<block> sweep_blocks(const analysed_experiment& e);
// One variant along a sweep (a wall-time scenario): where its time is lowest and highest.
std::vector<block> range_blocks(const analysed_experiment& e, const std::string& intro);

// The glance table's "best" and "by" cells for a point's comparison: the winner and its margin
// with p, the tie and why, or "A or B?" and "undecided (...)".
// `v`: another comparison at the point (point::against_baseline); by default its verdict.
std::pair<std::string, std::string> best_and_by(const analysed_experiment& e, const point& p, const comparison& v);
inline std::pair<std::string, std::string> best_and_by(const analysed_experiment& e, const point& p) {
  return best_and_by(e, p, p.verdict);
}
// One row per compared experiment: the answer at its last point and where it changes.
block glance_table(const analysis& a, const std::string& host);
// The same experiment run on several machines: each variant at its best point, per host.
std::vector<block> across_machines(const analysis& a);
// For each experiment whose machines answer differently: a sentence saying so, for the top.
std::vector<block> machine_dependence(const analysis& a);

}  // namespace lab::report::prose
