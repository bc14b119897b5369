#pragma once
// The renderer `lab report` draws its charts with: gnuplot run as a child process with
// Boost.Process v2, the script on its stdin, the SVG back on its stdout. It lives here, in
// labcore, so that labreport (which only reads records and writes text) links no Asio or
// Boost.Process (report/svg_renderer.hpp).
#include <string>

#include "report/svg_renderer.hpp"

namespace lab::render {

// The gnuplot executable: `hint` when it names a file, else `gnuplot` on PATH; "" when none.
std::string find_gnuplot(const std::string& hint = "");

class gnuplot_process final : public report::svg_renderer {
 public:
  // Draws with find_gnuplot(hint); name() is "" when there is none.
  explicit gnuplot_process(const std::string& hint = "");
  std::string name() const override { return gnuplot_; }
  // A chart takes gnuplot milliseconds; one still running after 30 s is ended and reported.
  report::svg_result draw(const std::string& script) const override;

 private:
  std::string gnuplot_;
};

}  // namespace lab::render
