// The report's number formats (report/format.cpp) and CSV quoting (report/csv_writer.cpp).
#include <doctest/doctest.h>

#include "report/format.hpp"
#include "report/writers.hpp"

using namespace lab::report;

TEST_CASE("report: numbers read as units with three significant digits") {
  CHECK(fmt::seconds(1.23456) == "1.23 s");
  CHECK(fmt::seconds(0.41234) == "412 ms");
  CHECK(fmt::seconds(0.0000123) == "12.3 µs");
  CHECK(fmt::seconds(85e-9) == "85.0 ns");
  CHECK(fmt::seconds(0.9996) == "1.00 s");
  CHECK(fmt::seconds(123.4) == "123 s");
  CHECK(fmt::seconds_range(0.409, 0.4201) == "409–420 ms");
  CHECK(fmt::kib(812) == "812 KiB");
  CHECK(fmt::kib(4000) == "3.91 MiB");
  CHECK(fmt::kib(8 * 1024 * 1024) == "8.00 GiB");
  CHECK(fmt::ratio(1.954) == "1.95×");
  CHECK(fmt::percent(0.9712) == "97%");
  CHECK(fmt::percent(0.0042) == "0.42%");
  CHECK(fmt::p_value(0.0079365) == "p = 0.0079");
  CHECK(fmt::p_value(0.00001) == "p < 0.001");
  CHECK(fmt::r2(0.98765) == "0.99");
  CHECK(fmt::r2(-0.3) == "< 0");
  CHECK(fmt::metric("p99_ms", 12.5) == "12.5 ms");
  CHECK(fmt::metric("per_unit_ns", 350) == "350 ns");
  CHECK(fmt::metric("task_s_mean", 1.5) == "1.50 s");
  CHECK(fmt::metric("mem_per_unit_kib", 8.2) == "8.20 KiB");
  CHECK(fmt::metric("yields", 1600) == "1600");
  CHECK(fmt::sig(0.1234567890123) == "0.123");
  CHECK(fmt::sig(1500000) == "1500000");
}

TEST_CASE("report: CSV fields are quoted per RFC 4180") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field(" edge") == "\" edge\"");
}
