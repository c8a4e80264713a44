// T.30 fax sessions back to back: two FaxSessions exchange 160-sample blocks
// through A-law (as the virtual cable carries a call), in simulated time.
//   - 3-page documents with and without ECM, at V.17 14400 and capped to
//     V.29 9600 and V.27ter 4800 (by the sender or by the receiver), with
//     either side calling, G4 and G3 sources at 204x196 and 204x98 dpi, 80-
//     and 160-sample blocks: the received TIFF holds the same pixels, both
//     results report success, pages, bit rate, ECM, resolution and the far
//     end's ident, and the events come in order;
//   - the page header line; 2400 bit/s by the receiver's cap;
//   - CNG from the calling side, CED from the answering side (checked with
//     our ProgressDetector on what each side puts on the line);
//   - failures end with the right T.30 code, never hang: the far end goes
//     silent mid-page (each direction), the far end is not a fax (silence),
//     abort() mid-transfer, bad documents and options refused by start();
//   - white noise at -40 dBm0 on both directions; a sweep (reported, not
//     asserted) shows the level at which transfers start to fail.
// Prints the CPU cost of a session in its data phase as channel-seconds per
// CPU-second.
//
// Usage: fax_session_test [--bench]   (--bench: only the CPU figures)
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "dsp/fax_report.h"
#include "dsp/fax_session.h"
#include "dsp/progress_detector.h"
#include "dsp/tone_zone.h"
#include "fax_test_line.h"
#include "fax_test_pages.h"
#include "tap.h"

// For the T30_ERR_* codes. spandsp.h expects libtiff's types first, and in
// C++ its telephony.h redefines lrint()/lrintf() as truncating casts: include
// it last and take the macros back.
#include <tiffio.h>
#include <spandsp.h>
#undef lrint
#undef lrintf

using namespace tl;
using tl::test::format;

