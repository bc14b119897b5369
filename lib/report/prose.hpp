#pragma once
// The verdict's small phrases (report/prose.cpp), shared by its sentences (verdict*.cpp) and
// the scenarios' parts (report/scenarios/). Text uses the document's two inline marks.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "report/document.hpp"

namespace lab::report::prose {

// Memory differences below this ratio are "similar".
inline constexpr double memory_margin = 1.10;
// A time within this fraction of its ideal is near it.
inline constexpr double near_ideal = 0.10;

std::string bold(const std::string& s);
std::string code(const std::string& s);
std::string capitalized(std::string s);
std::string signed_percent(double d);  // "+1.9%", "−3.0%"
std::string runs(std::size_t a, std::size_t b);  // "5 vs 5 runs"
// Variants with a successful run at the point.
std::size_t ok_variants(const point& p);
// A variant's median of the primary metric at a point.
double value_of(const point& p, std::size_t v);
// The primary value with what it is: "1.00 s median", "310 ns per unit".
std::string with_per(const analysed_experiment& e, double v);
// What counts as noise between two cells: min_effect or the larger CV.
double noise_of(const cell& a, const cell& b);
// The 90% interval of the runner-up's ratio to the best: "0.99–1.01".
std::string ratio_interval(const comparison& v);
std::string test_text(const comparison& v);  // "p = 0.016", or "round by round, p = 0.016" where paired
// A tie that is not shown to be one, and why not.
std::string undecided(const comparison& v, const std::string& best);
// Why not, alone: "the runs lean to async by about 9%, ..." or "too spread for ±2%: about 40
// runs each would show a tie". `best`: the best variant's label.
std::string why_undecided(const comparison& v, const std::string& best);
// The one vocabulary of a comparison, the same in the glance table, the verdict and every
// sentence: a winner (with p and the margin), a tie (the ratio's interval within ±2%, or within
// the fairness check's bias), or undecided (with why, and what would decide).
enum class call { winner, tentative, tie, undecided, none };
call call_of(const comparison& v);
// "6.3% apart": the gap between the two medians printed beside it ("13.2× apart" past 2×).
std::string apart(const point& p, const comparison& v);
inline std::string apart(const point& p) { return apart(p, p.verdict); }
// The runner-up's median over the best's (>= 1 whichever way is better); 0 without both.
double median_ratio(const point& p, const comparison& v);
inline double median_ratio(const point& p) { return median_ratio(p, p.verdict); }
// The margin and the test: "6.3% apart, p = 0.078"; where the runs were paired by round, the
// paired estimate follows, labelled: "6.3% apart; round by round 4.1%, p = 0.078".
// `v`: another comparison at the point (point::against_baseline); by default its verdict.
std::string margin_text(const point& p, const comparison& v);
inline std::string margin_text(const point& p) { return margin_text(p, p.verdict); }
// Why a tie is one: "the ratio's 90% interval 0.99–1.01 lies within ±2.0%", or within the bias.
std::string tie_reason(const comparison& v);
// Why a margin the test would call a win is called a tie (analysis.hpp, comparison::bias).
std::string within_bias(const comparison& v);
// "`workers=4`": the point's value of the primary axis.
std::string along(const analysed_experiment& e, const point& p);
// The contenders at a point that measured the primary metric, best first.
std::vector<std::size_t> ranked(const analysed_experiment& e, const point& p);
// The baseline variant where it is the floor and measured at the point.
std::optional<std::size_t> serial_floor(const analysed_experiment& e, const point& p);
// "135×" when both are positive; a fit's slope can come out at or below zero in noise.
std::optional<std::string> times(double num, double den);
// A scenario's lines: one paragraph for a one-point experiment, else a bullet per point.
std::vector<block> per_point(const analysed_experiment& e, const std::string& intro,
                             const std::function<std::string(const point&)>& line);
// "threads condvar": the variant and the mechanism its runs used.
std::string pairing(const analysed_experiment& e, const point& p, std::size_t v);

}  // namespace lab::report::prose
