#pragma once
// The deadlines of every exchange in flight on an io_context run by one thread, kept by one
// timer that wakes every `every` and cancels the sockets whose deadline has passed, rather
// than a timer raced against each exchange: `||` costs a parallel group, two coroutines and a
// timer per request (a third of the client's CPU at 60,000 pooled requests/s, and more at
// 10,000 fresh connections in flight). A deadline is kept to within `every`.
//
// An Asio service, so it lives exactly as long as its io_context; use() registers the
// services it depends on first, so that it is shut down before them. One loop thread only.
#include <chrono>
#include <cstdint>
#include <optional>

#include <boost/asio/execution_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/intrusive/list.hpp>

namespace lab::net {

class deadline_sweeper : public boost::asio::execution_context::service {
 public:
  using key_type = deadline_sweeper;
  static inline boost::asio::execution_context::id id;
  static constexpr std::chrono::milliseconds every{50};

  // One socket's deadline, in the frame of the coroutine that awaits on the socket: watched
  // from its constructor to its destructor, no allocation.
  class watch : public boost::intrusive::list_base_hook<boost::intrusive::link_mode<boost::intrusive::auto_unlink>> {
   public:
    watch(deadline_sweeper& sweeper, boost::asio::ip::tcp::socket& socket, std::chrono::steady_clock::time_point deadline);
    ~watch();
    watch(const watch&) = delete;
    watch& operator=(const watch&) = delete;
    // The deadline passed and the socket's operations were cancelled (operation_aborted).
    bool late() const { return late_; }

   private:
    friend class deadline_sweeper;
    deadline_sweeper& sweeper_;
    boost::asio::ip::tcp::socket& socket_;
    std::chrono::steady_clock::time_point deadline_;
    bool late_ = false;
  };

  // The sweeper of the executor's io_context.
  static deadline_sweeper& use(const boost::asio::any_io_executor& ex);

  explicit deadline_sweeper(boost::asio::execution_context& ctx) : service(ctx) {}
  void shutdown() override;

 private:
  void arm(const boost::asio::any_io_executor& ex);
  void sweep();
  void left();

  boost::intrusive::list<watch, boost::intrusive::constant_time_size<false>> watched_;
  std::optional<boost::asio::steady_timer> timer_;
  bool armed_ = false;
  std::uint64_t generation_ = 0;
};

}  // namespace lab::net