namespace {

constexpr const char* kSenderIdent = "+86 10 6666 1234";
constexpr const char* kReceiverIdent = "+86 10 95588";

struct Documents {
  std::string dir;
  std::string fineG4;    // 3 pages, 204x196, T.6
  std::string standardG3;  // 3 pages, 204x98, T.4 2D
  std::vector<test::Bitmap> finePages;
  std::vector<test::Bitmap> standardPages;
};

Documents makeDocuments() {
  Documents d;
  char tmpl[] = "/tmp/tl-fax-XXXXXX";
  d.dir = mkdtemp(tmpl);
  d.fineG4 = d.dir + "/fine-g4.tiff";
  d.standardG3 = d.dir + "/standard-g3.tiff";
  for (uint32_t i = 0; i < 3; ++i) {
    d.finePages.push_back(test::makePage(100 + i, 196));
    d.standardPages.push_back(test::makePage(200 + i, 98));
  }
  std::string e = test::writeTiff(d.fineG4, d.finePages, COMPRESSION_CCITTFAX4);
  if (e.empty()) e = test::writeTiff(d.standardG3, d.standardPages, COMPRESSION_CCITTFAX3);
  if (!e.empty()) {
    std::fprintf(stderr, "%s\n", e.c_str());
    std::exit(2);
  }
  return d;
}

struct Transfer {
  std::string name;
  bool ecm = true;
  int senderMax = 14400;
  int receiverMax = 14400;
  bool senderCalls = true;
  bool fine = true;  // which document
  std::string headerInfo;
  test::LineOptions line;
  bool noiseGate = true;
};

struct Outcome {
  bool finished = false;
  dsp::FaxResult sent;
  dsp::FaxResult received;
  std::vector<dsp::FaxEvent> senderEvents;
  std::vector<dsp::FaxEvent> receiverEvents;
  std::string receivedFile;
  double lineSeconds = 0;
  double dataCpu[2] = {};  // process() CPU in the data phase: [0] sender, [1] receiver
  double dataSeconds[2] = {};
  std::vector<int16_t> senderAudio;  // the first 12 s each side sent
  std::vector<int16_t> receiverAudio;
};

Outcome runTransfer(const Documents& docs, const Transfer& t, bool captureAudio = false) {
  Outcome out;
  out.receivedFile = docs.dir + "/received.tiff";
  std::remove(out.receivedFile.c_str());
  dsp::FaxSession sender;
  dsp::FaxSession receiver;
  dsp::FaxOptions so;
  so.send = true;
  so.calling = t.senderCalls;
  so.file = t.fine ? docs.fineG4 : docs.standardG3;
  so.localIdent = kSenderIdent;
  so.headerInfo = t.headerInfo;
  so.ecm = t.ecm;
  so.maxBitRate = t.senderMax;
  dsp::FaxOptions ro;
  ro.send = false;
  ro.calling = !t.senderCalls;
  ro.file = out.receivedFile;
  ro.localIdent = kReceiverIdent;
  ro.ecm = t.ecm;
  ro.maxBitRate = t.receiverMax;
  so.noiseGate = ro.noiseGate = t.noiseGate;
  std::string error;
  if (!sender.start(so, &error) || !receiver.start(ro, &error)) {
    std::fprintf(stderr, "%s: start failed: %s\n", t.name.c_str(), error.c_str());
    return out;
  }
  test::FaxLine line(sender, receiver, t.line);
  line.log[0].capture = line.log[1].capture = captureAudio;
  out.finished = line.runUntil([&] { return line.bothFinished(); }, 1800);
  out.sent = sender.result();
  out.received = receiver.result();
  out.senderEvents = line.log[0].events;
  out.receiverEvents = line.log[1].events;
  out.lineSeconds = static_cast<double>(line.samples) / 8000.0;
  for (int i = 0; i < 2; ++i) {
    out.dataCpu[i] = line.log[i].dataCpu;
    out.dataSeconds[i] = static_cast<double>(line.log[i].dataSamples) / 8000.0;
  }
  out.senderAudio = std::move(line.log[0].sent);
  out.receiverAudio = std::move(line.log[1].sent);
  return out;
}

// "" if the events are phase B, then pages 1..n, then phase E (last).
std::string checkEvents(const std::vector<dsp::FaxEvent>& ev, int pages, int finalCode) {
  std::string all;
  for (const auto& e : ev) all += dsp::faxEventJson(e) + " ";
  if (ev.empty() || ev.front().kind != dsp::FaxEventKind::PhaseB) return "no phase B first: " + all;
  if (ev.back().kind != dsp::FaxEventKind::PhaseE || ev.back().code != finalCode) return "no phase E last: " + all;
  int page = 0;
  uint32_t lastMs = 0;
  for (size_t i = 1; i + 1 < ev.size(); ++i) {
    if (ev[i].kind == dsp::FaxEventKind::Page) {
      if (ev[i].pages != ++page) return "pages out of order: " + all;
    } else if (ev[i].kind != dsp::FaxEventKind::PhaseB) {
      return "unexpected event: " + all;
    }
    if (ev[i].lineMs < lastMs) return "time goes backwards: " + all;
    lastMs = ev[i].lineMs;
  }
  if (page != pages) return format("%d page events, expected %d: ", page, pages) + all;
  return "";
}

std::string resultText(const dsp::FaxResult& r) { return dsp::faxResultJson(r); }

void checkTransfer(test::Tap& tap, const Documents& docs, const Transfer& t, int expectRate) {
  const Outcome o = runTransfer(docs, t);
  const int yDpi = t.fine ? 196 : 98;
  const std::string both = "sender " + resultText(o.sent) + " receiver " + resultText(o.received);
  tap.check(o.finished && o.sent.success && o.received.success, t.name + ": both sides succeed", both);
  auto matches = [&](const dsp::FaxResult& r, const char* remote) {
    return r.pages == 3 && r.bitRate == expectRate && r.ecm == t.ecm && r.xRes == 204 && r.yRes == yDpi &&
           std::strcmp(r.remoteIdent, remote) == 0 && r.t30Code == T30_ERR_OK && std::strcmp(r.t30Text, "OK") == 0 &&
           r.durationMs > 0;
  };
  tap.check(matches(o.sent, kReceiverIdent) && o.sent.pagesInDocument == 3 && o.sent.sending,
            t.name + format(": sender reports 3 pages at %d bit/s, ECM %s, 204x%d dpi, CSI", expectRate,
                            t.ecm ? "on" : "off", yDpi),
            resultText(o.sent));
  tap.check(matches(o.received, kSenderIdent) && !o.received.sending,
            t.name + format(": receiver reports 3 pages at %d bit/s, ECM %s, 204x%d dpi, TSI", expectRate,
                            t.ecm ? "on" : "off", yDpi),
            resultText(o.received));
  std::string err;
  const auto got = test::readTiff(o.receivedFile, &err);
  const auto& want = t.fine ? docs.finePages : docs.standardPages;
  // spandsp's header line: 16 rows of its font, doubled at fine resolution.
  const uint32_t headerRows = t.headerInfo.empty() ? 0 : (t.fine ? 32 : 16);
  const std::string cmp = err.empty() ? test::compareDocuments(want, got, headerRows) : err;
  tap.check(cmp.empty(), t.name + ": received TIFF has the same pages, pixel for pixel", cmp);
  const std::string es = checkEvents(o.senderEvents, 3, T30_ERR_OK);
  const std::string er = checkEvents(o.receiverEvents, 3, T30_ERR_OK);
  tap.check(es.empty() && er.empty(), t.name + ": events phase B, page 1, 2, 3, phase E on both sides", es + er);
  tap.note("%s: %.1f s of line time", t.name.c_str(), o.lineSeconds);
  if (headerRows && got.size() == 3) {
    bool marked = true;
    for (const auto& page : got) {
      size_t black = 0;
      for (uint32_t y = 0; y < headerRows; ++y)
        for (uint32_t x = 0; x < page.width; ++x) black += page.at(x, y);
      marked = marked && black > 500;
    }
    tap.check(marked, t.name + ": every received page starts with the header line");
  }
}

void transfers(test::Tap& tap, const Documents& docs) {
  checkTransfer(tap, docs, {.name = "V.17 14400, ECM"}, 14400);
  checkTransfer(tap, docs, {.name = "V.17 14400, no ECM", .ecm = false}, 14400);
  checkTransfer(tap, docs, {.name = "V.29 9600 (sender capped), ECM", .senderMax = 9600}, 9600);
  checkTransfer(tap, docs, {.name = "V.29 9600 (receiver capped at 12000), no ECM", .ecm = false, .receiverMax = 12000},
                9600);
  checkTransfer(tap, docs, {.name = "V.27ter 4800 (receiver capped), ECM, G3 204x98 source", .receiverMax = 4800,
                            .fine = false},
                4800);
  checkTransfer(tap, docs, {.name = "V.27ter 4800 (sender capped at 7200), no ECM", .ecm = false, .senderMax = 7200},
                4800);
  checkTransfer(tap, docs, {.name = "answering sender, calling receiver, ECM", .senderCalls = false}, 14400);
  checkTransfer(tap, docs,
                {.name = "80-sample blocks, no ECM, G3 204x98", .ecm = false, .fine = false, .line = {.block = 80}},
                14400);
  checkTransfer(tap, docs, {.name = "page header line, ECM", .headerInfo = "TELLERLINE BANK FAX"}, 14400);
  checkTransfer(tap, docs, {.name = "V.27ter 2400 (receiver capped), ECM, G3 204x98", .receiverMax = 2400,
                            .fine = false},
                2400);
}

// --- tones -----------------------------------------------------------------

std::vector<dsp::ProgressHit> detectTones(const std::vector<int16_t>& audio) {
  const dsp::ToneZone* zone = dsp::findToneZone("cn");
  dsp::ProgressDetector det(*zone);
  std::vector<dsp::ProgressHit> out;
  dsp::ProgressHit hits[8];
  for (size_t pos = 0; pos + 160 <= audio.size(); pos += 160) {
    const size_t k = det.process(audio.data() + pos, 160, hits, 8);
    for (size_t i = 0; i < k; ++i) out.push_back(hits[i]);
  }
  return out;
}

bool hasStart(const std::vector<dsp::ProgressHit>& hits, dsp::ProgressTone tone) {
  for (const auto& h : hits) {
    if (h.tone == tone && h.start) return true;
  }
  return false;
}

std::string describe(const std::vector<dsp::ProgressHit>& hits) {
  std::string s;
  for (const auto& h : hits) s += format("%s %s; ", dsp::progressToneName(h.tone), h.start ? "start" : "stop");
  return s.empty() ? "(nothing)" : s;
}

void tones(test::Tap& tap, const Documents& docs) {
  for (bool senderCalls : {true, false}) {
    Transfer t;
    t.name = senderCalls ? "calling sender" : "calling receiver";
    t.senderCalls = senderCalls;
    const Outcome o = runTransfer(docs, t, true);
    const auto& callerAudio = senderCalls ? o.senderAudio : o.receiverAudio;
    const auto& answererAudio = senderCalls ? o.receiverAudio : o.senderAudio;
    const auto fromCaller = detectTones(callerAudio);
    const auto fromAnswerer = detectTones(answererAudio);
    tap.check(hasStart(fromCaller, dsp::ProgressTone::FaxCng) && !hasStart(fromCaller, dsp::ProgressTone::FaxCed),
              t.name + ": the calling side sends CNG (1100 Hz), not CED", describe(fromCaller));
    tap.check(hasStart(fromAnswerer, dsp::ProgressTone::FaxCed) && !hasStart(fromAnswerer, dsp::ProgressTone::FaxCng),
              t.name + ": the answering side sends CED (2100 Hz), not CNG", describe(fromAnswerer));
    tap.check(o.sent.success && o.received.success, t.name + ": and the fax goes through",
              resultText(o.sent) + resultText(o.received));
  }
}

// --- failures ----------------------------------------------------------------

struct FailureRun {
  bool finished = false;
  dsp::FaxResult sender;
  dsp::FaxResult receiver;
  std::vector<dsp::FaxEvent> senderEvents;
  std::vector<dsp::FaxEvent> receiverEvents;
  double cutAt = 0;  // line seconds at which the side went silent or aborted
  double endAt = 0;
};

enum class Cut { None, Silence, Abort };

// Side 0 sends, side 1 receives. `cut` happens to `side` at `cutAfter`
// seconds after the sender's first confirmed page (in page 2), or from the
// start if silentFromStart. The run ends when every side still fed has
// finished.
FailureRun runFailure(const Documents& docs, bool ecm, bool senderCalls, Cut cut, int side, bool silentFromStart,
                      const std::string& receivedFile,
                      std::function<void(int16_t*, size_t)> standIn = {}) {
  FailureRun out;
  dsp::FaxSession s[2];
  dsp::FaxOptions o[2];
  o[0].send = true;
  o[0].calling = senderCalls;
  o[0].file = docs.fineG4;
  o[0].localIdent = kSenderIdent;
  o[0].ecm = ecm;
  o[1].send = false;
  o[1].calling = !senderCalls;
  o[1].file = receivedFile;
  o[1].localIdent = kReceiverIdent;
  o[1].ecm = ecm;
  std::string error;
  if (!s[0].start(o[0], &error) || !s[1].start(o[1], &error)) return out;
  test::FaxLine line(s[0], s[1]);
  if (silentFromStart) line.alive[side] = false;
  line.standIn[side] = std::move(standIn);
  uint64_t cutSample = 0;
  bool cutDone = silentFromStart;
  out.finished = line.runUntil(
      [&] {
        if (!cutDone && cut != Cut::None) {
          if (!cutSample) {
            for (const auto& e : line.log[0].events) {
              if (e.kind == dsp::FaxEventKind::Page && e.pages == 1) cutSample = line.samples + 4 * 8000;
            }
          } else if (line.samples >= cutSample) {
            cutDone = true;
            out.cutAt = static_cast<double>(line.samples) / 8000.0;
            if (cut == Cut::Abort) {
              s[side].abort();
            } else {
              line.alive[side] = false;
            }
          }
        }
        return (!line.alive[0] || s[0].finished()) && (!line.alive[1] || s[1].finished());
      },
      900);
  out.endAt = static_cast<double>(line.samples) / 8000.0;
  out.sender = s[0].result();
  out.receiver = s[1].result();
  out.senderEvents = line.log[0].events;
  out.receiverEvents = line.log[1].events;
  return out;
}

bool endsWith(const std::vector<dsp::FaxEvent>& ev, int code) {
  return !ev.empty() && ev.back().kind == dsp::FaxEventKind::PhaseE && ev.back().code == code;
}

void silenceFailures(test::Tap& tap, const Documents& docs) {
  const std::string rx = docs.dir + "/failure.tiff";
  for (bool ecm : {true, false}) {
    const char* mode = ecm ? "ECM" : "no ECM";
    // The receiver goes silent in page 2: the sender finishes the page, asks
    // three times and gives up.
    FailureRun r = runFailure(docs, ecm, true, Cut::Silence, 1, false, rx);
    tap.check(r.finished && r.sender.t30Code == T30_ERR_TX_PHDDEAD && !r.sender.success && r.sender.pages == 1 &&
                  endsWith(r.senderEvents, T30_ERR_TX_PHDDEAD) &&
                  std::strcmp(r.sender.t30Text, "No response after sending a page") == 0,
              format("%s: receiver silent in page 2 -> sender ends with T30_ERR_TX_PHDDEAD, 1 page", mode),
              resultText(r.sender));
    tap.note("%s: receiver silent at %.1f s, sender gave up at %.1f s", mode, r.cutAt, r.endAt);
    // The sender goes silent in page 2: the receiver's T.30 timers run out.
    r = runFailure(docs, ecm, true, Cut::Silence, 0, false, rx);
    tap.check(r.finished && r.receiver.t30Code == T30_ERR_RETRYDCN && !r.receiver.success && r.receiver.pages == 1 &&
                  endsWith(r.receiverEvents, T30_ERR_RETRYDCN) &&
                  std::strcmp(r.receiver.t30Text, "Disconnected after permitted retries") == 0,
              format("%s: sender silent in page 2 -> receiver ends with T30_ERR_RETRYDCN, 1 page", mode),
              resultText(r.receiver));
    tap.note("%s: sender silent at %.1f s, receiver gave up at %.1f s", mode, r.cutAt, r.endAt);
    std::string err;
    const auto got = test::readTiff(rx, &err);
    const std::vector<test::Bitmap> first(docs.finePages.begin(), docs.finePages.begin() + 1);
    const std::string cmp = err.empty() ? test::compareDocuments(first, got) : err;
    tap.check(cmp.empty(), format("%s: the received file keeps the one complete page", mode), cmp);
  }

  // Not a fax at the far end: nothing but silence.
  struct NoFax {
    const char* name;
    bool senderCalls;
    int silentSide;  // the far end
    int code;
  };
  const NoFax cases[] = {
      {"calling sender, silent far end -> T30_ERR_T0_EXPIRED after 60 s", true, 1, T30_ERR_T0_EXPIRED},
      {"calling receiver, silent far end -> T30_ERR_T0_EXPIRED after 60 s", false, 0, T30_ERR_T0_EXPIRED},
      {"answering receiver, silent far end -> T30_ERR_RETRYDCN (DIS unanswered 3 times)", true, 0, T30_ERR_RETRYDCN},
      {"answering sender, silent far end -> T30_ERR_RETRYDCN (DIS unanswered 3 times)", false, 1, T30_ERR_RETRYDCN},
  };
  for (const NoFax& c : cases) {
    std::remove(rx.c_str());
    const FailureRun r = runFailure(docs, true, c.senderCalls, Cut::None, c.silentSide, true, rx);
    const dsp::FaxResult& res = c.silentSide == 1 ? r.sender : r.receiver;
    const auto& ev = c.silentSide == 1 ? r.senderEvents : r.receiverEvents;
    const bool timeOk = c.code == T30_ERR_T0_EXPIRED ? std::fabs(res.durationMs - 60000) <= 200 : res.durationMs < 60000;
    tap.check(r.finished && res.t30Code == c.code && res.pages == 0 && timeOk && ev.size() == 1 &&
                  endsWith(ev, c.code) && res.bitRate == 0 && res.remoteIdent[0] == '\0',
              c.name, resultText(res));
    tap.note("%s: ended after %.1f s", c.name, res.durationMs / 1000.0);
    struct stat st{};
    if (c.silentSide == 0) tap.check(::stat(rx.c_str(), &st) != 0, std::string(c.name) + ": no received file left");
  }
}

// Music on the line instead of a fax: two voices, a note every 300 ms with
// no pause, about -15 dBm0 in all.
class Music {
 public:
  void operator()(int16_t* out, size_t n) {
    static constexpr double kNotes[] = {262, 294, 330, 349, 392, 440, 494, 523};
    const double a = dsp::dbm0ToSineAmplitude(-18);
    for (size_t i = 0; i < n; ++i, ++t_) {
      const size_t note = (t_ / 2400) % 8;
      const double f1 = kNotes[note];
      const double f2 = kNotes[(note * 5 + 3) % 8] * 2;
      p1_ += 2 * M_PI * f1 / 8000;
      p2_ += 2 * M_PI * f2 / 8000;
      out[i] = static_cast<int16_t>(a * (std::sin(p1_) + std::sin(p2_)));
    }
  }

