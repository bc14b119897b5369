#include "render/gnuplot_process.hpp"

#include <chrono>
#include <filesystem>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2.hpp>

namespace lab::render {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

std::string find_gnuplot(const std::string& hint) {
  if (!hint.empty()) {
    std::error_code ec;
    return std::filesystem::is_regular_file(hint, ec) ? hint : "";
  }
  return bp2::environment::find_executable("gnuplot").string();
}

gnuplot_process::gnuplot_process(const std::string& hint) : gnuplot_(find_gnuplot(hint)) {}

report::svg_result gnuplot_process::draw(const std::string& script) const {
  report::svg_result out;
  std::string svg, err;
  try {
    asio::io_context io;
    asio::writable_pipe in(io);
    asio::readable_pipe stdout_pipe(io), stderr_pipe(io);
    bp2::process proc(io, gnuplot_, {}, bp2::process_stdio{in, stdout_pipe, stderr_pipe});
    // A hung gnuplot must not hang the report.
    asio::steady_timer limit(io, std::chrono::seconds(30));
    bool timed_out = false;
    limit.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      timed_out = true;
      boost::system::error_code ignored;
      proc.terminate(ignored);
    });
    int open_outputs = 2;
    auto on_eof = [&](boost::system::error_code, std::size_t) {
      if (--open_outputs == 0) limit.cancel();
    };
    asio::async_write(in, asio::buffer(script), [&](boost::system::error_code, std::size_t) { in.close(); });
    asio::async_read(stdout_pipe, asio::dynamic_buffer(svg), on_eof);
    asio::async_read(stderr_pipe, asio::dynamic_buffer(err), on_eof);
    io.run();
    const int code = proc.wait();
    if (timed_out) {
      out.error = "gnuplot did not finish within 30 s";
      return out;
    }
    if (code != 0 || svg.find("<svg") == std::string::npos) {
      out.error = "gnuplot failed (exit " + std::to_string(code) + ")" + (err.empty() ? "" : ": " + err);
      return out;
    }
  } catch (const std::exception& e) {
    out.error = std::string("could not run gnuplot: ") + e.what();
    return out;
  }
  out.ok = true;
  out.svg = std::move(svg);
  return out;
}

}  // namespace lab::render
