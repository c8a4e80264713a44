// An external fax machine for the engine's --audio-socket: connects to a
// Unix stream socket that carries a call's audio as raw 8 kHz A-law, 160
// bytes (20 ms) per frame in both directions, in lockstep -- the engine
// writes one frame, then waits for one frame back -- and sends or receives a
// fax over it with a FaxSession.
//
// Usage:
//   fax_socket_peer --socket <path> (--send <file.tiff> | --receive <file.tiff>)
//                   [--calling] [--ecm 0|1] [--ident <text>] [--max-rate <bit/s>]
//                   [--max-seconds <line seconds>]
//   --calling      we are the calling party (send CNG); default: answering (CED)
//   --ecm          error correction mode, default 1
//   --ident        our TSI/CSI, default "TELLERLINE PEER"
//   --max-rate     14400 (default), 12000, 9600, 7200, 4800, 2400 (receive only)
//   --max-seconds  give up after this much line time (default 1800)
//
// Output: one JSON line on stdout, the FaxResult (fax_report.h) plus
// "frames" (frames exchanged) and "hangup" (true if the socket closed before
// phase E), or {"success":false,"error":"..."} when the fax never started.
// Exit status: 0 the fax succeeded; 1 it failed (T.30 result in the JSON);
// 2 bad arguments, unusable file or no connection.
//
// The peer answers every frame it reads with exactly one frame; it stops
// reading when its fax reaches phase E (the engine then sees the socket
// close) or the engine closes the socket (a hangup: the fax is aborted).
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "dsp/fax_report.h"
#include "dsp/fax_session.h"
#include "dsp/g711.h"

using namespace tl;

namespace {

constexpr size_t kFrame = 160;

void usage(const char* why) {
  std::fprintf(stderr,
               "fax_socket_peer: %s\n"
               "usage: fax_socket_peer --socket <path> (--send <file.tiff> | --receive <file.tiff>) [--calling]\n"
               "                       [--ecm 0|1] [--ident <text>] [--max-rate <bit/s>] [--max-seconds <n>]\n",
               why);
}

std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

int fail(const std::string& error) {
  std::printf("{\"success\":false,\"error\":%s}\n", jsonString(error).c_str());
  return 2;
}

// Reads exactly n bytes; false on end of stream or error.
bool readFull(int fd, uint8_t* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, buf + got, n - got);
    if (r > 0) {
      got += static_cast<size_t>(r);
    } else if (r == 0 || errno != EINTR) {
      return false;
    }
  }
  return true;
}

bool writeFull(int fd, const uint8_t* buf, size_t n) {
  size_t put = 0;
  while (put < n) {
    const ssize_t w = ::write(fd, buf + put, n - put);
    if (w > 0) {
      put += static_cast<size_t>(w);
    } else if (w < 0 && errno != EINTR) {
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string socketPath;
  dsp::FaxOptions options;
  options.localIdent = "TELLERLINE PEER";
  bool haveFile = false;
  long maxSeconds = 1800;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        usage((std::string(name) + " needs a value").c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (arg == "--socket") {
      socketPath = value("--socket");
    } else if (arg == "--send" || arg == "--receive") {
      if (haveFile) {
        usage("give one of --send and --receive");
        return 2;
      }
      options.send = arg == "--send";
      options.file = value(arg.c_str());
      haveFile = true;
    } else if (arg == "--calling") {
      options.calling = true;
    } else if (arg == "--ecm") {
      const std::string v = value("--ecm");
      if (v != "0" && v != "1") {
        usage("--ecm takes 0 or 1");
        return 2;
      }
      options.ecm = v == "1";
    } else if (arg == "--ident") {
      options.localIdent = value("--ident");
    } else if (arg == "--max-rate") {
      options.maxBitRate = std::atoi(value("--max-rate"));
    } else if (arg == "--max-seconds") {
      maxSeconds = std::atol(value("--max-seconds"));
    } else {
      usage(("unknown argument " + arg).c_str());
      return 2;
    }
  }
  if (socketPath.empty() || !haveFile) {
    usage(socketPath.empty() ? "--socket is required" : "give --send or --receive");
    return 2;
  }

  dsp::FaxSession session;
  std::string error;
  if (!session.start(options, &error)) return fail(error);

  // A closed socket shows up as EPIPE on write, not as a signal.
  ::signal(SIGPIPE, SIG_IGN);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (socketPath.size() >= sizeof addr.sun_path) return fail(socketPath + ": socket path too long");
  std::memcpy(addr.sun_path, socketPath.c_str(), socketPath.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const std::string why = std::strerror(errno);
    session.abort();
    return fail(socketPath + ": cannot connect: " + why);
  }

  uint8_t in[kFrame];
  uint8_t out[kFrame];
  int16_t rx[kFrame];
  int16_t tx[kFrame];
  uint64_t frames = 0;
  const uint64_t maxFrames = static_cast<uint64_t>(maxSeconds) * 8000 / kFrame;
  bool hangup = false;
  while (!session.finished()) {
    if (frames >= maxFrames) {
      session.abort();
      break;
    }
    if (!readFull(fd, in, kFrame)) {
      hangup = true;
      session.abort();
      break;
    }
    dsp::alawDecode(in, rx, kFrame);
    session.process(rx, tx, kFrame);
    dsp::alawEncode(tx, out, kFrame);
    ++frames;
    if (!writeFull(fd, out, kFrame)) {
      hangup = true;
      session.abort();
      break;
    }
  }
  ::close(fd);

  const dsp::FaxResult result = session.result();
  std::string json = dsp::faxResultJson(result);
  json.pop_back();  // '}'
  json += ",\"frames\":" + std::to_string(frames) + ",\"hangup\":" + (hangup ? "true" : "false") + "}";
  std::printf("%s\n", json.c_str());
  return result.success ? 0 : 1;
}
