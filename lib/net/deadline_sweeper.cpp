#include "net/deadline_sweeper.hpp"

namespace lab::net {

namespace asio = boost::asio;

deadline_sweeper::watch::watch(deadline_sweeper& sweeper, asio::ip::tcp::socket& socket,
                               std::chrono::steady_clock::time_point deadline)
    : sweeper_(sweeper), socket_(socket), deadline_(deadline) {
  sweeper_.watched_.push_back(*this);
  sweeper_.arm(socket.get_executor());
}

deadline_sweeper::watch::~watch() {
  unlink();
  sweeper_.left();
}

deadline_sweeper& deadline_sweeper::use(const asio::any_io_executor& ex) {
  auto& ctx = asio::query(ex, asio::execution::context);
  if (!asio::has_service<deadline_sweeper>(ctx)) asio::steady_timer warm(ex);  // its timer's service first
  return asio::use_service<deadline_sweeper>(ctx);
}

void deadline_sweeper::shutdown() {
  watched_.clear();  // frames destroyed after this unlink nothing and arm nothing
  armed_ = false;
  timer_.reset();
}

void deadline_sweeper::arm(const asio::any_io_executor& ex) {
  if (armed_) return;
  if (!timer_) timer_.emplace(ex);
  armed_ = true;
  timer_->expires_after(every);
  timer_->async_wait([this, gen = ++generation_](boost::system::error_code ec) {
    if (gen != generation_) return;  // cancelled, and maybe re-armed since
    armed_ = false;
    if (ec) return;
    sweep();
    if (!watched_.empty()) arm(timer_->get_executor());
  });
}

void deadline_sweeper::sweep() {
  const auto now = std::chrono::steady_clock::now();
  for (auto& w : watched_)
    if (!w.late_ && w.deadline_ < now) {
      w.late_ = true;
      boost::system::error_code ignored;
      w.socket_.cancel(ignored);  // its connect, read or write ends with operation_aborted
    }
}

void deadline_sweeper::left() {
  if (!watched_.empty() || !armed_) return;
  armed_ = false;
  ++generation_;
  timer_->cancel();  // nothing left to watch: let the loop end
}

}  // namespace lab::net