 private:
  uint64_t t_ = 0;
  double p1_ = 0;
  double p2_ = 0;
};

void musicFailures(test::Tap& tap, const Documents& docs) {
  const std::string rx = docs.dir + "/music.tiff";
  // Answering: CED and DIS go out, the "answer" never stops; spandsp would
  // wait forever to repeat its DIS. Calling: T.30's T0 runs out.
  struct Case {
    const char* name;
    bool senderCalls;
    int musicSide;
    int code;
    double maxSeconds;
  };
  const Case cases[] = {
      {"answering receiver hears music -> T30_ERR_HDLC_CARRIER, no hang", true, 0, T30_ERR_HDLC_CARRIER, 40},
      {"answering sender hears music -> T30_ERR_HDLC_CARRIER, no hang", false, 1, T30_ERR_HDLC_CARRIER, 40},
      {"calling sender hears music -> T30_ERR_T0_EXPIRED", true, 1, T30_ERR_T0_EXPIRED, 61},
  };
  for (const Case& c : cases) {
    std::remove(rx.c_str());
    const FailureRun r = runFailure(docs, true, c.senderCalls, Cut::None, c.musicSide, true, rx, Music());
    const dsp::FaxResult& res = c.musicSide == 1 ? r.sender : r.receiver;
    tap.check(r.finished && res.t30Code == c.code && res.durationMs <= c.maxSeconds * 1000 && res.pages == 0, c.name,
              resultText(res));
    tap.note("%s: ended after %.1f s (%s)", c.name, res.durationMs / 1000.0, res.t30Text);
  }
}

void abortFailures(test::Tap& tap, const Documents& docs) {
  const std::string rx = docs.dir + "/aborted.tiff";
  for (int side : {0, 1}) {
    for (bool ecm : {true, false}) {
      const char* who = side == 0 ? "sender" : "receiver";
      const char* mode = ecm ? "ECM" : "no ECM";
      std::remove(rx.c_str());
      const FailureRun r = runFailure(docs, ecm, true, Cut::Abort, side, false, rx);
      const dsp::FaxResult& res = side == 0 ? r.sender : r.receiver;
      const auto& ev = side == 0 ? r.senderEvents : r.receiverEvents;
      tap.check(r.finished && res.t30Code == T30_ERR_CALLDROPPED && !res.success && res.pages == 1 &&
                    endsWith(ev, T30_ERR_CALLDROPPED) && std::abs(res.durationMs - r.cutAt * 1000) < 21 &&
                    std::strcmp(res.t30Text, "The call dropped prematurely") == 0,
                format("%s: abort() of the %s in page 2 -> T30_ERR_CALLDROPPED at once, 1 page", mode, who),
                resultText(res));
      // The far end is still connected to a now-silent line: it times out.
      const dsp::FaxResult& far = side == 0 ? r.receiver : r.sender;
      tap.check(r.finished && !far.success && far.t30Code > 0, format("%s: the far end gives up by itself", mode),
                resultText(far));
      if (side == 1) {
        std::string err;
        const auto got = test::readTiff(rx, &err);
        const std::vector<test::Bitmap> first(docs.finePages.begin(), docs.finePages.begin() + 1);
        const std::string cmp = err.empty() ? test::compareDocuments(first, got) : err;
        tap.check(cmp.empty(), format("%s: the aborted receiver's file holds page 1, complete", mode), cmp);
      }
    }
  }

  // After phase E: no more events, silence out, abort() has no effect.
  dsp::FaxSession s;
  dsp::FaxOptions o;
  o.send = true;
  o.calling = true;
  o.file = docs.fineG4;
  std::string error;
  s.start(o, &error);
  int16_t rx160[160] = {};
  int16_t tx160[160];
  for (int i = 0; i < 50; ++i) s.process(rx160, tx160, 160);
  s.abort();
  dsp::FaxEvent ev[4];
  const size_t n1 = s.takeEvents(ev, 4);
  const dsp::FaxResult first = s.result();
  s.abort();
  std::fill(tx160, tx160 + 160, int16_t{1234});
  s.process(rx160, tx160, 160);
  bool silent = true;
  for (int16_t v : tx160) silent = silent && v == 0;
  const size_t n2 = s.takeEvents(ev, 4);
  tap.check(n1 == 1 && s.finished() && first.t30Code == T30_ERR_CALLDROPPED && n2 == 0 && silent &&
                s.result().durationMs == first.durationMs && first.durationMs == 1000,
            "after phase E: silence out, no more events, a second abort() changes nothing",
            resultText(first));
}

// --- start() refusals ------------------------------------------------------------

void startFailures(test::Tap& tap, const Documents& docs) {
  auto refused = [&](const std::string& name, const dsp::FaxOptions& o, const std::string& mustContain) {
    dsp::FaxSession s;
    std::string error;
    const bool ok = s.start(o, &error);
    int16_t rx[160] = {};
    int16_t tx[160];
    std::fill(tx, tx + 160, int16_t{77});
    s.process(rx, tx, 160);
    bool silent = true;
    for (int16_t v : tx) silent = silent && v == 0;
    tap.check(!ok && error.find(mustContain) != std::string::npos && !s.started() && !s.finished() && silent &&
                  s.result().t30Code == -1,
              "start() refuses " + name, error);
    tap.note("%s: \"%s\"", name.c_str(), error.c_str());
  };
  dsp::FaxOptions send;
  send.send = true;
  send.calling = true;
  const std::string missing = docs.dir + "/no-such.tiff";
  send.file = missing;
  refused("a missing file", send, missing + ": no such file");
  const std::string text = docs.dir + "/not-a-tiff.tiff";
  std::ofstream(text) << "this is a letter, not an image\n";
  send.file = text;
  refused("a file that is not a TIFF", send, text + ": not a TIFF file");
  // A real document cut in half: the header is fine, page data is missing.
  const std::string truncated = docs.dir + "/truncated.tiff";
  {
    std::ifstream in(docs.fineG4, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Keep the header and the first directory's data, cut into page 1's strip.
    std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 5);
  }
  send.file = truncated;
  refused("a truncated TIFF", send, truncated + ": ");
  const std::string gray = docs.dir + "/gray.tiff";
  {
    TIFF* t = TIFFOpen(gray.c_str(), "w");
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, 1728);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, 10);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(t, TIFFTAG_XRESOLUTION, 204.0f);
    TIFFSetField(t, TIFFTAG_YRESOLUTION, 196.0f);
    std::vector<uint8_t> row(1728, 128);
    for (uint32_t y = 0; y < 10; ++y) TIFFWriteScanline(t, row.data(), y, 0);
    TIFFClose(t);
  }
  send.file = gray;
  refused("an 8-bit grey image", send, "1 bit per pixel");
  const std::string narrow = docs.dir + "/narrow.tiff";
  test::writeTiff(narrow, {test::makePage(5, 196, 0.1, 1000)});
  send.file = narrow;
  refused("a page 1000 pixels wide", send, "page 1 is 1000 pixels wide");
  const std::string dpi300 = docs.dir + "/dpi300.tiff";
  {
    test::Bitmap page = test::makePage(6, 196, 0.1);
    page.yDpi = 300;
    test::writeTiff(dpi300, {page});
  }
  send.file = dpi300;
  refused("a page at 204x300 dpi", send, "204x300 dpi");
  send.file = docs.dir;
  refused("a directory to send", send, "not a regular file");
  send.file = docs.fineG4;
  send.maxBitRate = 2400;
  refused("sending with maxBitRate 2400", send, "only be used to receive");
  send.maxBitRate = 5000;
  refused("maxBitRate 5000", send, "not one of");
  send.maxBitRate = 14400;
  send.localIdent = "+86 10 1234 5678 9012 345";
  refused("an ident of 25 characters", send, "at most 20");
  send.localIdent = "";
  send.headerInfo = std::string(51, 'X');
  refused("a header of 51 characters", send, "at most 50");
  send.headerInfo = "";
  dsp::FaxOptions recv;
  recv.file = docs.dir + "/no-such-dir/in.tiff";
  refused("receiving into a missing directory", recv, "does not exist");
  recv.file = "";
  refused("receiving without a file", recv, "no file");

  // A refused start() can be followed by a good one; a second start() is refused.
  dsp::FaxSession s;
  std::string error;
  dsp::FaxOptions bad = send;
  bad.file = missing;
  const bool first = s.start(bad, &error);
  const bool second = s.start(send, &error);
  std::string again;
  const bool third = s.start(send, &again);
  tap.check(!first && second && !third && again.find("already") != std::string::npos && s.started(),
            "start() after a refusal works; a second start() is refused", again);
}

