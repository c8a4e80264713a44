// fax_socket_peer against a stand-in for the engine's --audio-socket: this
// program listens on a Unix socket, starts the peer (built next to it), and
// plays the engine's part -- write one 160-byte A-law frame, wait for one
// back -- with a FaxSession of its own on the other end of the call.
//   - the peer sends (calling, ECM) and we receive: same pixels, both succeed;
//   - the peer receives (answering, no ECM) and we send: same pixels;
//   - we hang up in page 2: the peer reports the dropped call and exits 1;
//   - bad arguments, a missing document, nothing listening: exit 2 with one
//     JSON line (or usage on stderr).
// All in simulated time: the peer runs as fast as we feed it.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "dsp/fax_report.h"
#include "dsp/fax_session.h"
#include "dsp/g711.h"
#include "fax_test_pages.h"
#include "tap.h"

using namespace tl;
using tl::test::format;

namespace {

constexpr size_t kFrame = 160;
// A safety net only (never a measured bound): wall time to wait for the peer.
constexpr int kPollMs = 60'000;

std::string peerPath() {
  char self[PATH_MAX] = {};
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string dir = n > 0 ? std::string(self, static_cast<size_t>(n)) : std::string("./x");
  return dir.substr(0, dir.rfind('/')) + "/fax_socket_peer";
}

struct Peer {
  pid_t pid = -1;
  int out = -1;  // the peer's stdout
};

Peer spawnPeer(const std::vector<std::string>& args) {
  int pipeFd[2];
  if (::pipe(pipeFd) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipeFd[1], 1);
    ::close(pipeFd[0]);
    ::close(pipeFd[1]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    std::vector<char*> argv;
    static std::string exe = peerPath();
    argv.push_back(exe.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(pipeFd[1]);
  return {pid, pipeFd[0]};
}

// Waits for the peer to exit; its exit code and stdout.
int reap(const Peer& p, std::string* output) {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(p.out, buf, sizeof buf);
    if (n <= 0) break;
    output->append(buf, static_cast<size_t>(n));
  }
  ::close(p.out);
  int status = 0;
  ::waitpid(p.pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int listenOn(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ::unlink(path.c_str());
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 1) != 0) {
    return -1;
  }
  return fd;
}

bool waitReadable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, kPollMs) == 1;
}

bool readFull(int fd, uint8_t* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    if (!waitReadable(fd)) return false;
    const ssize_t r = ::read(fd, buf + got, n - got);
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

struct Call {
  int peerExit = -1;
  std::string peerJson;
  dsp::FaxResult ours;
  bool peerClosed = false;  // the peer closed the socket (after its phase E)
  uint64_t frames = 0;
};

// Plays the engine: accept the peer, then write a frame / read a frame until
// the peer closes the socket, or until `hangupAfterPages` pages have been
// confirmed on our side plus 4 s (then we close: a hangup).
Call runCall(const std::string& sock, const std::vector<std::string>& peerArgs, const dsp::FaxOptions& ours,
             int hangupAfterPages = -1) {
  Call call;
  const int listener = listenOn(sock);
  const Peer peer = spawnPeer(peerArgs);
  dsp::FaxSession session;
  std::string error;
  if (listener < 0 || peer.pid < 0 || !session.start(ours, &error)) {
    std::fprintf(stderr, "set-up failed: %s\n", error.c_str());
    return call;
  }
  int conn = -1;
  if (waitReadable(listener)) conn = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  if (conn >= 0) {
    uint8_t out[kFrame];
    uint8_t in[kFrame];
    int16_t rx[kFrame] = {};
    int16_t tx[kFrame];
    uint64_t hangupAt = 0;
    const uint64_t maxFrames = 1800 * 50;
    while (call.frames < maxFrames) {
      session.process(rx, tx, kFrame);
      dsp::FaxEvent ev[8];
      const size_t k = session.takeEvents(ev, 8);
      for (size_t i = 0; i < k; ++i) {
        if (hangupAfterPages >= 0 && !hangupAt && ev[i].kind == dsp::FaxEventKind::Page &&
            ev[i].pages == hangupAfterPages) {
          hangupAt = call.frames + 4 * 50;
        }
      }
      if (hangupAt && call.frames >= hangupAt) break;
      dsp::alawEncode(tx, out, kFrame);
      if (::write(conn, out, kFrame) != static_cast<ssize_t>(kFrame) || !readFull(conn, in, kFrame)) {
        call.peerClosed = true;
        break;
      }
      dsp::alawDecode(in, rx, kFrame);
      ++call.frames;
    }
    ::close(conn);
  }
  session.abort();  // the call is over (no effect if phase E came)
  call.ours = session.result();
  call.peerExit = reap(peer, &call.peerJson);
  ::unlink(sock.c_str());
  return call;
}

bool has(const std::string& json, const std::string& what) { return json.find(what) != std::string::npos; }

}  // namespace

