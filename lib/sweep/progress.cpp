#include "sweep/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "check/fairness.hpp"

namespace lab {

namespace {

// The fairness check's runs by their item ("check:cpu-uniform"), as its table names them.
std::string what_runs(const plan_entry& e) {
  const bool check = fairness::is_check_experiment(e.experiment);
  std::string s = e.request.model + " " + (check ? e.experiment : e.request.scenario);
  if (!e.label.empty()) s += " " + e.label;
  return s;
}

std::string outcome_text(const record& r) {
  if (!r.ok) return "FAILED: " + r.error;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", r.wall_s);
  return buf;
}

class line_progress final : public sweep_progress {
 public:
  explicit line_progress(std::ostream& out) : out_(out) {}

  void run_started(const plan_entry&, bool, std::size_t, std::size_t, double) override {}

  void run_finished(const plan_entry& e, bool warmup, const record& r, std::size_t done, std::size_t total,
                    double) override {
    if (warmup)
      out_ << "[warm-up] " << what_runs(e) << ": " << outcome_text(r) << '\n';
    else
      out_ << '[' << done << '/' << total << "] " << what_runs(e) << " rep " << e.rep << ": " << outcome_text(r)
           << '\n';
    out_.flush();
  }

  void sweep_finished(std::size_t, std::size_t, double) override {}

 private:
  std::ostream& out_;
};

class bar_progress final : public sweep_progress {
 public:
  explicit bar_progress(std::ostream& out) : out_(out) {}

  void run_started(const plan_entry& e, bool warmup, std::size_t done, std::size_t total,
                   double elapsed_s) override {
    draw(done, total, elapsed_s, (warmup ? "warm-up " : "") + what_runs(e) + (warmup ? "" : " rep " + std::to_string(e.rep)));
  }

  void run_finished(const plan_entry& e, bool warmup, const record& r, std::size_t done, std::size_t total,
                    double elapsed_s) override {
    if (!r.ok) {  // a failure stays on screen, above the bar
      out_ << "\r\033[K" << (warmup ? "warm-up " : "") << what_runs(e) << " rep " << e.rep << ": " << outcome_text(r)
           << '\n';
    }
    draw(done, total, elapsed_s, "");
  }

  void sweep_finished(std::size_t done, std::size_t total, double elapsed_s) override {
    draw(done, total, elapsed_s, "");
    out_ << '\n' << std::flush;
  }

 private:
  void draw(std::size_t done, std::size_t total, double elapsed_s, const std::string& now) {
    constexpr int width = 24;
    const double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const int filled = static_cast<int>(std::lround(frac * width));
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) on "literal" + string&&.
    std::string line = "\r";
    line.append(std::to_string(done)).append("/").append(std::to_string(total)).append(" [");
    line.append(static_cast<std::size_t>(filled), '#').append(static_cast<std::size_t>(width - filled), '.');
    line.append("] ").append(format_duration(elapsed_s));
    if (done > 0 && done < total)
      line.append(", ETA ").append(
          format_duration(elapsed_s / static_cast<double>(done) * static_cast<double>(total - done)));
    if (!now.empty()) line.append("  ").append(now);
    constexpr std::size_t max_columns = 100;  // one terminal row; '\r' cannot rewrite a wrapped line
    if (line.size() > max_columns + 1) line.resize(max_columns + 1);
    out_ << line << "\033[K" << std::flush;
  }

  std::ostream& out_;
};

}  // namespace

std::unique_ptr<sweep_progress> make_progress(std::ostream& out, bool terminal) {
  if (terminal) return std::make_unique<bar_progress>(out);
  return std::make_unique<line_progress>(out);
}

std::string format_duration(double seconds) {
  const long long s = std::max(0LL, std::llround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  return buf;
}

}  // namespace lab
