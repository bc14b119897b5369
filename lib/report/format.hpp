#pragma once
// Numbers as a reader wants them: a unit chosen by magnitude and three significant digits
// ("412 ms", "3.91 MiB", "1.95×"), never 17-digit floats. Non-finite values print as "—".
#include <string>

#include <boost/json/value.hpp>

namespace lab::report::fmt {

// v rounded to `digits` significant digits, without an exponent: 0.0123, 412, 1.50e6 -> 1500000.
std::string sig(double v, int digits = 3);
std::string seconds(double s);                // 1.23 s, 412 ms, 12.3 µs, 85 ns
std::string seconds_range(double lo, double hi);  // "409–420 ms": both in the unit of hi
std::string kib(double k);                    // 812 KiB, 3.91 MiB, 1.2 GiB
std::string ratio(double r);                  // 1.95×
std::string percent(double fraction);         // 97%, 4.2%, 0.35%
std::string p_value(double p);                // p = 0.031, p < 0.001
std::string r2(double r2);                    // 0.98; "< 0" for a fit worse than the mean
std::string count(double n);                  // 0, 5, 5.20, 1200, 3.40 M
// A measured quantity that is usually whole (cores, r²-free counts): 2 not 2.00, else sig().
std::string plain(double v);
// A metric by the unit its key ends with (_ms, _ns, _us, _s, _kib) or holds (task_s_mean),
// else a plain number.
std::string metric(const std::string& key, double v);
// Two values of one metric as a range in the unit of the larger: "305–320 ns", "1.0–1.1 KiB".
std::string metric_range(const std::string& key, double lo, double hi);
// A parameter value as written in a config: integers without ".0", strings bare.
std::string param(const boost::json::value& v);

}  // namespace lab::report::fmt
