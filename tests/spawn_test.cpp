#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "measure/proc_memory.hpp"
#include "overheads_support.hpp"
#include "support.hpp"

using namespace lab;

namespace {

char state_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() ? '?' : text[close + 2];
}

// No child of this process is left, running or as a zombie.
bool no_children_left() { return ::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

}  // namespace

TEST_CASE("spawn: threads are all parked at once when sampled") {
  auto probe = test::probe_for("threads", "spawn");
  const std::size_t n = 64;
  std::int64_t os_threads = 0;
  const std::size_t alive = probe->hold_alive(n, [&](const held_units& held) {
    CHECK(held.pids.empty());
    os_threads = proc_status_value(0, "Threads").value_or(0);
  });
  CHECK(alive == n);
  CHECK(os_threads >= static_cast<std::int64_t>(n + 1));  // the units and this thread, at least
  CHECK(proc_status_value(0, "Threads").value_or(0) < static_cast<std::int64_t>(n));  // and joined after
}

TEST_CASE("spawn: forked children are all blocked at once when sampled, and all reaped") {
  auto probe = test::probe_for("procs", "spawn");
  const std::size_t n = 12;
  std::size_t blocked = 0, seen = 0;
  const std::size_t alive = probe->hold_alive(n, [&](const held_units& held) {
    seen = held.pids.size();
    // Each child reported itself up just before its read(); give the last ones a moment
    // to fall asleep in it.
    for (int tries = 0; tries < 200 && blocked < n; ++tries) {
      blocked = 0;
      for (pid_t pid : held.pids) blocked += state_of(pid) == 'S' ? 1 : 0;
      if (blocked < n) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  CHECK(seen == n);
  CHECK(blocked == n);
  CHECK(alive == n);
  CHECK(no_children_left());
  probe->spawn_join(20);
  CHECK(no_children_left());
}

TEST_CASE("spawn: exec'd children are the model executable, all up at once") {
  auto probe = test::probe_for("procs", "spawn", {{"spawn", "exec"}});
  const std::size_t n = 4;
  std::size_t execd = 0;
  const std::size_t alive = probe->hold_alive(n, [&](const held_units& held) {
    for (pid_t pid : held.pids) {
      std::error_code ec;
      const auto exe = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
      execd += !ec && exe.filename() == "lab-procs" ? 1 : 0;
    }
  });
  CHECK(execd == n);
  CHECK(alive == n);
  CHECK(no_children_left());
  probe->spawn_join(3);
  CHECK(no_children_left());
  auto to_true = test::probe_for("procs", "spawn", {{"spawn", "exec"}, {"exec_target", "true"}});
  CHECK(to_true->unit_name().find("true") != std::string::npos);
  to_true->spawn_join(3);
  CHECK(no_children_left());
}

TEST_CASE("spawn: coroutines are all suspended at once when sampled") {
  auto probe = test::probe_for("async", "spawn");
  bool sampled = false;
  CHECK(probe->hold_alive(5000, [&](const held_units&) { sampled = true; }) == 5000);
  CHECK(sampled);
  probe->spawn_join(5000);
}

TEST_CASE("spawn: a plain call holds nothing") {
  auto probe = test::probe_for("serial", "spawn");
  CHECK_FALSE(probe->holds_units());
  CHECK(probe->hold_alive(10, [](const held_units&) {}) == 0);
}

TEST_CASE("spawn: every model's record has a fitted cost per unit and counts its units alive") {
  for (const std::string& model : test::models_running_here(scenario_names::spawn)) {
    // A hundredth of what the model spawns by default: a second or less each.
    const std::string units = std::to_string(find_model_info(model)->spawn_units / 100);
    CAPTURE(model);
    const record r = test::run_lab(model, "spawn", {{"units", units}, {"repeat", "1"}});
    REQUIRE_MESSAGE(r.ok, r.error);
    // A slope over a few tiny counts may come out negative on a busy machine: fit_test.cpp
    // checks the fit itself; here only that there is one.
    CHECK(r.metrics.at("per_unit_ns").is_number());
    CHECK(r.metrics.at("per_unit_r2").is_number());
    CHECK(*metric(r, "per_unit_ns_at_max") > 0);
    const auto& points = r.metrics.at("fit_points").as_array();
    CHECK(points.size() >= 3);  // 1, 3, 10, ..., units
    CHECK(points.back().as_array().at(0).to_number<double>() == std::stod(units));
    const bool holds = !is_baseline_model(model);
    CHECK(*metric(r, "alive_when_sampled") == (holds ? std::stod(units) : 0.0));
    if (holds) CHECK(*metric(r, "mem_per_unit_kib") > 0);
    CHECK(r.metrics.at("mem_method").as_string() ==
          (!find_model_info(model)->unit_memory.empty() ? "pss_sum_children" : holds ? "rss_delta" : "none"));
    // Why it costs that: page faults and CPU per unit, and the stack it reserves where it has one.
    CHECK(*metric(r, "minor_faults_per_unit") >= 0);
    CHECK(*metric(r, "major_faults_per_unit") >= 0);
    CHECK(*metric(r, "sys_ns_per_unit") >= 0);
    CHECK(*metric(r, "user_ns_per_unit") >= 0);
    if (const auto share = metric(r, "kernel_share")) CHECK((*share >= 0 && *share <= 1));
    const bool has_stack = model == "threads" || model == "fibers";
    CHECK(r.metrics.at("unit_stack_kib").is_number() == has_stack);
    if (has_stack) CHECK(*metric(r, "unit_stack_kib") >= 4);
    // A process's first touches of its copied pages are faults of its own.
    if (model == "procs") CHECK(*metric(r, "minor_faults_per_unit") >= 1);
  }
}
