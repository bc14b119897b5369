// lab-server: the lab's own TCP server (net/protocol.hpp) on 127.0.0.1.
//   lab-server [--port N] [--threads N]
// Its first stdout line is "port N", flushed, for the parent that started it
// (net/server_process.hpp); it serves until SIGINT or SIGTERM, then prints its `stats` line
// (connections accepted, CPU seconds used) on stdout.
#include <csignal>
#include <iostream>

#include <boost/program_options.hpp>

#include "core/cpus.hpp"
#include "core/error.hpp"
#include "core/fd_limit.hpp"
#include "net/protocol.hpp"
#include "net/server.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  try {
    unsigned port = 0, threads = 0;
    po::options_description opts("lab-server options");
    opts.add_options()("help", "this text")("port", po::value(&port)->default_value(0),
                                            "TCP port on 127.0.0.1; 0 = a free one")(
        "threads", po::value(&threads)->default_value(0),
        "loop threads, the first accepting for all (connections dealt round them); 0 = one per usable CPU")(
        "loop-threads", po::value(&threads), "the old name of --threads");
    po::variables_map vm;
    // No positional arguments: a stray word is a mistake to report, not to ignore.
    po::store(po::command_line_parser(argc, argv).options(opts).positional({}).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << opts;
      return 0;
    }
    if (port > 65535) throw lab::usage_error("--port must be in [0, 65535]");
    if (threads == 0) threads = static_cast<unsigned>(lab::usable_cpus());
    if (threads < 1 || threads > 1024) throw lab::usage_error("--threads must be in [0, 1024]");

    std::signal(SIGPIPE, SIG_IGN);  // a vanished client is an error code, never a signal
    lab::raise_open_files_limit();  // one descriptor per connection
    lab::net::server server({static_cast<std::uint16_t>(port), threads, true});
    std::cout << "port " << server.port() << std::endl;
    server.run();
    std::cout << lab::net::format_stats({server.accepted(), lab::net::process_cpu_s(), threads}) << std::endl;
    return 0;
  } catch (const lab::usage_error& e) {
    std::cerr << "lab-server: " << e.what() << '\n';
    return 2;
  } catch (const po::error& e) {
    std::cerr << "lab-server: " << e.what() << '\n';
    return 2;
  } catch (const lab::run_error& e) {
    std::cerr << "lab-server: " << e.what() << '\n';
    return 1;
  }
}
