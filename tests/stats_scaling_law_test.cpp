// The scaling law chosen by how many core counts were measured, and the bootstrap interval of
// what it predicts (stats/scaling_law.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "stats/scaling_law.hpp"

using namespace lab::stats;

namespace {

// Runs of one point: `reps` times around `t`, spread by `noise` (deterministic, not random:
// the same test every time).
std::vector<double> runs(double t, int reps, double noise, int salt) {
  std::vector<double> out;
  for (int i = 0; i < reps; ++i) out.push_back(t * (1 + noise * std::sin(1.7 * i + 0.9 * salt)));
  return out;
}

// Points at `cores` of a machine whose speedup is USL(sigma, kappa), baseline 10 s at one core.
std::vector<scaling_sample> usl_points(const std::vector<double>& cores, double sigma, double kappa, int reps,
                                       double noise) {
  std::vector<scaling_sample> out;
  int salt = 1;
  for (double n : cores) {
    const double s = n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    out.push_back({n, runs(10 / s, reps, noise, salt++), 0});
  }
  return out;
}

std::vector<double> medians_speedup(const std::vector<scaling_sample>& pts, double base) {
  std::vector<double> out;
  for (const auto& p : pts) out.push_back(base / median(p.times));
  return out;
}

}  // namespace

TEST_CASE("scaling law: Amdahl under four distinct core counts, USL from four") {
  CHECK(fit_scaling(std::vector<double>{1, 2, 2}, std::vector<double>{1, 1.8, 1.8})->law == scaling_law::amdahl);
  CHECK(fit_scaling(std::vector<double>{1, 2, 4}, std::vector<double>{1, 1.8, 3})->law == scaling_law::amdahl);
  const auto usl = fit_scaling(std::vector<double>{1, 2, 4, 8}, std::vector<double>{1, 1.9, 3.4, 5.5});
  REQUIRE(usl);
  CHECK(usl->law == scaling_law::usl);
  CHECK_FALSE(fit_scaling(std::vector<double>{2, 2}, std::vector<double>{1, 1}));
}

TEST_CASE("scaling law: USL on 1..64 cores gives back the curve it was made from") {
  const std::vector<double> cores{1, 2, 4, 8, 16, 32, 64};
  const auto pts = usl_points(cores, 0.03, 0.0002, 5, 0);
  const auto f = fit_scaling(cores, medians_speedup(pts, 10));
  REQUIRE(f);
  CHECK(f->law == scaling_law::usl);
  CHECK(f->usl.sigma == doctest::Approx(0.03).epsilon(0.01));
  CHECK(f->usl.kappa == doctest::Approx(0.0002).epsilon(0.01));
  // Retrograde past the peak: a law that only saturates (Amdahl) could not say so.
  CHECK(f->speedup(256) < f->speedup(64));
}

TEST_CASE("scaling law: the prediction's interval comes from the runs' spread") {
  const std::vector<double> cores{1, 2, 4, 8};
  const std::vector<std::vector<double>> base{runs(10, 5, 0, 0)};
  const std::vector<double> at{64, 256};
  SUBCASE("runs that agree exactly give an interval of width zero") {
    const auto pts = usl_points(cores, 0.05, 0.001, 5, 0);
    const auto f = fit_scaling(cores, medians_speedup(pts, 10));
    const auto p = predict_scaling(*f, pts, base, at, 200);
    REQUIRE(p.size() == 2);
    CHECK(p[0].rounds == 200);
    CHECK(p[0].hi - p[0].lo == doctest::Approx(0).epsilon(1e-9));
  }
  SUBCASE("noisier runs, a wider interval") {
    std::vector<double> width;
    for (double noise : {0.01, 0.05}) {
      const auto pts = usl_points(cores, 0.05, 0.001, 5, noise);
      const std::vector<std::vector<double>> noisy_base{runs(10, 5, noise, 0)};
      const auto f = fit_scaling(cores, medians_speedup(pts, median(noisy_base[0])));
      const auto p = predict_scaling(*f, pts, noisy_base, at, 400);
      CHECK(p[0].lo < p[0].speedup);
      CHECK(p[0].speedup < p[0].hi);
      CHECK(p[0].lo > 0);
      width.push_back(p[0].hi - p[0].lo);
      MESSAGE("noise " << noise << ": " << p[0].speedup << " [" << p[0].lo << ", " << p[0].hi << "] at 64, " << p[1].speedup
                       << " [" << p[1].lo << ", " << p[1].hi << "] at 256");
      // The same runs, the same interval: the seed is fixed.
      const auto again = predict_scaling(*f, pts, noisy_base, at, 400);
      CHECK(again[0].lo == p[0].lo);
      CHECK(again[0].hi == p[0].hi);
    }
    CHECK(width[1] > 1.3 * width[0]);
  }
  SUBCASE("one run per point: nothing to resample, said so") {
    const auto pts = usl_points(cores, 0.05, 0.001, 1, 0.05);
    const std::vector<std::vector<double>> one{runs(10, 1, 0, 0)};
    const auto f = fit_scaling(cores, medians_speedup(pts, 10));
    const auto p = predict_scaling(*f, pts, one, at, 200);
    CHECK(p[0].from_one_run);
    CHECK(p[0].lo == p[0].hi);
  }
}

TEST_CASE("scaling law: Amdahl's interval on two core counts widens with the distance") {
  // A 2-core machine: 1 and 2 cores measured, predictions at 16 and 64.
  std::vector<scaling_sample> pts{{1, runs(10, 5, 0.03, 1), 0}, {2, runs(5.5, 5, 0.03, 2), 0}};
  const std::vector<std::vector<double>> base{pts[0].times};
  const auto f = fit_scaling(std::vector<double>{1, 2}, std::vector<double>{1, median(base[0]) / median(pts[1].times)});
  REQUIRE(f);
  CHECK(f->law == scaling_law::amdahl);
  const std::vector<double> at{16, 64};
  const auto p = predict_scaling(*f, pts, base, at, 400);
  CHECK(p[0].hi - p[0].lo > 0);
  CHECK(p[1].hi - p[1].lo > p[0].hi - p[0].lo);
}