int main() {
  // The peer closes its end after phase E: a write then fails with EPIPE.
  ::signal(SIGPIPE, SIG_IGN);
  test::Tap tap;
  char tmpl[] = "/tmp/tl-faxsock-XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  const std::string sock = dir + "/audio.sock";
  const std::string doc = dir + "/doc.tiff";
  std::vector<test::Bitmap> pages;
  for (uint32_t i = 0; i < 3; ++i) pages.push_back(test::makePage(300 + i, 196));
  const std::string written = test::writeTiff(doc, pages);
  if (!written.empty()) {
    std::fprintf(stderr, "%s\n", written.c_str());
    return 2;
  }
  std::string err;

  {
    // The peer calls and sends; we answer and receive.
    const std::string got = dir + "/we-received.tiff";
    dsp::FaxOptions ours;
    ours.file = got;
    ours.localIdent = "+86 10 95588";
    const Call c = runCall(sock, {"--socket", sock, "--send", doc, "--calling", "--ident", "+86 21 5555 0000"}, ours);
    tap.check(c.peerExit == 0 && has(c.peerJson, "\"success\":true") && has(c.peerJson, "\"pages\":3") &&
                  has(c.peerJson, "\"remoteIdent\":\"+86 10 95588\"") && has(c.peerJson, "\"hangup\":false"),
              "peer sends 3 pages (calling, ECM): exit 0, its JSON reports success", c.peerJson);
    tap.check(c.ours.success && c.ours.pages == 3 && std::strcmp(c.ours.remoteIdent, "+86 21 5555 0000") == 0 &&
                  c.ours.ecm && c.peerClosed,
              "the engine side receives 3 pages with ECM from the peer's TSI", dsp::faxResultJson(c.ours));
    const std::string cmp = test::compareDocuments(pages, test::readTiff(got, &err));
    tap.check(cmp.empty() && err.empty(), "the received document has the peer's pixels", cmp + err);
    tap.note("peer: %s", c.peerJson.substr(0, c.peerJson.find('\n')).c_str());
  }
  {
    // We call and send; the peer answers and receives, without ECM.
    const std::string got = dir + "/peer-received.tiff";
    dsp::FaxOptions ours;
    ours.send = true;
    ours.calling = true;
    ours.ecm = false;
    ours.file = doc;
    const Call c = runCall(sock, {"--socket", sock, "--receive", got, "--ecm", "0"}, ours);
    tap.check(c.peerExit == 0 && has(c.peerJson, "\"success\":true") && has(c.peerJson, "\"pages\":3") &&
                  has(c.peerJson, "\"ecm\":false") && has(c.peerJson, "\"sending\":false"),
              "peer receives 3 pages (answering, no ECM): exit 0", c.peerJson);
    tap.check(c.ours.success && c.ours.pages == 3 && !c.ours.ecm, "the engine side sends them",
              dsp::faxResultJson(c.ours));
    const std::string cmp = test::compareDocuments(pages, test::readTiff(got, &err));
    tap.check(cmp.empty() && err.empty(), "the peer's file has our pixels", cmp + err);
  }
  {
    // We hang up 4 s into page 2.
    const std::string got = dir + "/dropped.tiff";
    dsp::FaxOptions ours;
    ours.send = true;
    ours.calling = true;
    ours.file = doc;
    const Call c = runCall(sock, {"--socket", sock, "--receive", got}, ours, 1);
    tap.check(c.peerExit == 1 && has(c.peerJson, "\"success\":false") && has(c.peerJson, "\"hangup\":true") &&
                  has(c.peerJson, format("\"code\":%d", 49)) && has(c.peerJson, "\"pages\":1"),
              "hangup in page 2: the peer reports the dropped call (T30_ERR_CALLDROPPED), 1 page, exit 1",
              c.peerJson);
    const auto kept = test::readTiff(got, &err);
    tap.check(kept.size() == 1 && test::compareDocuments({pages[0]}, kept).empty(),
              "the peer keeps the page it completed", err);
  }
  {
    std::string out;
    int code = reap(spawnPeer({"--socket", sock, "--send", dir + "/missing.tiff"}), &out);
    tap.check(code == 2 && has(out, "\"success\":false") && has(out, "missing.tiff: no such file"),
              "a missing document: exit 2 with the reason in JSON", out);
    out.clear();
    code = reap(spawnPeer({"--socket", dir + "/nobody.sock", "--send", doc}), &out);
    tap.check(code == 2 && has(out, "cannot connect"), "nothing listening: exit 2, \"cannot connect\"", out);
    out.clear();
    code = reap(spawnPeer({"--send", doc}), &out);
    tap.check(code == 2 && out.empty(), "no --socket: usage, exit 2", out);
    out.clear();
    code = reap(spawnPeer({"--socket", sock, "--send", doc, "--ecm", "yes"}), &out);
    tap.check(code == 2, "--ecm yes: usage, exit 2", out);
  }
  const int rc = tap.finish();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}