// --- noise and level ----------------------------------------------------------

// Successes (both sides, all pages) out of `runs` seeds.
int successes(const Documents& docs, Transfer t, int runs) {
  int ok = 0;
  for (int seed = 1; seed <= runs; ++seed) {
    t.line.seed = static_cast<uint32_t>(seed * 7919);
    const Outcome o = runTransfer(docs, t);
    ok += o.finished && o.sent.success && o.received.success && o.received.pages == 3;
  }
  return ok;
}

void noise(test::Tap& tap, const Documents& docs) {
  // Asserted: white noise at -40 dBm0 on both directions, with the noise
  // gate, at V.29 9600. (spandsp 0.0.6's V.17 and V.27ter receivers are not
  // reliable in such noise, nor V.17 at some plain levels: the figures
  // below say how often they fail.)
  checkTransfer(tap, docs,
                {.name = "-40 dBm0 noise both ways, V.29 9600, ECM", .senderMax = 9600,
                 .line = {.noiseDbm0 = -40, .seed = 7}},
                9600);
  {
    // Without ECM noise may spoil rows (T.4 has no retransmission): all
    // pages arrive, each close to the original.
    Transfer t{.name = "-40 dBm0 noise both ways, V.29 9600, no ECM", .ecm = false, .senderMax = 9600,
               .line = {.noiseDbm0 = -40, .seed = 9}};
    const Outcome o = runTransfer(docs, t);
    std::string err;
    const auto got = test::readTiff(o.receivedFile, &err);
    bool close = got.size() == 3;
    size_t diff = 0;
    for (size_t p = 0; close && p < 3; ++p) {
      const auto& a = docs.finePages[p];
      const auto& b = got[p];
      close = b.width == a.width && b.length + 20 >= a.length && b.length <= a.length + 20;
      for (uint32_t y = 0; close && y < std::min(a.length, b.length); ++y)
        for (uint32_t x = 0; x < a.width; ++x) diff += a.at(x, y) != b.at(x, y);
    }
    close = close && diff < 0.01 * 3 * 1728 * 2286;
    tap.check(o.sent.success && o.received.success && o.received.pages == 3 && o.received.bitRate == 9600 && close,
              t.name + ": 3 pages, under 1% of pixels spoilt", resultText(o.received) + format(" %zu pixels differ", diff));
    tap.note("%s: %zu pixels differ of %d", t.name.c_str(), diff, 3 * 1728 * 2286);
  }
  {
    // Without the gate, -40 dBm0 holds spandsp's V.21 carrier detector on:
    // T.30 waits for the line to clear with no timer running. The session's
    // own watchdog ends the call instead of hanging.
    Transfer t{.name = "-40 dBm0 noise, noise gate off", .senderMax = 9600, .line = {.noiseDbm0 = -40, .seed = 7},
               .noiseGate = false};
    const Outcome o = runTransfer(docs, t);
    const bool oneStalled = o.sent.t30Code == T30_ERR_HDLC_CARRIER || o.received.t30Code == T30_ERR_HDLC_CARRIER;
    tap.check(o.finished && !o.sent.success && !o.received.success && oneStalled && o.lineSeconds < 90,
              t.name + ": the session gives up (T30_ERR_HDLC_CARRIER) instead of hanging",
              resultText(o.sent) + resultText(o.received));
    tap.note("%s: ended after %.1f s: %s / %s", t.name.c_str(), o.lineSeconds, o.sent.t30Text, o.received.t30Text);
  }

  // Reported only: success rates over 4 noise seeds per level, and over
  // levels (loss) without noise, ECM, V.17 against V.29.
  constexpr int kRuns = 4;
  auto modem = [](int cap) { return cap == 14400 ? "V.17 14400" : cap == 9600 ? "V.29 9600" : "V.27ter 4800"; };
  for (int cap : {14400, 9600, 4800}) {
    std::string text;
    for (double level : {-60.0, -50.0, -45.0, -40.0, -36.0}) {
      Transfer t{.receiverMax = cap, .line = {.noiseDbm0 = level}};
      text += format("%.0f dBm0 %d/%d; ", level, successes(docs, t, kRuns), kRuns);
    }
    tap.note("noise both ways, %s, ECM, gate on: %s", modem(cap), text.c_str());
  }
  for (int cap : {14400, 9600, 4800}) {
    std::string text;
    for (double loss : {0.0, 6.0, 12.0, 14.0, 18.0, 22.0, 26.0, 30.0}) {
      Transfer t{.receiverMax = cap, .line = {.attenuationDb = loss}};
      text += format("%.0f dB %s; ", loss, successes(docs, t, 1) ? "ok" : "FAIL");
    }
    tap.note("line loss both ways (sent at -14 dBm0), no noise, %s, ECM: %s", modem(cap), text.c_str());
  }
}

