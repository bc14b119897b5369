// lab-server: the lab's own TCP server (net/protocol.hpp) on 127.0.0.1.
//   lab-server [--port N] [--loop-threads N]
// Its first stdout line is "port N", flushed, for the parent that started it
// (net/server_process.hpp); it serves until SIGINT or SIGTERM.
#include <csignal>
#include <iostream>

#include <boost/program_options.hpp>

#include "core/error.hpp"
#include "core/fd_limit.hpp"
#include "net/server.hpp"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  try {
    unsigned port = 0, loop_threads = 1;
    po::options_description opts("lab-server options");
    opts.add_options()("help", "this text")("port", po::value(&port)->default_value(0),
                                            "TCP port on 127.0.0.1; 0 = a free one")(
        "loop-threads", po::value(&loop_threads)->default_value(1), "threads running the event loop");
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::cout << opts;
      return 0;
    }
    if (port > 65535) throw lab::usage_error("--port must be in [0, 65535]");
    if (loop_threads < 1 || loop_threads > 1024) throw lab::usage_error("--loop-threads must be in [1, 1024]");

    std::signal(SIGPIPE, SIG_IGN);  // a vanished client is an error code, never a signal
    lab::raise_open_files_limit();  // one descriptor per connection
    lab::net::server server({static_cast<std::uint16_t>(port), loop_threads, true});
    std::cout << "port " << server.port() << std::endl;
    server.run();
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