// --- CPU ---------------------------------------------------------------------

void cpu(test::Tap& tap, const Documents& docs, int runs) {
  double cpuSum[2] = {};
  double lineSum[2] = {};
  for (int i = 0; i < runs; ++i) {
    Transfer t;
    t.name = "cpu";
    t.ecm = i % 2 == 0;
    const Outcome o = runTransfer(docs, t);
    for (int side = 0; side < 2; ++side) {
      cpuSum[side] += o.dataCpu[side];
      lineSum[side] += o.dataSeconds[side];
    }
  }
  double perCpuSecond[2];
  for (int side = 0; side < 2; ++side) {
    perCpuSecond[side] = cpuSum[side] > 0 ? lineSum[side] / cpuSum[side] : 0;
    tap.note("fax session %s, data phase (phase B to E): %.0f channel-seconds per CPU-second "
             "(%.1f s of line, %.3f s CPU; V.17 14400, ECM and not)",
             side == 0 ? "sending" : "receiving", perCpuSecond[side], lineSum[side], cpuSum[side]);
  }
  std::printf("fax-native: send_channels_per_core=%.0f receive_channels_per_core=%.0f\n", perCpuSecond[0],
              perCpuSecond[1]);
  tap.check(perCpuSecond[0] > 0 && perCpuSecond[1] > 0, "CPU time measured");
}

}  // namespace

int main(int argc, char** argv) {
  const bool bench = argc > 1 && std::strcmp(argv[1], "--bench") == 0;
  const Documents docs = makeDocuments();
  test::Tap tap;
  if (bench) {
    cpu(tap, docs, 6);
  } else {
    transfers(tap, docs);
    tones(tap, docs);
    silenceFailures(tap, docs);
    musicFailures(tap, docs);
    abortFailures(tap, docs);
    startFailures(tap, docs);
    noise(tap, docs);
    cpu(tap, docs, 2);
  }
  const int rc = tap.finish();
  std::error_code ec;
  std::filesystem::remove_all(docs.dir, ec);
  return rc;
}
